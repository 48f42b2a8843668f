// Package pipeline is rehash's deduplication as an Apache Beam pipeline,
// for corpora larger than one machine. It gives the same clusters, pairs
// and kept set as `rehash dedup` (package dedup) on the same input and
// options: every per-document step (decoding by package ingest;
// normalization, shingles, sketch, band keys by signature.Analyzer) is the
// CLI's code, verification is verify.Compare
// and the keep policy is cluster.Representatives, so the two cannot drift.
//
//	p, s := beam.NewPipelineWithRoot()
//	if err := pipeline.Build(s, &pipeline.Options{Inputs: files, Output: dir}); err != nil { ... }
//	res, err := beamx.RunWithMetrics(ctx, p)
//
// The stages, each a shuffle (GroupByKey) in Beam terms:
//
//  1. Read: every input file is read whole by one worker (ingest.ReadFile), its
//     records numbered; a document's position is its ordinal
//     file<<40 | record, so input order survives the shuffles. Bad records
//     are skipped (counted in metrics, written to dead-letter shards) or
//     fail the job, as --on-error says.
//  2. Exact: documents grouped by their 128-bit content hash; the first of
//     each text (smallest ordinal) owns it, the others become exact pairs.
//  3. Bands: owners' band keys grouped by (band, key); every bucket gives
//     its pairs (at most MaxBucket-1 partners a member when MaxBucket is
//     set, as lsh.Candidates does), deduplicated by a second grouping.
//  4. Verify: each candidate is joined with both shingle sets and kept
//     when the exact Jaccard similarity reaches the threshold. With
//     SecondRead the sets are rebuilt by reading the candidates' files
//     again instead of being shuffled for every document. With the
//     template check (dedup.Options.Templates, the CLI's default merge)
//     the verified pairs' documents are read again and aligned by
//     package evidence, as dedup does, to mark templates.
//  5. Components: alternating large-star and small-star rounds (Kiveris
//     et al., "Connected Components in MapReduce and Beyond", 2014),
//     unrolled Rounds times; a last stage checks that the graph became a
//     forest of stars and fails the job if not, naming the option to raise.
//  6. Keep: members grouped by component; the policy picks the kept one;
//     each member's similarity to it is measured on the exact sets.
//  7. Write: lines grouped by output shard, sorted, written under fixed
//     names (kind-FILE-BLOCK.jsonl) whose name order is input order, so
//     that concatenating them gives the CLI's files byte for byte.
//
// Cost: the read stage holds one record at a time; every document's
// shingle set (8 bytes a distinct shingle) crosses one shuffle, and each
// candidate pair's two sets cross another. docs/scale.md has the measured
// bytes per document and the plan for a billion documents.
package pipeline
