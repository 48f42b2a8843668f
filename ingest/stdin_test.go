package ingest

import (
	"errors"
	"testing"
)

func TestSniffTable(t *testing.T) {
	o := (&Options{}).withDefaults()
	for _, tc := range []struct {
		name, head string
		want       string // format name, "" for none
		err        error
	}{
		{"csv", "id,title,text\n1,Ferry,\"The ferry, twice a day.\"\n2,Library,Open late.\n", "csv", nil},
		{"tsv", "id\ttext\n1\tThe ferry runs twice a day.\n", "tsv", nil},
		{"csv without the text column", "k,body\n1,The ferry runs.\n2,The library.\n", "", ErrAmbiguousInput},
		{"prose with commas", "The harbour office said, on Monday, that\nthe ferry will run, twice a day, from\nthe first of the month, after a winter.\n", "", nil},
		{"one line", "id,text\n", "", nil},
		{"jsonl", "{\"id\": \"a\", \"text\": \"x, y\"}\n{\"id\": \"b\", \"text\": \"x, y\"}\n", "", nil},
		{"html", "<!doctype html><html><p>a, b</p>\n<p>c, d</p></html>\n", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := sniffTable([]byte(tc.head), o)
			got := ""
			if f != nil {
				got = f.Name()
			}
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Fatalf("sniffTable = %q, %v; want %q, %v", got, err, tc.want, tc.err)
			}
		})
	}
}
