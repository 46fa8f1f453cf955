package metrics

import "slices"

// Density is the share of all possible ties that exist: 0 when nobody works
// with anybody, 1 when every organization is tied to every other. Sparse is
// normal for a large community; a low density in a small initiative means
// partners are not yet working with one another. It is m / (n(n-1)/2) for
// undirected ties and m / (n(n-1)) for directed ones, and 0 below two nodes.
func Density(g *Graph) float64 {
	if g.n < 2 {
		return 0
	}
	possible := float64(g.n) * float64(g.n-1)
	if !g.directed {
		possible /= 2
	}
	return float64(g.m) / possible
}

// Components groups organizations into separate parts of the network: two
// organizations are in the same component when a chain of ties (in either
// direction) joins them. Several large components mean separate networks
// that do not reach each other at all.
type Components struct {
	// Label gives each node's component, 0..len(Sizes)-1. Components are
	// numbered largest first; equal sizes by their lowest node.
	Label []int32
	// Sizes gives the number of nodes in each component.
	Sizes []int
}

// ConnectedComponents finds the connected components of g (weakly connected
// ones for a directed graph: direction is ignored).
func ConnectedComponents(g *Graph) Components {
	n := g.n
	label := make([]int32, n)
	for i := range label {
		label[i] = -1
	}
	var sizes []int
	queue := make([]int32, 0, n)
	for s := 0; s < n; s++ {
		if label[s] >= 0 {
			continue
		}
		c := int32(len(sizes))
		label[s] = c
		queue = append(queue[:0], int32(s))
		for head := 0; head < len(queue); head++ {
			v := int(queue[head])
			for _, w := range g.Out(v) {
				if label[w] < 0 {
					label[w] = c
					queue = append(queue, w)
				}
			}
			if g.directed {
				for _, w := range g.In(v) {
					if label[w] < 0 {
						label[w] = c
						queue = append(queue, w)
					}
				}
			}
		}
		sizes = append(sizes, len(queue))
	}
	// Renumber largest first; the stable sort keeps discovery order (lowest
	// node first) among equal sizes.
	byFound := make([]int32, len(sizes))
	for i := range byFound {
		byFound[i] = int32(i)
	}
	slices.SortStableFunc(byFound, func(a, b int32) int { return sizes[b] - sizes[a] })
	rank := make([]int32, len(sizes))
	sorted := make([]int, len(sizes))
	for r, c := range byFound {
		rank[c] = int32(r)
		sorted[r] = sizes[c]
	}
	for i, c := range label {
		label[i] = rank[c]
	}
	return Components{Label: label, Sizes: sorted}
}

// Isolates lists the organizations with no tie at all, in ascending order:
// members on the map that nobody works with yet.
func Isolates(g *Graph) []int32 {
	var out []int32
	for v := 0; v < g.n; v++ {
		if g.outOff[v] == g.outOff[v+1] && g.inOff[v] == g.inOff[v+1] {
			out = append(out, int32(v))
		}
	}
	return out
}

// Degree counts each organization's ties: its number of partners when ties
// are undirected, incoming plus outgoing ties when they are directed.
func Degree(g *Graph) []int32 {
	d := OutDegree(g)
	if g.directed {
		for v := range d {
			d[v] += g.inOff[v+1] - g.inOff[v]
		}
	}
	return d
}

// OutDegree counts the ties each organization reports or initiates (for
// example referrals it sends). For undirected ties it equals Degree.
func OutDegree(g *Graph) []int32 {
	d := make([]int32, g.n)
	for v := range d {
		d[v] = g.outOff[v+1] - g.outOff[v]
	}
	return d
}

// InDegree counts the ties others direct at each organization (for example
// referrals it receives; in a survey, how many partners name it). For
// undirected ties it equals Degree.
func InDegree(g *Graph) []int32 {
	d := make([]int32, g.n)
	for v := range d {
		d[v] = g.inOff[v+1] - g.inOff[v]
	}
	return d
}

// DegreeCentrality is Degree as a share of the other organizations, so
// networks of different sizes compare: 0.25 means tied to a quarter of the
// network. As networkx, it divides by n-1 (a directed degree counts in and
// out ties, so it can exceed 1), and gives 1 to the only node of a
// one-node graph.
func DegreeCentrality(g *Graph) []float64 { return degreeShare(g, Degree(g)) }

// InDegreeCentrality is InDegree divided by n-1 (networkx's
// in_degree_centrality): how much of the network turns to the organization.
func InDegreeCentrality(g *Graph) []float64 { return degreeShare(g, InDegree(g)) }

// OutDegreeCentrality is OutDegree divided by n-1 (networkx's
// out_degree_centrality): how much of the network the organization reaches
// out to.
func OutDegreeCentrality(g *Graph) []float64 { return degreeShare(g, OutDegree(g)) }

func degreeShare(g *Graph, d []int32) []float64 {
	c := make([]float64, g.n)
	if g.n == 1 {
		c[0] = 1
		return c
	}
	s := 1 / float64(g.n-1)
	for v, k := range d {
		c[v] = float64(k) * s
	}
	return c
}
