package metrics

import (
	"context"
	"fmt"
	"math/rand/v2"
)

// Betweenness measures how often an organization lies on the shortest chains
// of ties between two others: the broker through whom referrals and
// information must pass. A high value means the network depends on that
// organization to connect people who are not tied directly; if it left,
// others would be farther apart or cut off.
//
// It is exact (Brandes' algorithm, one breadth-first search per node,
// ties counted, not weighted) and normalized as networkx's default
// betweenness_centrality(normalized=True): divided by (n-1)(n-2), the most a
// node can have, for directed and undirected graphs alike. It runs on
// GOMAXPROCS workers; ctx cancels it (the error is ctx's) and progress, if
// not nil, hears how many of the n sources are done. Sums are merged in
// whatever order the workers finish, so repeated runs may differ in the last
// bits.
func Betweenness(ctx context.Context, g *Graph, progress Progress) ([]float64, error) {
	bc, err := brandes(ctx, g, nil, progress)
	if err != nil {
		return nil, fmt.Errorf("betweenness: %w", err)
	}
	rescaleBetweenness(bc, g.n, g.n)
	return bc, nil
}

// SampledBetweenness estimates Betweenness from k source organizations
// drawn at random (seeded, so the same seed gives the same answer), for
// networks too large for the exact value. Like networkx's
// betweenness_centrality(k=k, seed=...), it scales the partial sums by n/k,
// so values are on the same scale as the exact ones; the ranking of the top
// brokers is what it gets right first. k >= n gives the exact value.
func SampledBetweenness(ctx context.Context, g *Graph, k int, seed uint64, progress Progress) ([]float64, error) {
	if k <= 0 {
		return nil, fmt.Errorf("sampled betweenness: k = %d, want at least 1", k)
	}
	var sources []int32
	if k < g.n {
		sources = samplePivots(g.n, k, seed)
	} else {
		k = g.n
	}
	bc, err := brandes(ctx, g, sources, progress)
	if err != nil {
		return nil, fmt.Errorf("sampled betweenness: %w", err)
	}
	rescaleBetweenness(bc, g.n, k)
	return bc, nil
}

// samplePivots draws k distinct nodes of 0..n-1 (a partial Fisher-Yates
// shuffle driven by a PCG seeded with seed).
func samplePivots(n, k int, seed uint64) []int32 {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	for i := range k {
		j := i + rng.IntN(n-i)
		all[i], all[j] = all[j], all[i]
	}
	return all[:k:k]
}

// rescaleBetweenness applies networkx's normalized scale, 1/((n-1)(n-2)),
// times n/k when only k sources were used. Below three nodes nobody can be
// between two others and networkx leaves the (zero) sums alone.
func rescaleBetweenness(bc []float64, n, k int) {
	if n <= 2 {
		return
	}
	scale := 1 / (float64(n-1) * float64(n-2))
	if k != n {
		scale *= float64(n) / float64(k)
	}
	for i := range bc {
		bc[i] *= scale
	}
}

// brandesScratch is one worker's state: BFS distances, path counts, the
// visit order (reused as the queue), the dependency coefficients and its
// partial sums.
type brandesScratch struct {
	dist   []int32
	sigma  []float64
	coef   []float64 // (1 + delta[w]) / sigma[w], ready for the parents of w
	order  []int32   // BFS order; levels[l] is where level l starts in it
	levels []int32
	delta  []float64 // by position in order
	bc     []float64
}

// brandes sums the pair dependencies of every node over the given sources
// (all nodes when nil), unscaled.
func brandes(ctx context.Context, g *Graph, sources []int32, progress Progress) ([]float64, error) {
	n := g.n
	g, perm := relabelByBFS(g)
	if perm != nil && sources != nil {
		relabelled := make([]int32, len(sources))
		for i, s := range sources {
			relabelled[i] = perm[s]
		}
		sources = relabelled
	}
	workers, err := forEachSource(ctx, n, sources, progress, func() *brandesScratch {
		s := &brandesScratch{
			dist:  make([]int32, n),
			sigma: make([]float64, n),
			coef:  make([]float64, n),
			order: make([]int32, 0, n),
			delta: make([]float64, n),
			bc:    make([]float64, n),
		}
		for i := range s.dist {
			s.dist[i] = -1
		}
		return s
	}, func(w *brandesScratch, s int32) { w.visit(g, s) })
	if err != nil {
		return nil, err
	}
	bc := workers[0].bc
	for _, w := range workers[1:] {
		for i, x := range w.bc {
			bc[i] += x
		}
	}
	if perm != nil {
		out := make([]float64, n)
		for v, p := range perm {
			out[v] = bc[p]
		}
		bc = out
	}
	return bc, nil
}

// visit runs one breadth-first search from s along out-ties, counts the
// shortest paths level by level, then walks back level by level from the
// farthest, pulling each node's dependency from its successors.
//
// Neither counting pass tests distances, which is the hard-to-predict branch
// in Brandes' algorithm. A tie u→w joins levels with dist(w) <= dist(u)+1.
// Counting level d+1, every in-neighbour lies at level d or deeper, and only
// levels up to d have counts yet (level d+1's are written once the level is
// done), so summing sigma over the in-row adds exactly the parents. Walking
// back over level d, every out-neighbour lies at level d+1 or shallower,
// and only deeper levels have coefficients yet, so summing coef over the
// out-row adds exactly the successors. No predecessor lists are kept.
func (b *brandesScratch) visit(g *Graph, s int32) {
	dist, sigma, coef := b.dist, b.sigma, b.coef
	off, adj := g.outOff, g.outAdj
	order := append(b.order[:0], s)
	levels := append(b.levels[:0], 0)
	dist[s] = 0
	for head := 0; head < len(order); head++ {
		v := order[head]
		next := dist[v] + 1
		if int(next) == len(levels) {
			levels = append(levels, int32(len(order)))
		}
		for _, w := range adj[off[v]:off[v+1]] {
			if dist[w] < 0 {
				dist[w] = next
				order = append(order, w)
			}
		}
	}
	levels = append(levels, int32(len(order)))
	tmp := b.delta[:len(order)]

	inOff, inAdj := g.inOff, g.inAdj
	sigma[s] = 1
	for l := 1; l < len(levels)-1; l++ {
		lo, hi := levels[l], levels[l+1]
		for i := lo; i < hi; i++ {
			v := order[i]
			acc := 0.0
			for _, u := range inAdj[inOff[v]:inOff[v+1]] {
				acc += sigma[u]
			}
			tmp[i] = acc
		}
		for i := lo; i < hi; i++ {
			sigma[order[i]] = tmp[i]
		}
	}

	bc := b.bc
	// Level 0 is s itself, which gets no credit for its own paths.
	for l := len(levels) - 2; l >= 1; l-- {
		lo, hi := levels[l], levels[l+1]
		for i := lo; i < hi; i++ {
			v := order[i]
			acc := 0.0
			for _, w := range adj[off[v]:off[v+1]] {
				acc += coef[w]
			}
			tmp[i] = sigma[v] * acc
		}
		for i := lo; i < hi; i++ {
			v := order[i]
			bc[v] += tmp[i]
			coef[v] = (1 + tmp[i]) / sigma[v]
		}
	}
	for _, v := range order {
		dist[v] = -1
		sigma[v] = 0
		coef[v] = 0
	}
	b.order, b.levels = order, levels
}
