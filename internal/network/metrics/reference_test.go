package metrics

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// referenceGraph is one testdata file written by bench/network/expected.py:
// a graph and networkx's (and igraph's) values for it.
type referenceGraph struct {
	Name     string     `json:"name"`
	N        int        `json:"n"`
	Directed bool       `json:"directed"`
	Edges    [][2]int32 `json:"edges"`
	Weights  []float64  `json:"weights"`
	NetworkX struct {
		Density             float64    `json:"density"`
		Components          []int      `json:"components"`
		Isolates            []int32    `json:"isolates"`
		Degree              []int32    `json:"degree"`
		InDegree            []int32    `json:"in_degree"`
		OutDegree           []int32    `json:"out_degree"`
		DegreeCentrality    []float64  `json:"degree_centrality"`
		InDegreeCentrality  []float64  `json:"in_degree_centrality"`
		OutDegreeCentrality []float64  `json:"out_degree_centrality"`
		Betweenness         []float64  `json:"betweenness"`
		Closeness           []float64  `json:"closeness"`
		Eigenvector         []float64  `json:"eigenvector"` // nil: networkx did not converge
		EigenvectorWeighted []float64  `json:"eigenvector_weighted"`
		Constraint          []*float64 `json:"constraint"` // nil entries: NaN
	} `json:"networkx"`
	IGraph struct {
		Betweenness []float64  `json:"betweenness"`
		Closeness   []float64  `json:"closeness"`
		Degree      []int32    `json:"degree"`
		Constraint  []*float64 `json:"constraint"`
		Eigenvector []float64  `json:"eigenvector"`
	} `json:"igraph"`
}

func loadReferences(t *testing.T) []referenceGraph {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no reference graphs in testdata (run bench/network/expected.py): %v", err)
	}
	var out []referenceGraph
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r referenceGraph
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, r)
	}
	return out
}

func TestAgainstNetworkXAndIGraph(t *testing.T) {
	ctx := context.Background()
	for _, r := range loadReferences(t) {
		t.Run(r.Name, func(t *testing.T) {
			g, err := NewGraph(r.N, r.Edges, r.Directed)
			if err != nil {
				t.Fatal(err)
			}
			nx, igr := r.NetworkX, r.IGraph
			if got := Density(g); math.Abs(got-nx.Density) > 1e-12 {
				t.Errorf("density = %v, networkx %v", got, nx.Density)
			}
			if got := ConnectedComponents(g).Sizes; !slices.Equal(got, nx.Components) {
				t.Errorf("component sizes = %v, networkx %v", got, nx.Components)
			}
			if got := Isolates(g); !slices.Equal(got, nx.Isolates) && len(got)+len(nx.Isolates) > 0 {
				t.Errorf("isolates = %v, networkx %v", got, nx.Isolates)
			}
			checkInts(t, "degree", Degree(g), nx.Degree)
			checkInts(t, "igraph degree", Degree(g), igr.Degree)
			checkFloats(t, "degree centrality", DegreeCentrality(g), nx.DegreeCentrality, 1e-12)
			if r.Directed {
				checkInts(t, "in degree", InDegree(g), nx.InDegree)
				checkInts(t, "out degree", OutDegree(g), nx.OutDegree)
				checkFloats(t, "in degree centrality", InDegreeCentrality(g), nx.InDegreeCentrality, 1e-12)
				checkFloats(t, "out degree centrality", OutDegreeCentrality(g), nx.OutDegreeCentrality, 1e-12)
			}

			bc, err := Betweenness(ctx, g, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkFloats(t, "betweenness", bc, nx.Betweenness, 1e-9)
			checkFloats(t, "igraph betweenness", bc, igr.Betweenness, 1e-9)
			sampled, err := SampledBetweenness(ctx, g, r.N, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkFloats(t, "sampled betweenness with k = n", sampled, bc, 1e-12)

			cl, err := Closeness(ctx, g, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkFloats(t, "closeness", cl, nx.Closeness, 1e-9)
			checkFloats(t, "igraph closeness", cl, igr.Closeness, 1e-9)

			ev, err := Eigenvector(g)
			switch {
			case nx.Eigenvector == nil && !errors.Is(err, ErrNotConverged):
				t.Errorf("eigenvector: err = %v, networkx did not converge", err)
			case nx.Eigenvector != nil && err != nil:
				t.Errorf("eigenvector: %v", err)
			case nx.Eigenvector != nil:
				checkFloats(t, "eigenvector", ev, nx.Eigenvector, 1e-6)
				// igraph solves the eigenproblem exactly; networkx stops early.
				checkFloats(t, "igraph eigenvector", ev, igr.Eigenvector, 2e-5)
			}
			if r.Weights != nil {
				wg, err := NewWeightedGraph(r.N, r.Edges, r.Weights, r.Directed)
				if err != nil {
					t.Fatal(err)
				}
				ew, err := EigenvectorWeighted(wg)
				if err != nil {
					t.Fatal(err)
				}
				checkFloats(t, "weighted eigenvector", ew, nx.EigenvectorWeighted, 1e-6)
			}

			c := Constraint(g)
			checkNaNFloats(t, "constraint", c, nx.Constraint)
			if igr.Constraint != nil {
				checkNaNFloats(t, "igraph constraint", c, igr.Constraint)
			}
		})
	}
}

func checkInts(t *testing.T, what string, got, want []int32) {
	t.Helper()
	if want != nil && !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func checkFloats(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if want == nil {
		return
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			if bad < 5 {
				t.Errorf("%s[%d] = %.15g, want %.15g", what, i, got[i], want[i])
			}
			bad++
		}
	}
	if bad > 5 {
		t.Errorf("%s: %d values off by more than %g", what, bad, tol)
	}
}

func checkNaNFloats(t *testing.T, what string, got []float64, want []*float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i, w := range want {
		switch {
		case w == nil && !math.IsNaN(got[i]):
			t.Errorf("%s[%d] = %v, want NaN", what, i, got[i])
		case w != nil && !(math.Abs(got[i]-*w) <= 1e-9):
			t.Errorf("%s[%d] = %.15g, want %.15g", what, i, got[i], *w)
		}
	}
}
