package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/rehashdev/rehash"
)

// ReadLinks reads a JSON Lines file of rehash.Link, such as the output of
// rehash reuse (gzip-compressed if it starts like gzip). A line that does
// not decode, or names no a or b id, is an error naming the file and the
// link's number.
func ReadLinks(name string) ([]rehash.Link, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		r = zr
	}
	dec := json.NewDecoder(r)
	var links []rehash.Link
	for n := 1; ; n++ {
		var l rehash.Link
		if err := dec.Decode(&l); err == io.EOF {
			return links, nil
		} else if err != nil {
			return nil, fmt.Errorf("%s: link %d: %w", name, n, err)
		}
		if l.A == "" || l.B == "" {
			return nil, fmt.Errorf("%s: link %d: no a or b id", name, n)
		}
		links = append(links, l)
	}
}
