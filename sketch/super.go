package sketch

import "math/bits"

// superMinHash computes the SuperMinHash signature (Ertl 2017) of hashes
// into sig. Every element draws a random permutation of the slots lazily,
// Fisher-Yates style, and offers slot p[j] the value j + r_j with r_j
// uniform in [0, 1). Because each element fills slots along a permutation,
// the slots are negatively correlated and the estimator's variance is at
// most that of classic MinHash, strictly less for sets not much larger than
// the signature. An element stops as soon as j exceeds every slot's current
// integer part, so large sets cost O(1) per element after the first few
// hundred: O(n + m log² m) in all.
//
// Values are stored as j<<48 | 48 random bits, so that comparing integers
// compares j + r_j.
type superState struct {
	perm  []uint16 // p: the element's partial permutation of the slots
	owner []uint32 // q: which element last initialised perm[j]
	hist  []int32  // b: how many slots have integer part j
}

func (st *superState) reset(m int) {
	if cap(st.perm) < m {
		st.perm = make([]uint16, m)
		st.owner = make([]uint32, m)
		st.hist = make([]int32, m)
	}
	st.perm = st.perm[:m]
	st.owner = st.owner[:m]
	st.hist = st.hist[:m]
	for i := range st.owner {
		st.owner[i] = 0
		st.hist[i] = 0
	}
	st.hist[m-1] = int32(m)
}

func superMinHash(st *superState, sig Signature, hashes []uint64, seed uint64) {
	m := len(sig)
	st.reset(m)
	for i := range sig {
		sig[i] = empty
	}
	a := m - 1 // the largest integer part any slot still has
	perm, owner, hist := st.perm, st.owner, st.hist
	for e, h := range hashes {
		id := uint32(e + 1)
		// Mixing before the seed is applied keeps structured inputs (small
		// integers) from mapping onto each other under two seeds.
		rng := mix(mix(h) ^ seed)
		for j := 0; j <= a; j++ {
			// One wyrand step gives both draws: 48 bits for r_j and 16 for
			// the swap target k in [j, m). The slight non-uniformity of k
			// (at most m/65536) leaves the estimator unbiased, since every
			// element still draws its values i.i.d. from the same law.
			rng += 0xA0761D6478BD642F
			hi, lo := bits.Mul64(rng, rng^0xE7037ED1A0B428DB)
			x := hi ^ lo
			k := uint64(j) + (x&0xFFFF)*uint64(m-j)>>16
			if owner[j] != id {
				owner[j] = id
				perm[j] = uint16(j)
			}
			if owner[k] != id {
				owner[k] = id
				perm[k] = uint16(k)
			}
			perm[j], perm[k] = perm[k], perm[j]
			slot := perm[j]
			v := uint64(j)<<48 | x>>16
			if v < sig[slot] {
				old := m - 1
				if sig[slot] != empty {
					old = int(sig[slot] >> 48)
				}
				sig[slot] = v
				if j < old {
					hist[old]--
					hist[j]++
					for hist[a] == 0 {
						a--
					}
				}
			}
		}
	}
}
