package metrics

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

var nan = math.NaN()

// TestSmallGraphs checks every metric on graphs small enough to work out by
// hand (the working is in the comments).
func TestSmallGraphs(t *testing.T) {
	tests := []struct {
		name        string
		n           int
		edges       [][2]int32
		directed    bool
		density     float64
		sizes       []int
		isolates    []int32
		degree      []int32
		degreeC     []float64
		betweenness []float64
		closeness   []float64
		eigenvector []float64 // nil: not checked
		constraint  []float64
	}{
		{
			// 0-1-2-3: 1 and 2 each lie between two pairs out of three;
			// an end's distances are 1+2+3, a middle's 1+1+2.
			name: "path", n: 4, edges: [][2]int32{{0, 1}, {1, 2}, {2, 3}},
			density: 0.5, sizes: []int{4},
			degree:      []int32{1, 2, 2, 1},
			degreeC:     []float64{1. / 3, 2. / 3, 2. / 3, 1. / 3},
			betweenness: []float64{0, 2. / 3, 2. / 3, 0},
			closeness:   []float64{0.5, 0.75, 0.75, 0.5},
			constraint:  []float64{1, 0.5, 0.5, 1},
		},
		{
			// Hub 0 with four leaves: the hub is between all six leaf pairs;
			// eigenvector: hub = 2·leaf, unit length.
			name: "star", n: 5, edges: [][2]int32{{0, 1}, {0, 2}, {0, 3}, {0, 4}},
			density: 0.4, sizes: []int{5},
			degree:      []int32{4, 1, 1, 1, 1},
			degreeC:     []float64{1, 0.25, 0.25, 0.25, 0.25},
			betweenness: []float64{1, 0, 0, 0, 0},
			closeness:   []float64{1, 4. / 7, 4. / 7, 4. / 7, 4. / 7},
			eigenvector: []float64{1 / math.Sqrt2, 1 / math.Sqrt(8), 1 / math.Sqrt(8), 1 / math.Sqrt(8), 1 / math.Sqrt(8)},
			constraint:  []float64{0.25, 1, 1, 1, 1},
		},
		{
			// Everyone tied to everyone: nobody is between, constraint is
			// 2·(1/2 + 1/2·1/2)² = 9/8.
			name: "triangle", n: 3, edges: [][2]int32{{0, 1}, {1, 2}, {2, 0}},
			density: 1, sizes: []int{3},
			degree:      []int32{2, 2, 2},
			degreeC:     []float64{1, 1, 1},
			betweenness: []float64{0, 0, 0},
			closeness:   []float64{1, 1, 1},
			eigenvector: []float64{1 / math.Sqrt(3), 1 / math.Sqrt(3), 1 / math.Sqrt(3)},
			constraint:  []float64{9. / 8, 9. / 8, 9. / 8},
		},
		{
			// 0-1 and 2-3-4 apart, 5 alone. Wasserman-Faust: node 0 reaches 1
			// of 5 others at distance 1 → 1·1/5; node 3 → (2/2)·(2/5).
			// Node 3 is between one pair (2, 4) of the ten.
			name: "two components and an isolate", n: 6,
			edges:   [][2]int32{{0, 1}, {2, 3}, {3, 4}},
			density: 3. / 15, sizes: []int{3, 2, 1}, isolates: []int32{5},
			degree:      []int32{1, 1, 1, 2, 1, 0},
			degreeC:     []float64{0.2, 0.2, 0.2, 0.4, 0.2, 0},
			betweenness: []float64{0, 0, 0, 0.1, 0, 0},
			closeness:   []float64{0.2, 0.2, 4. / 15, 0.4, 4. / 15, 0},
			constraint:  []float64{1, 1, 1, 0.5, 1, nan},
		},
		{
			// 0→1→2→0: each node is on one of the two-step paths, out of
			// (n-1)(n-2) = 2 ordered pairs; the others reach a node in 1+2.
			name: "directed cycle", n: 3, directed: true,
			edges:   [][2]int32{{0, 1}, {1, 2}, {2, 0}},
			density: 0.5, sizes: []int{3},
			degree:      []int32{2, 2, 2},
			degreeC:     []float64{1, 1, 1},
			betweenness: []float64{0.5, 0.5, 0.5},
			closeness:   []float64{2. / 3, 2. / 3, 2. / 3},
			eigenvector: []float64{1 / math.Sqrt(3), 1 / math.Sqrt(3), 1 / math.Sqrt(3)},
			constraint:  []float64{9. / 8, 9. / 8, 9. / 8},
		},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := NewGraph(tt.n, tt.edges, tt.directed)
			if err != nil {
				t.Fatal(err)
			}
			if got := Density(g); math.Abs(got-tt.density) > 1e-15 {
				t.Errorf("density = %v, want %v", got, tt.density)
			}
			if got := ConnectedComponents(g).Sizes; !slices.Equal(got, tt.sizes) {
				t.Errorf("component sizes = %v, want %v", got, tt.sizes)
			}
			if got := Isolates(g); !slices.Equal(got, tt.isolates) {
				t.Errorf("isolates = %v, want %v", got, tt.isolates)
			}
			checkInts(t, "degree", Degree(g), tt.degree)
			checkFloats(t, "degree centrality", DegreeCentrality(g), tt.degreeC, 1e-15)
			bc, err := Betweenness(ctx, g, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkFloats(t, "betweenness", bc, tt.betweenness, 1e-15)
			cl, err := Closeness(ctx, g, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkFloats(t, "closeness", cl, tt.closeness, 1e-15)
			if tt.eigenvector != nil {
				ev, err := Eigenvector(g)
				if err != nil {
					t.Fatal(err)
				}
				checkFloats(t, "eigenvector", ev, tt.eigenvector, 1e-6)
			}
			c := Constraint(g)
			for i, want := range tt.constraint {
				if math.IsNaN(want) != math.IsNaN(c[i]) || math.Abs(c[i]-want) > 1e-15 {
					t.Errorf("constraint[%d] = %v, want %v", i, c[i], want)
				}
			}
		})
	}
}

func TestDirectedDegrees(t *testing.T) {
	// 0→1, 0→2, 1→2: 0 only sends, 2 only receives.
	g, err := NewGraph(3, [][2]int32{{0, 1}, {0, 2}, {1, 2}}, true)
	if err != nil {
		t.Fatal(err)
	}
	checkInts(t, "in", InDegree(g), []int32{0, 1, 2})
	checkInts(t, "out", OutDegree(g), []int32{2, 1, 0})
	checkInts(t, "total", Degree(g), []int32{2, 2, 2})
	checkFloats(t, "in centrality", InDegreeCentrality(g), []float64{0, 0.5, 1}, 0)
	checkFloats(t, "out centrality", OutDegreeCentrality(g), []float64{1, 0.5, 0}, 0)
	// Node 2 has only incoming ties; networkx would say NaN. Partners 0 and
	// 1 (mutual weight 1 each, so p = 1/2) are tied to each other:
	// 2·(1/2 + 1/2·1/2)².
	if c := Constraint(g); math.Abs(c[2]-9./8) > 1e-15 {
		t.Errorf("constraint of a receive-only node = %v, want 9/8", c[2])
	}
}

func TestNewGraph(t *testing.T) {
	// Duplicates, both directions and a self-loop collapse to one tie.
	g, err := NewGraph(3, [][2]int32{{0, 1}, {1, 0}, {0, 1}, {2, 2}, {1, 2}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if g.N() != 3 || g.M() != 2 || g.Directed() || g.Weighted() {
		t.Errorf("n, m, directed, weighted = %d, %d, %v, %v", g.N(), g.M(), g.Directed(), g.Weighted())
	}
	if got := g.Out(1); !slices.Equal(got, []int32{0, 2}) {
		t.Errorf("Out(1) = %v", got)
	}
	d, err := NewGraph(3, [][2]int32{{0, 1}, {1, 0}, {0, 1}, {2, 0}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if d.M() != 3 || !slices.Equal(d.Out(0), []int32{1}) || !slices.Equal(d.In(0), []int32{1, 2}) {
		t.Errorf("directed: m = %d, Out(0) = %v, In(0) = %v", d.M(), d.Out(0), d.In(0))
	}
	// The last weight of a repeated tie wins, as in networkx.
	w, err := NewWeightedGraph(2, [][2]int32{{0, 1}, {1, 0}}, []float64{1, 5}, false)
	if err != nil {
		t.Fatal(err)
	}
	if w.outW[0] != 5 || w.outW[1] != 5 {
		t.Errorf("weights = %v, want [5 5]", w.outW)
	}
	for _, bad := range []struct {
		name  string
		n     int
		edges [][2]int32
	}{
		{"node past n", 2, [][2]int32{{0, 2}}},
		{"negative node", 2, [][2]int32{{-1, 0}}},
		{"negative n", -1, nil},
	} {
		if _, err := NewGraph(bad.n, bad.edges, false); err == nil {
			t.Errorf("%s: no error", bad.name)
		}
	}
	if _, err := NewWeightedGraph(2, [][2]int32{{0, 1}}, nil, false); err == nil {
		t.Error("missing weights: no error")
	}
	if _, err := NewWeightedGraph(2, [][2]int32{{0, 1}}, []float64{math.NaN()}, false); err == nil {
		t.Error("NaN weight: no error")
	}
}

func TestEmptyAndTinyGraphs(t *testing.T) {
	ctx := context.Background()
	empty, _ := NewGraph(0, nil, false)
	if Density(empty) != 0 || len(ConnectedComponents(empty).Sizes) != 0 {
		t.Error("empty graph: density or components not empty")
	}
	if _, err := Eigenvector(empty); err == nil {
		t.Error("eigenvector of the empty graph: no error")
	}
	one, _ := NewGraph(1, nil, false)
	checkFloats(t, "degree centrality of one node", DegreeCentrality(one), []float64{1}, 0)
	bc, err := Betweenness(ctx, one, nil)
	if err != nil || bc[0] != 0 {
		t.Errorf("betweenness of one node = %v, %v", bc, err)
	}
}

func TestEigenvectorNotConverging(t *testing.T) {
	// A directed path has no positive dominant eigenvector to settle on
	// with the uniform start: networkx raises, and so do we.
	edges := make([][2]int32, 0, 199)
	for i := range int32(199) {
		edges = append(edges, [2]int32{i, i + 1})
	}
	g, _ := NewGraph(200, edges, true)
	if _, err := Eigenvector(g); !errors.Is(err, ErrNotConverged) {
		t.Errorf("err = %v, want ErrNotConverged", err)
	}
}

func TestBrokers(t *testing.T) {
	// Hub 0 (group 0) ties to 1 (group 1) and to 2, 3 (group 2); 2-3 is
	// inside group 2. Groups 1 and 2 meet only through 0, and 0 is its
	// group's only link to each; 1 is its group's only link to group 0.
	g, _ := NewGraph(5, [][2]int32{{0, 1}, {0, 2}, {0, 3}, {2, 3}}, false)
	got, err := Brokers(g, []int32{0, 1, 2, 2, 0})
	if err != nil {
		t.Fatal(err)
	}
	want := []Broker{
		{Node: 0, Groups: 2, SoleLinks: 2, BrokeredPairs: 1},
		{Node: 1, Groups: 1, SoleLinks: 1},
		{Node: 2, Groups: 1},
		{Node: 3, Groups: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("brokers = %+v, want %+v", got, want)
	}
	if got[0].Score() != 3 {
		t.Errorf("score = %d, want 3", got[0].Score())
	}
	if _, err := Brokers(g, []int32{0}); err == nil {
		t.Error("too few labels: no error")
	}
	if _, err := Brokers(g, []int32{0, 0, 0, 0, -1}); err == nil {
		t.Error("negative label: no error")
	}
	// Many groups take the sparse path; the answer must not change.
	big := []int32{0, 1, 2, 2, 3000}
	got2, err := Brokers(g, big)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got2, want) {
		t.Errorf("brokers with many groups = %+v, want %+v", got2, want)
	}
}

func TestCancelAndProgress(t *testing.T) {
	g := partnershipGraph(2000, 10, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Betweenness(ctx, g, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("betweenness on a cancelled context: err = %v", err)
	}
	if _, err := Closeness(ctx, g, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("closeness on a cancelled context: err = %v", err)
	}

	// Cancel from the progress callback, part-way.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	var calls int
	_, err := Betweenness(ctx, g, func(done, total int) {
		calls++
		if done >= total/10 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || calls == 0 {
		t.Errorf("cancel mid-way: err = %v after %d progress calls", err, calls)
	}

	var mu sync.Mutex
	var seen []int
	if _, err := Closeness(context.Background(), g, func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if total != g.N() {
			t.Errorf("total = %d", total)
		}
		seen = append(seen, done)
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(seen) || seen[len(seen)-1] != g.N() {
		t.Errorf("progress not increasing to n: %v", seen)
	}
}

func TestSampledBetweenness(t *testing.T) {
	ctx := context.Background()
	g := partnershipGraph(1500, 10, 3)
	a, err := SampledBetweenness(ctx, g, 100, 42, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SampledBetweenness(ctx, g, 100, 42, nil)
	checkFloats(t, "same seed", a, b, 1e-12)
	exact, _ := Betweenness(ctx, g, nil)
	all, _ := SampledBetweenness(ctx, g, g.N()+5, 7, nil)
	checkFloats(t, "k >= n", all, exact, 1e-12)
	if _, err := SampledBetweenness(ctx, g, 0, 1, nil); err == nil {
		t.Error("k = 0: no error")
	}
	// The sample should find most of the top brokers.
	top := Top(exact, 20)
	found := 0
	for _, v := range Top(a, 20) {
		if slices.Contains(top, v) {
			found++
		}
	}
	if found < 14 {
		t.Errorf("100 pivots found %d of the exact top 20", found)
	}
}

func TestTop(t *testing.T) {
	got := Top([]float64{0.5, nan, 2, 0.5, 1}, 4)
	if want := []int32{2, 4, 0, 3}; !slices.Equal(got, want) {
		t.Errorf("Top = %v, want %v", got, want)
	}
	if got := Top([]float64{1, 2}, 5); !slices.Equal(got, []int32{1, 0}) {
		t.Errorf("Top past n = %v", got)
	}
}

// TestLargeGraphRelabelled checks the paths taken above 16k nodes, where
// searches run on a copy renumbered for cache locality: many shuffled
// copies of a star (undirected) or a 3-cycle (directed), whose values are
// known.
func TestLargeGraphRelabelled(t *testing.T) {
	ctx := context.Background()
	const copies = 6000 // n >= 16384 either way
	for _, directed := range []bool{false, true} {
		size := 5 // hub 0 and leaves 1..4
		if directed {
			size = 3
		}
		n := copies * size
		shuffle := rand.New(rand.NewPCG(1, 2)).Perm(n)
		var edges [][2]int32
		for c := range copies {
			at := func(i int) int32 { return int32(shuffle[c*size+i]) }
			for i := 1; i < size; i++ {
				if directed {
					edges = append(edges, [2]int32{at(i - 1), at(i)})
				} else {
					edges = append(edges, [2]int32{at(0), at(i)})
				}
			}
			if directed {
				edges = append(edges, [2]int32{at(size - 1), at(0)})
			}
		}
		g, err := NewGraph(n, edges, directed)
		if err != nil {
			t.Fatal(err)
		}
		bc, err := Betweenness(ctx, g, nil)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := Closeness(ctx, g, nil)
		if err != nil {
			t.Fatal(err)
		}
		norm := 1 / (float64(n-1) * float64(n-2))
		for c := range copies {
			for i := range size {
				v := shuffle[c*size+i]
				var wantB, wantC float64
				switch {
				case directed: // one ordered pair through each node; reached by 2 at 1+2
					wantB, wantC = norm, 2./3*2/float64(n-1)
				case i == 0: // the hub: 4·3 ordered leaf pairs; 4 others at distance 1
					wantB, wantC = 12*norm, 4/float64(n-1)
				default:
					wantB, wantC = 0, 4./7*4/float64(n-1)
				}
				if math.Abs(bc[v]-wantB) > 1e-18 || math.Abs(cl[v]-wantC) > 1e-15 {
					t.Fatalf("directed=%v copy %d node %d: betweenness %g (want %g), closeness %g (want %g)",
						directed, c, i, bc[v], wantB, cl[v], wantC)
				}
			}
		}
		// With k = n the sample is the exact value.
		sampled, err := SampledBetweenness(ctx, g, n, 3, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkFloats(t, "sampled k = n", sampled, bc, 1e-18)
	}
}
