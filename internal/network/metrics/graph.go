// Package metrics computes social-network measures of a partnership network:
// who is tied to whom, who sits between otherwise separate groups, who is
// close to everyone, who is tied to the well-tied. It is pure computation on
// integer node indices (0..n-1) held in compressed sparse row (CSR) arrays:
// no database, no HTTP. Callers map organizations to indices and back.
//
// Values follow networkx's defaults (the reference most analysts know), so a
// figure shown in Backbone can be checked in a notebook; the tests compare
// them with networkx and igraph on known graphs.
package metrics

import (
	"fmt"
	"math"
)

// Graph is a simple graph (no self-loops, no parallel edges) on nodes
// 0..N()-1, stored as CSR arrays. An undirected graph keeps each tie in both
// nodes' lists; a directed graph keeps outgoing and incoming lists. A Graph
// is immutable and safe for concurrent use.
type Graph struct {
	n        int
	m        int // ties: unordered pairs if undirected, arcs if directed
	directed bool

	outOff []int32 // len n+1; out-neighbours of v are outAdj[outOff[v]:outOff[v+1]], ascending
	outAdj []int32
	outW   []float64 // nil when unweighted; aligned with outAdj

	// For undirected graphs these alias the out arrays.
	inOff []int32
	inAdj []int32
	inW   []float64
}

// NewGraph builds an unweighted graph on n nodes from edges between node
// indices. A tie listed twice (or, when undirected, in both directions)
// becomes one; self-loops are dropped, because an organization's tie to
// itself says nothing about the network.
func NewGraph(n int, edges [][2]int32, directed bool) (*Graph, error) {
	return build(n, edges, nil, directed)
}

// NewWeightedGraph is NewGraph with a weight per edge (for example the
// strength of a tie). When a tie is listed more than once the last weight
// wins, as in networkx's add_edges_from. Only EigenvectorWeighted uses the
// weights; the path-based metrics count ties, not strengths.
func NewWeightedGraph(n int, edges [][2]int32, weights []float64, directed bool) (*Graph, error) {
	if len(weights) != len(edges) {
		return nil, fmt.Errorf("new weighted graph: %d weights for %d edges", len(weights), len(edges))
	}
	for i, w := range weights {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("new weighted graph: edge %d has weight %v", i, w)
		}
	}
	return build(n, edges, weights, directed)
}

// N returns the number of nodes.
func (g *Graph) N() int { return g.n }

// M returns the number of ties (unordered pairs if undirected, arcs if directed).
func (g *Graph) M() int { return g.m }

// Directed reports whether ties have a direction.
func (g *Graph) Directed() bool { return g.directed }

// Weighted reports whether the graph carries edge weights.
func (g *Graph) Weighted() bool { return g.outW != nil }

// Out returns v's out-neighbours (all neighbours if undirected) in ascending
// order. The slice belongs to the graph and must not be modified.
func (g *Graph) Out(v int) []int32 { return g.outAdj[g.outOff[v]:g.outOff[v+1]] }

// In returns v's in-neighbours (all neighbours if undirected) in ascending
// order. The slice belongs to the graph and must not be modified.
func (g *Graph) In(v int) []int32 { return g.inAdj[g.inOff[v]:g.inOff[v+1]] }

func build(n int, edges [][2]int32, weights []float64, directed bool) (*Graph, error) {
	if n < 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("new graph: %d nodes out of range", n)
	}
	entries := len(edges)
	if !directed {
		entries *= 2
	}
	if entries > math.MaxInt32 {
		return nil, fmt.Errorf("new graph: %d edges is too many", len(edges))
	}
	for i, e := range edges {
		if e[0] < 0 || int(e[0]) >= n || e[1] < 0 || int(e[1]) >= n {
			return nil, fmt.Errorf("new graph: edge %d (%d, %d) outside 0..%d", i, e[0], e[1], n-1)
		}
	}
	g := &Graph{n: n, directed: directed}
	if directed {
		g.outOff, g.outAdj, g.outW = csr(n, edges, weights, false, false)
		g.inOff, g.inAdj, g.inW = csr(n, edges, weights, true, false)
		g.m = len(g.outAdj)
	} else {
		g.outOff, g.outAdj, g.outW = csr(n, edges, weights, false, true)
		g.inOff, g.inAdj, g.inW = g.outOff, g.outAdj, g.outW
		g.m = len(g.outAdj) / 2
	}
	return g, nil
}

// csr lays edges out row by row with a two-pass counting sort (by target,
// then stably by source), so every row comes out ascending with duplicates
// adjacent in input order, in O(n+m) time; it then drops self-loops and
// duplicates, keeping the last weight. reverse swaps the ends (incoming
// lists); both adds each edge in both directions (undirected).
func csr(n int, edges [][2]int32, weights []float64, reverse, both bool) ([]int32, []int32, []float64) {
	var src, dst []int32
	var w []float64
	for i, e := range edges {
		a, b := e[0], e[1]
		if a == b {
			continue
		}
		if reverse {
			a, b = b, a
		}
		src = append(src, a)
		dst = append(dst, b)
		if weights != nil {
			w = append(w, weights[i])
		}
		if both {
			src = append(src, b)
			dst = append(dst, a)
			if weights != nil {
				w = append(w, weights[i])
			}
		}
	}
	k := len(src)
	// Pass 1: order entries by target.
	byDst := countingOrder(n, dst, nil)
	// Pass 2: stable by source, visiting entries in target order.
	order := countingOrder(n, src, byDst)

	off := make([]int32, n+1)
	adj := make([]int32, 0, k)
	var adjW []float64
	if weights != nil {
		adjW = make([]float64, 0, k)
	}
	row := int32(0)
	for _, idx := range order {
		s, d := src[idx], dst[idx]
		for row < s {
			row++
			off[row] = int32(len(adj))
		}
		last := len(adj) - 1
		if last >= int(off[row]) && adj[last] == d {
			if adjW != nil {
				adjW[last] = w[idx] // later duplicates come later: last wins
			}
			continue
		}
		adj = append(adj, d)
		if adjW != nil {
			adjW = append(adjW, w[idx])
		}
	}
	for row < int32(n) {
		row++
		off[row] = int32(len(adj))
	}
	return off, adj, adjW
}

// countingOrder returns the entry indices sorted stably by key; visit gives
// the order in which entries are considered (nil: 0..len(key)-1).
func countingOrder(n int, key []int32, visit []int32) []int32 {
	start := make([]int32, n+1)
	for _, k := range key {
		start[k+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	order := make([]int32, len(key))
	if visit == nil {
		for i, k := range key {
			order[start[k]] = int32(i)
			start[k]++
		}
		return order
	}
	for _, i := range visit {
		k := key[i]
		order[start[k]] = i
		start[k]++
	}
	return order
}
