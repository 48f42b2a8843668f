package score

import (
	"math"
	"testing"
)

func TestCompare(t *testing.T) {
	// Expected values worked out by hand; see the comments.
	for _, tc := range []struct {
		name       string
		gold, pred []int
		want       Scores
	}{
		{
			// cells (0,0)=2 (0,1)=1 (1,1)=2; classes 3,2; clusters 2,3.
			// pairs: together 1+1=2 of 4 predicted, of 4 gold.
			// B-cubed P = (4/2+1/3+4/3)/5 = 11/15, R = (4/3+1/3+4/2)/5 = 11/15.
			// ARI = (2 - 4·4/10) / (4 - 1.6) = 1/6.
			// H(C) = H(K) = H(.6,.4); H(C|K) = H(K|C) = .2 ln 3 + .4 ln 1.5.
			name: "one misplaced", gold: []int{0, 0, 0, 1, 1}, pred: []int{0, 0, 1, 1, 1},
			want: Scores{Items: 5, Classes: 2, Clusters: 2,
				Pairwise:    PRF{0.5, 0.5, 0.5},
				BCubed:      PRF{11.0 / 15, 11.0 / 15, 11.0 / 15},
				ARI:         1.0 / 6,
				Homogeneity: 1 - (0.2*math.Log(3)+0.4*math.Log(1.5))/(-(0.6*math.Log(0.6) + 0.4*math.Log(0.4))),
			},
		},
		{
			// Everything merged: no gold pair, so pairwise recall reads 1;
			// B-cubed P = 3·(1/3)/3; ARI 0; homogeneity 0, completeness 1.
			name: "all merged", gold: []int{0, 1, 2}, pred: []int{0, 0, 0},
			want: Scores{Items: 3, Classes: 3, Clusters: 1,
				Pairwise: PRF{0, 1, 0}, BCubed: PRF{1.0 / 3, 1, 0.5},
				ARI: 0, Homogeneity: 0, Completeness: 1, VMeasure: 0},
		},
		{
			// Everything split: B-cubed R = (1/2+1/2+1)/3 = 2/3.
			// ARI: expected 0, max (1+0)/2: (0-0)/(0.5-0) = 0.
			// H(C|K) = 0 so homogeneity 1; H(K|C) = (2/3) ln 2, H(K) = ln 3.
			name: "all split", gold: []int{4, 4, 9}, pred: []int{1, 2, 3},
			want: Scores{Items: 3, Classes: 2, Clusters: 3,
				Pairwise: PRF{1, 0, 0}, BCubed: PRF{1, 2.0 / 3, 0.8},
				ARI: 0, Homogeneity: 1, Completeness: 1 - (2.0/3*math.Log(2))/math.Log(3)},
		},
		{
			name: "renamed", gold: []int{5, 5, 7, 7, 7}, pred: []int{1, 1, 0, 0, 0},
			want: Scores{Items: 5, Classes: 2, Clusters: 2, Pairwise: PRF{1, 1, 1}, BCubed: PRF{1, 1, 1},
				ARI: 1, Homogeneity: 1, Completeness: 1, VMeasure: 1},
		},
		{
			name: "all singletons both", gold: []int{1, 2}, pred: []int{3, 4},
			want: Scores{Items: 2, Classes: 2, Clusters: 2, Pairwise: PRF{1, 1, 1}, BCubed: PRF{1, 1, 1},
				ARI: 1, Homogeneity: 1, Completeness: 1, VMeasure: 1},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.want
			if tc.name == "one misplaced" {
				w.Completeness = w.Homogeneity
				w.VMeasure = w.Homogeneity
			}
			if tc.name == "all split" {
				w.VMeasure = 2 * w.Completeness / (1 + w.Completeness)
			}
			got := Compare(tc.gold, tc.pred)
			if got.Items != w.Items || got.Classes != w.Classes || got.Clusters != w.Clusters {
				t.Errorf("counts = %d/%d/%d, want %d/%d/%d", got.Items, got.Classes, got.Clusters, w.Items, w.Classes, w.Clusters)
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"pairwise P", got.Pairwise.P, w.Pairwise.P}, {"pairwise R", got.Pairwise.R, w.Pairwise.R},
				{"pairwise F1", got.Pairwise.F1, w.Pairwise.F1},
				{"B3 P", got.BCubed.P, w.BCubed.P}, {"B3 R", got.BCubed.R, w.BCubed.R}, {"B3 F1", got.BCubed.F1, w.BCubed.F1},
				{"ARI", got.ARI, w.ARI}, {"homogeneity", got.Homogeneity, w.Homogeneity},
				{"completeness", got.Completeness, w.Completeness}, {"V", got.VMeasure, w.VMeasure},
			} {
				if math.Abs(f.got-f.want) > 1e-12 {
					t.Errorf("%s = %.15f, want %.15f", f.name, f.got, f.want)
				}
			}
		})
	}
}

func TestLabels(t *testing.T) {
	got := Labels([]string{"b", "a", "b", "c"})
	want := []int{0, 1, 0, 2}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Labels = %v, want %v", got, want)
		}
	}
}
