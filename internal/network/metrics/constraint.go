package metrics

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Constraint is Burt's constraint: how much an organization's partners are
// tied to one another. High constraint (up to about 1) means its partners
// all know each other, so it hears nothing they do not; low constraint means
// its partners are otherwise unconnected and it spans structural holes,
// the position of a broker who can bring separate groups together. Rank
// ascending to find brokers.
//
// It is networkx's constraint (unweighted): for each partner j, (p_ij +
// Σ_q p_iq·p_qj)², summed, where p_ij is the share of i's ties that go to j
// (a reciprocated directed tie counts twice, direction otherwise ignored).
// An organization with no ties gets NaN. networkx also gives NaN to a
// directed node that has only incoming ties; here such a node gets the
// value networkx's own formula gives it.
func Constraint(g *Graph) []float64 {
	off, adj, mw := undirectedView(g)
	n := g.n
	invS := make([]float64, n) // 1 / Σ_j mutual weight(i, j)
	for v := range n {
		s := 0
		for i := off[v]; i < off[v+1]; i++ {
			s += weightAt(mw, i)
		}
		if s > 0 {
			invS[v] = 1 / float64(s)
		}
	}
	out := make([]float64, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			pos := make([]int32, n) // index of a node in the current row, or -1
			for i := range pos {
				pos[i] = -1
			}
			var indirect []float64
			for {
				u := int(next.Add(1)) - 1
				if u >= n {
					return
				}
				a, b := off[u], off[u+1]
				if a == b {
					out[u] = math.NaN()
					continue
				}
				indirect = indirect[:0]
				for i := a; i < b; i++ {
					pos[adj[i]] = i - a
					indirect = append(indirect, 0)
				}
				for i := a; i < b; i++ {
					q := adj[i]
					puq := float64(weightAt(mw, i)) * invS[u]
					for k := off[q]; k < off[q+1]; k++ {
						if p := pos[adj[k]]; p >= 0 {
							indirect[p] += puq * float64(weightAt(mw, k)) * invS[q]
						}
					}
				}
				c := 0.0
				for i := a; i < b; i++ {
					t := float64(weightAt(mw, i))*invS[u] + indirect[i-a]
					c += t * t
					pos[adj[i]] = -1
				}
				out[u] = c
			}
		})
	}
	wg.Wait()
	return out
}

// undirectedView returns every node's partners regardless of direction, in
// ascending order, with the mutual weight of each pair (ties i→j plus j→i).
// For an undirected graph that is the graph itself with every weight 2,
// signalled by a nil weight slice.
func undirectedView(g *Graph) (off, adj []int32, mw []uint8) {
	if !g.directed {
		return g.outOff, g.outAdj, nil
	}
	n := g.n
	off = make([]int32, n+1)
	adj = make([]int32, 0, len(g.outAdj)+len(g.inAdj))
	mw = make([]uint8, 0, cap(adj))
	for v := range n {
		o, in := g.Out(v), g.In(v)
		i, j := 0, 0
		for i < len(o) || j < len(in) {
			switch {
			case j == len(in) || (i < len(o) && o[i] < in[j]):
				adj, mw = append(adj, o[i]), append(mw, 1)
				i++
			case i == len(o) || in[j] < o[i]:
				adj, mw = append(adj, in[j]), append(mw, 1)
				j++
			default:
				adj, mw = append(adj, o[i]), append(mw, 2)
				i++
				j++
			}
		}
		off[v+1] = int32(len(adj))
	}
	return off, adj, mw
}

func weightAt(mw []uint8, i int32) int {
	if mw == nil {
		return 2
	}
	return int(mw[i])
}
