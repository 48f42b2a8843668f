package textnorm_test

import (
	"fmt"

	"github.com/rehashdev/rehash/textnorm"
)

func ExampleNormalizer_Append() {
	n := textnorm.New()
	fmt.Printf("%s\n", n.Append(nil, []byte("  \u201cＨello\u201d\u00a0 \u2014 World  ")))
	// Output: "hello" - world
}
