package evidence_test

import (
	"fmt"

	"github.com/rehashdev/rehash"
	"github.com/rehashdev/rehash/evidence"
)

func Example() {
	a := &rehash.Document{ID: "wire", Text: []byte(
		`The ferry to the islands was cancelled on Sunday because of thick fog, the harbour office said.`)}
	b := &rehash.Document{ID: "blog", Text: []byte(
		`Bad luck for walkers: the ferry to the islands was cancelled on Sunday because of fog, the harbour office said.`)}
	al, _ := evidence.New(nil)
	l := al.Compare(al.Prepare(a), al.Prepare(b))
	fmt.Println(l.Relation)
	for _, p := range l.Passages {
		// Raw defaults to Text: the passages' spans point into Text.
		fmt.Printf("%q\n%q\n", a.Text[p.A.Start:p.A.End], b.Text[p.B.Start:p.B.End])
	}
	// Output:
	// contained-in
	// "The ferry to the islands was cancelled on Sunday because of thick fog, the harbour office said"
	// "the ferry to the islands was cancelled on Sunday because of fog, the harbour office said"
}
