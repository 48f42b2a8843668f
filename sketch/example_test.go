package sketch_test

import (
	"fmt"

	"github.com/rehashdev/rehash/sketch"
)

func Example() {
	a := make([]uint64, 0, 1000)
	b := make([]uint64, 0, 1000)
	for i := uint64(0); i < 1000; i++ {
		a = append(a, i)
		if i >= 200 { // b shares 800 of a's 1000 elements and adds 200: J = 800/1200
			b = append(b, i)
		}
	}
	for i := uint64(5000); i < 5200; i++ {
		b = append(b, i)
	}
	s := sketch.New(sketch.Params{Size: 128, Seed: 42})
	est := sketch.Similarity(s.Sketch(nil, a), s.Sketch(nil, b))
	fmt.Printf("exact 0.667, estimate within 0.15: %v\n", est > 0.517 && est < 0.817)
	// Output: exact 0.667, estimate within 0.15: true
}
