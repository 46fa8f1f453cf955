package metrics

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// partnershipGraph makes a seeded undirected graph shaped like a regional
// partnership network: clusters of about 50 organizations with most ties
// inside the cluster, a few hubs with many ties across clusters, and about
// avgDegree ties per organization. (bench/network/gen makes the larger,
// sector-and-county version used against igraph.)
func partnershipGraph(n, avgDegree int, seed uint64) *Graph {
	rng := rand.New(rand.NewPCG(seed, 1))
	const clusterSize = 50
	clusters := max(1, n/clusterSize)
	m := n * avgDegree / 2
	edges := make([][2]int32, 0, m)
	hubs := max(1, n/100)
	for len(edges) < m {
		u := rng.IntN(n)
		var v int
		switch r := rng.Float64(); {
		case r < 0.8: // inside u's cluster
			c := u % clusters
			v = c + clusters*rng.IntN(max(1, (n-c+clusters-1)/clusters))
		case r < 0.9: // to a hub
			v = rng.IntN(hubs) * (n / hubs)
		default:
			v = rng.IntN(n)
		}
		if v < n && u != v {
			edges = append(edges, [2]int32{int32(u), int32(v)})
		}
	}
	g, err := NewGraph(n, edges, false)
	if err != nil {
		panic(err)
	}
	return g
}

var benchSizes = []int{1000, 10000}

func BenchmarkBetweenness(b *testing.B) {
	for _, n := range benchSizes {
		g := partnershipGraph(n, 20, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Betweenness(context.Background(), g, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSampledBetweenness(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		g := partnershipGraph(n, 20, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := SampledBetweenness(context.Background(), g, 200, 1, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCloseness(b *testing.B) {
	for _, n := range benchSizes {
		g := partnershipGraph(n, 20, 1)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Closeness(context.Background(), g, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheap times the metrics a page computes on every view.
func BenchmarkCheap(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		g := partnershipGraph(n, 20, 1)
		group := make([]int32, n)
		for v := range group {
			group[v] = int32(v % 20)
		}
		b.Run(fmt.Sprintf("Eigenvector/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Eigenvector(g); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("Constraint/%d", n), func(b *testing.B) {
			for b.Loop() {
				Constraint(g)
			}
		})
		b.Run(fmt.Sprintf("Brokers/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Brokers(g, group); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("ComponentsDegreeDensity/%d", n), func(b *testing.B) {
			for b.Loop() {
				ConnectedComponents(g)
				DegreeCentrality(g)
				Density(g)
			}
		})
	}
}

func BenchmarkNewGraph(b *testing.B) {
	g := partnershipGraph(100000, 20, 1)
	var edges [][2]int32
	for u := range g.N() {
		for _, v := range g.Out(u) {
			if int(v) > u {
				edges = append(edges, [2]int32{int32(u), v})
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := NewGraph(g.N(), edges, false); err != nil {
			b.Fatal(err)
		}
	}
}
