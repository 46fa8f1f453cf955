package layout

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestComputeIsDeterministicAndInBounds(t *testing.T) {
	edges := [][2]int{{0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 3}, {2, 3}}
	a := Compute(7, edges, Options{Seed: 7})
	b := Compute(7, edges, Options{Seed: 7})
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("not deterministic at %d: %v vs %v", i, a[i], b[i])
		}
		if a[i].X < 0 || a[i].X > 1 || a[i].Y < 0 || a[i].Y > 1 || math.IsNaN(a[i].X) {
			t.Fatalf("node %d out of bounds: %v", i, a[i])
		}
	}
	// Node 6 is an isolate; it must not sit on top of another node.
	for i := 0; i < 6; i++ {
		if dist(a[i], a[6]) < 0.02 {
			t.Fatalf("isolate overlaps node %d", i)
		}
	}
}

// TestClustersStayTogether checks the property that makes the picture
// readable: nodes of a tightly knit group sit nearer each other than nodes
// of different groups.
func TestClustersStayTogether(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const groups, size = 4, 15
	var edges [][2]int
	for g := 0; g < groups; g++ {
		for i := 0; i < size; i++ {
			for j := i + 1; j < size; j++ {
				if rng.Float64() < 0.5 {
					edges = append(edges, [2]int{g*size + i, g*size + j})
				}
			}
		}
		edges = append(edges, [2]int{g * size, ((g + 1) % groups) * size})
	}
	pos := Compute(groups*size, edges, Options{Seed: 3})
	var within, between float64
	var nw, nb int
	for i := range pos {
		for j := i + 1; j < len(pos); j++ {
			if i/size == j/size {
				within += dist(pos[i], pos[j])
				nw++
			} else {
				between += dist(pos[i], pos[j])
				nb++
			}
		}
	}
	if within/float64(nw) > 0.6*between/float64(nb) {
		t.Fatalf("groups not kept together: mean distance within %.3f, between %.3f", within/float64(nw), between/float64(nb))
	}
}

func TestSmallCases(t *testing.T) {
	if got := Compute(0, nil, Options{}); len(got) != 0 {
		t.Fatal("empty")
	}
	if got := Compute(1, nil, Options{}); got[0] != (Point{0.5, 0.5}) {
		t.Fatalf("one node: %v", got)
	}
	// Bad edges are ignored, not a panic.
	_ = Compute(3, [][2]int{{0, 5}, {-1, 2}, {1, 1}}, Options{})
}

func dist(a, b Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

func BenchmarkCompute(b *testing.B) {
	for _, n := range []int{100, 500, 2000} {
		rng := rand.New(rand.NewPCG(9, 9))
		var edges [][2]int
		for i := 0; i < n*5; i++ {
			edges = append(edges, [2]int{rng.IntN(n), rng.IntN(n)})
		}
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				Compute(n, edges, Options{Seed: 1})
			}
		})
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}
