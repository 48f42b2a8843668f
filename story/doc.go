// Package story groups documents into the news stories they report, with
// their near-duplicate clusters nested inside: a copy is always in its
// original's story.
//
//	res, err := story.Run(ctx, []string{"news.jsonl.gz"}, nil)
//	if err != nil { ... }
//	defer res.Dedup.Close()
//	res.WriteDocs(os.Stdout)    // id, story, cluster, labels
//	res.WriteStories(os.Stdout) // size, dates, sites, labels, earliest, clusters
//
// The method is online story clustering in the spirit of topic detection
// and tracking: documents arrive in date order, and each joins the open
// story it is most similar to, or starts one.
//
//   - A document is a bag of words (Analyzer): lower-cased, plurals off,
//     stopwords out; a word counts more in the title and the lead, and
//     more again when it is a name or a number (a capital letter away
//     from the start of a sentence, a digit), since names, places and
//     numbers tell one event from another of the same kind.
//   - Weights are sublinear tf times idf (Weigh), the vector cut to its
//     heaviest DocTerms terms and scaled to unit length. Run computes idf
//     over the whole input, counting each distinct text once.
//   - A story is the sum of its documents' vectors. A document joins the
//     story whose centroid it has the highest cosine with, if that reaches
//     the threshold; two stories whose centroids reach it merge.
//   - Candidate stories come from an inverted index over each open story's
//     heaviest terms, never from all pairs (Clusterer).
//   - A story closes when no document has joined it for Options.Window,
//     and is then handed over and forgotten: the clusterer's memory is
//     bounded by the open stories.
//   - The default threshold is measured on the input: the 99th percentile
//     of the similarity of a document to random "stories" of the same size
//     (threshold.go).
//
// Run wires it to the batch pipeline: one read of the inputs (package
// dedup, whose Options.Inspect builds the bags on its workers), near-
// duplicate clusters placed as units at their earliest member, dates from
// the metadata or a named JSON field. Output does not depend on the
// number of workers. Package score measures the result against labels,
// and Evaluate sets it next to a TF-IDF single-link baseline.
package story
