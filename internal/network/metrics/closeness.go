package metrics

import (
	"context"
	"fmt"
)

// Closeness measures how few steps an organization is from everyone it can
// reach: 1 means tied directly to all others; a low value means news and
// referrals take many hand-offs to get there. For directed ties it counts
// steps from the others to the organization (how easily the network reaches
// it), as networkx does.
//
// It is networkx's closeness_centrality with wf_improved=True: (r-1)/total
// distance to the r-1 others that reach it, times (r-1)/(n-1), the
// Wasserman-Faust correction, so that an organization close to everyone in
// a small, separate component does not outrank one close to a large one.
// An organization nobody reaches gets 0. It runs on GOMAXPROCS workers; ctx
// cancels it and progress, if not nil, hears how many of the n nodes are
// done.
func Closeness(ctx context.Context, g *Graph, progress Progress) ([]float64, error) {
	n := g.n
	out := make([]float64, n)
	g, perm := relabelByBFS(g)
	type scratch struct {
		dist  []int32
		queue []int32
	}
	_, err := forEachSource(ctx, n, nil, progress, func() *scratch {
		s := &scratch{dist: make([]int32, n), queue: make([]int32, 0, n)}
		for i := range s.dist {
			s.dist[i] = -1
		}
		return s
	}, func(w *scratch, s int32) {
		reached, total := bfsDistances(g.inOff, g.inAdj, s, w.dist, w.queue[:0])
		if total > 0 && n > 1 {
			r := float64(reached - 1)
			c := r / float64(total)
			c *= r / float64(n-1)
			out[s] = c
		}
	})
	if err != nil {
		return nil, fmt.Errorf("closeness: %w", err)
	}
	if perm != nil {
		byOrig := make([]float64, n)
		for v, p := range perm {
			byOrig[v] = out[p]
		}
		out = byOrig
	}
	return out, nil
}

// bfsDistances walks the CSR rows from s and returns how many nodes it
// reached (s included) and the sum of their distances. dist must be all -1
// and is left so; queue is scratch space.
func bfsDistances(off, adj []int32, s int32, dist, queue []int32) (reached int, total int64) {
	queue = append(queue, s)
	dist[s] = 0
	for head := 0; head < len(queue); head++ {
		v := queue[head]
		next := dist[v] + 1
		for _, w := range adj[off[v]:off[v+1]] {
			if dist[w] < 0 {
				dist[w] = next
				total += int64(next)
				queue = append(queue, w)
			}
		}
	}
	for _, v := range queue {
		dist[v] = -1
	}
	return len(queue), total
}
