package pipeline

import (
	"reflect"
	"testing"

	"github.com/rehashdev/rehash/ingest"
)

// The shuffle_bytes metrics count size(); it must be what the coders write.
func TestCoderSizes(t *testing.T) {
	dv := docVal{Ord: 1 << 41, Len: 300, ID: "doc-1", Date: "2024-01-02", Keys: []uint64{1, 2, 3}}
	b := encDocVal(dv)
	if len(b) != dv.size() {
		t.Errorf("docVal: %d bytes, size %d", len(b), dv.size())
	}
	if got, err := decDocVal(b); err != nil || !reflect.DeepEqual(got, dv) {
		t.Errorf("docVal round trip: %+v, %v", got, err)
	}
	sv := setVal{Ord: 7, ID: "x", Set: make([]uint64, 200)}
	if b := encSetVal(sv); len(b) != sv.size() {
		t.Errorf("setVal: %d bytes, size %d", len(b), sv.size())
	} else if got, err := decSetVal(b); err != nil || !reflect.DeepEqual(got, sv) {
		t.Errorf("setVal round trip: %+v, %v", got, err)
	}
	nd := node{Ord: 3, Owner: 2, Len: 1 << 20, ID: "é", Date: ""}
	if b := encNode(nd); len(b) != nd.size() {
		t.Errorf("node: %d bytes, size %d", len(b), nd.size())
	} else if got, err := decNode(b); err != nil || got != nd {
		t.Errorf("node round trip: %+v, %v", got, err)
	}
	ln := line{K1: 1, K2: 2, Data: []byte("{}\n")}
	if b := encLine(ln); len(b) != ln.size() {
		t.Errorf("line: %d bytes, size %d", len(b), ln.size())
	} else if got, err := decLine(b); err != nil || !reflect.DeepEqual(got, ln) {
		t.Errorf("line round trip: %+v, %v", got, err)
	}
	if _, err := decSetVal(encSetVal(sv)[:20]); err == nil {
		t.Error("a truncated set decoded")
	}
}

func TestShardNamesSortInInputOrder(t *testing.T) {
	ords := []uint64{ordinal(0, 0), ordinal(0, 1<<shardBits), ordinal(1, 5), ordinal(12, 1<<30)}
	for i := 1; i < len(ords); i++ {
		if a, b := shardName("clusters", ords[i-1]), shardName("clusters", ords[i]); a >= b {
			t.Errorf("%s sorts after %s", a, b)
		}
	}
}

// TestReadOptionsComplete: every ingest.Options field but those that
// cannot cross to a worker (or are set by the pipeline) is carried.
func TestReadOptionsComplete(t *testing.T) {
	in := ingest.Options{}
	v := reflect.ValueOf(&in).Elem()
	skip := map[string]bool{"Stdin": true, "BytesRead": true, "NoOffsets": true}
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		if skip[f.Name] {
			continue
		}
		switch f.Type.Kind() {
		case reflect.String:
			v.Field(i).SetString("x" + f.Name)
		case reflect.Int:
			v.Field(i).SetInt(int64(i + 1))
		case reflect.Bool:
			v.Field(i).SetBool(true)
		default:
			t.Fatalf("ingest.Options.%s: a %s the pipeline does not carry", f.Name, f.Type)
		}
	}
	got := newReadOptions(&in).ingest()
	got.NoOffsets = false
	if !reflect.DeepEqual(*got, in) {
		t.Errorf("lost in transit:\n got %+v\nwant %+v", *got, in)
	}
}
