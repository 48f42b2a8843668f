package lsh_test

import (
	"fmt"

	"github.com/rehashdev/rehash/lsh"
)

func ExampleParamsFor() {
	p := lsh.ParamsFor(0.8, 128, nil)
	fmt.Printf("%v: P(candidate | J=0.8) = %.3f, P(candidate | J=0.5) = %.3f\n",
		p, p.Collision(0.8), p.Collision(0.5))
	// Output: b=21 r=6: P(candidate | J=0.8) = 0.998, P(candidate | J=0.5) = 0.282
}
