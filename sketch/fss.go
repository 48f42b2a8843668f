package sketch

import "math/bits"

// fastSketch computes the Fast Similarity Sketch (Dahlgaard, Knudsen and
// Thorup 2017) of hashes into sig, with scratch space keys.
//
// The sketch is filled in rounds. In round i < m every element throws one
// ball into a bin drawn from its hash and the round, carrying the value
// i + r (r uniform in [0, 1), drawn likewise); in round m + j every element
// is offered to bin j, which guarantees that all bins are filled by round
// 2m. Each bin keeps its smallest value. Values of later rounds are larger
// than those of earlier ones, so once every bin holds a value at the end of
// a round no later round can change anything, and the sketch stops.
//
// Two sets agree on a bin exactly when the element of their union with the
// smallest value in that bin belongs to both, which happens with
// probability equal to their Jaccard similarity: the element's (round,
// value) draws are i.i.d. across elements, and a set stops only after all
// its bins are filled, so it never misses the union's minimum when that
// minimum is its own. Balls of one round are spread like one-permutation
// hashing, so the bins are negatively correlated and the estimate's
// variance stays at or below classic MinHash's (see the tests).
//
// Cost: a set of n elements needs about max(1, (m/n)·ln m) rounds of n
// cheap steps, that is O(n + m log m), with no per-element state.
func fastSketch(sig Signature, hashes []uint64, seed uint64, keys *[]uint64) {
	m := len(sig)
	for i := range sig {
		sig[i] = empty
	}
	if len(hashes) == 0 {
		return
	}
	ks := (*keys)[:0]
	for _, h := range hashes {
		// Mixing before the seed is applied keeps structured inputs
		// (small integers) from mapping onto each other under two seeds.
		ks = append(ks, mix(mix(h)^seed))
	}
	*keys = ks
	filled := 0
	for round := 0; round < 2*m && filled < m; round++ {
		step := uint64(round+1) * 0x9E3779B97F4A7C15
		base := uint64(round) << 48
		for _, k := range ks {
			// One wyrand-style step gives the round's draw for this element:
			// its high bits pick the bin, its low 48 bits are r.
			hi, lo := bits.Mul64(k^step, (k+step)^0xE7037ED1A0B428DB)
			x := hi ^ lo
			var bin uint64
			if round < m {
				bin, _ = bits.Mul64(x, uint64(m))
			} else {
				bin = uint64(round - m)
			}
			v := base | x&(1<<48-1)
			if old := sig[bin]; v < old {
				if old == empty {
					filled++
				}
				sig[bin] = v
			}
		}
	}
}
