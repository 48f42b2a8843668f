package signature

import "flag"

// Flags binds the parameters to fs under the names they have in JSON and
// in every command (--threshold, --shingle, --seed and, with banding,
// --slots, --bands, --rows), each with its default. Call it before fs is
// parsed; it sets the fields to their defaults (Bands and Rows to zero:
// chosen from the threshold). A command that only reads an index's
// stored parameters leaves banding out.
func (p *Params) Flags(fs *flag.FlagSet, banding bool) {
	fs.Float64Var(&p.Threshold, "threshold", DefaultThreshold, "Jaccard similarity at or above which documents are near-duplicates")
	fs.IntVar(&p.Shingle, "shingle", DefaultShingle, "words per shingle")
	if banding {
		fs.IntVar(&p.Slots, "slots", DefaultSlots, "signature slots (MinHash size)")
		fs.IntVar(&p.Bands, "bands", 0, "LSH bands (0: chosen from the threshold)")
		fs.IntVar(&p.Rows, "rows", 0, "LSH rows per band (0: chosen from the threshold)")
	}
	fs.Uint64Var(&p.Seed, "seed", DefaultSeed, "hash seed")
}
