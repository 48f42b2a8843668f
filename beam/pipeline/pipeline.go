package pipeline

import (
	"context"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/rehashdev/rehash/dedup"
)

func init() {
	beam.RegisterFunction(fileKeyFn)
}

func fileKeyFn(f fileRef) (int, fileRef) { return f.Index, f }

// Build adds the deduplication of o.Inputs to the pipeline under s. The
// inputs are listed now, once; a local output directory is created now.
// Running the pipeline writes, under o.Output, shards named
// KIND-FILE-BLOCK.jsonl for the kinds clusters, pairs and deadletter (and
// dedup-FILE.jsonl or dedup-FILE.parquet with DedupOut), each sorted;
// Merge concatenates a kind's shards into the file `rehash dedup` writes
// (CopyParquet copies the one Parquet shard).
//
// Metrics, in namespace "rehash": records, docs, bytes_read,
// skipped_REASON, exact_duplicates, bucket_pairs, candidate_pairs,
// verified_pairs, similarity_pairs (members measured against a kept
// document they were not verified with), clusters, capped_buckets,
// reread_docs (with SecondRead), and shuffle_bytes_STAGE: the
// bytes each stage hands to a shuffle as this package's coders encode
// them (keys at 8 bytes an integer, or their length plus one for
// strings), before any runner framing or compression.
func Build(s beam.Scope, opts *Options) error {
	ctx := context.Background()
	o, cfg, err := opts.withDefaults()
	if err != nil {
		return err
	}
	files, err := expand(ctx, o.Inputs)
	if err != nil {
		return err
	}
	if !remote(o.Output) {
		if err := os.MkdirAll(o.Output, 0o755); err != nil {
			return err
		}
	}
	refs := make([]any, len(files))
	for i, f := range files {
		refs[i] = f
	}
	in := beam.Create(s.Scope("inputs"), refs...)
	// Reshuffle spreads the files over workers: without it a runner may
	// fuse the whole read into the one bundle that Create makes.
	in = beam.Reshuffle(s, in)

	rs := s.Scope("read")
	byHash, sets, dead := beam.ParDo3(rs, &readFn{Cfg: cfg, NoSets: o.SecondRead}, in)
	byFile := beam.ParDo(s, fileKeyFn, in)

	es := s.Scope("exact")
	nodes, bands, exactPairs := beam.ParDo3(es, exactFn, beam.GroupByKey(es, byHash))

	cs := s.Scope("candidates")
	bucketPairs := beam.ParDo(cs, &bucketFn{MaxBucket: o.MaxBucket}, beam.GroupByKey(cs, bands))
	cands := beam.ParDo(cs, &firstKeyFn{Counter: "candidate_pairs"}, beam.GroupByKey(cs, bucketPairs))

	if o.SecondRead {
		sets = reread(s, byFile, cands, cfg)
	}
	scores, candSets := joinSets(s, "verify", sets, cands)
	vs := s.Scope("verify")
	edges, verified, checks := beam.ParDo3(vs, &verifyFn{Threshold: cfg.Params.Threshold, MergeContained: cfg.MergeContained,
		Templates: cfg.Templates != string(dedup.TemplatesOff)}, scores)
	if cfg.Templates != string(dedup.TemplatesOff) {
		edges, verified = templates(s, byFile, checks, cfg)
	}

	labels := components(s, edges, o.Rounds)

	ks := s.Scope("keep")
	byComp := beam.ParDo(ks, componentFn, beam.CoGroupByKey(ks, nodes, labels))
	lines, measure, kept := beam.ParDo3(ks, &keepFn{Keep: cfg.Keep}, beam.GroupByKey(ks, byComp))
	simKeys := beam.ParDo(ks, &firstKeyFn{Counter: "similarity_pairs"}, beam.GroupByKey(ks, beam.ParDo(ks, keyOnlyFn, measure)))
	sims, _ := joinSets(s, "similarity", candSets, simKeys)
	simLines := beam.ParDo(ks, similarityFn, beam.CoGroupByKey(ks, measure, sims))

	ws := s.Scope("write")
	all := beam.Flatten(ws, lines, simLines, exactPairs, verified, dead)
	beam.ParDo0(ws, &writeFn{Dir: o.Output}, beam.GroupByKey(ws, all))
	if o.DedupOut {
		beam.ParDo0(ws, &keptFn{Cfg: cfg, Dir: o.Output}, beam.CoGroupByKey(ws, byFile, kept))
	}
	return nil
}
