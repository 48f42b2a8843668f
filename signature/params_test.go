package signature

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParamsDefaults(t *testing.T) {
	var p Params
	p.EnsureDefaults()
	want := Params{Threshold: 0.8, Shingle: 5, Slots: 128, Seed: DefaultSeed, Bands: 21, Rows: 6}
	if p != want {
		t.Fatalf("EnsureDefaults() = %+v, want %+v", p, want)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	// Given fields are kept, and given banding is not recomputed.
	q := Params{Threshold: 0.5, Bands: 2, Rows: 16}
	q.EnsureDefaults()
	if q.Threshold != 0.5 || q.Bands != 2 || q.Rows != 16 || q.Slots != 128 {
		t.Errorf("EnsureDefaults kept %+v", q)
	}
}

func TestParamsValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Params
		ok   bool
	}{
		{"defaults", Params{}, true},
		{"threshold one", Params{Threshold: 1}, true},
		{"threshold above one", Params{Threshold: 1.5}, false},
		{"threshold negative", Params{Threshold: -0.1}, false},
		{"shingle 64", Params{Shingle: 64}, true},
		{"shingle 65", Params{Shingle: 65}, false},
		{"shingle negative", Params{Shingle: -1}, false},
		{"slots 4096", Params{Slots: 4096, Bands: 64, Rows: 64}, true},
		{"slots 4097", Params{Slots: 4097}, false},
		{"bands alone", Params{Bands: 3}, false},
		{"rows alone", Params{Rows: 3}, false},
		{"banding exceeds slots", Params{Bands: 20, Rows: 20}, false},
		{"banding fits", Params{Bands: 16, Rows: 8}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.p.Resolved()
			if (err == nil) != tc.ok {
				t.Fatalf("Resolved(%+v) error = %v, want ok=%v", tc.p, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrParams) {
				t.Errorf("error %v does not wrap ErrParams", err)
			}
		})
	}
}

// The JSON names are the command line's.
func TestParamsJSON(t *testing.T) {
	p, _ := Params{}.Resolved()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"threshold":0.8,"shingle":5,"slots":128,"seed":8243109460728872961,"bands":21,"rows":6}`
	if string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var back Params
	if err := json.Unmarshal(b, &back); err != nil || back != p {
		t.Errorf("round trip %+v, %v", back, err)
	}
}
