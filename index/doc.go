// Package index is the persistent, incremental form of the dedup pipeline:
// an on-disk store of documents' shingle sets and LSH band keys that grows
// and shrinks one document at a time and answers "have we seen this text
// before?" with exactly verified scores.
//
//	ix, err := index.Open("news.idx", nil)
//	if err != nil { ... }
//	defer ix.Close()
//	_, err = ix.Add(ctx, index.Doc{ID: "a1", Text: body})
//	matches, err := ix.Query(ctx, otherBody, nil)
//	for _, m := range matches { fmt.Println(m.ID, m.Jaccard) }
//	res, err := ix.Search(ctx, otherBody, &index.QueryOptions{Reuse: true})
//	for _, l := range res.Links { fmt.Println(l.B, l.Relation, len(l.Passages)) }
//
// Documents are analyzed by signature.Analyzer, the analysis the batch
// pipeline (package dedup) uses too, so adding a corpus one document at a
// time and querying each gives the pairs and clusters that `rehash dedup`
// gives over the same corpus. The index imports neither dedup nor the
// input readers.
//
// Near-duplicates are found through LSH band keys and verified on the
// exact shingle sets. Reuse links (QueryOptions.Reuse) find what band keys
// cannot: a short text quoting a sentence or two of a long one, at any
// Jaccard similarity. Each document stores winnowed 8-word n-gram hashes
// ("anchors", see anchors.go) as posting keys and its text, compressed;
// a query gathers the documents sharing anchors with it, skipping anchors
// so common that they are boilerplate, and aligns the best of them with
// package evidence, returning rehash.Link values with passage spans.
//
// The store is Pebble, an LSM tree: every Add is one atomic batch (record,
// band postings, order entry) committed with a synced write-ahead log, so a
// document acknowledged by Add survives a crash and no half-written
// document is ever visible. Concurrent Adds share WAL syncs (group commit).
// The format is specified in format.go.
//
// Cost: a Query is one seek per band (skipped by bloom filters when the
// band key is absent) plus one point read and one exact set comparison per
// candidate; reuse adds one seek per anchor (about one per 8 words) and an
// alignment per candidate aligned. An Add costs the analysis of its text
// and one synced batch, shared with concurrent Adds.
//
// An Index is safe for concurrent use by many readers and writers.
package index
