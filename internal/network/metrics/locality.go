package metrics

// relabelByBFS returns a copy of g with nodes renumbered in breadth-first
// order (ignoring direction), and perm with perm[old] = new. Neighbours then
// sit at nearby indices, so the per-node arrays a search touches share cache
// lines: on a 100k-node network that halves the time of a search, whose
// cost is otherwise cache misses. Small graphs are returned as they are.
func relabelByBFS(g *Graph) (*Graph, []int32) {
	n := g.n
	if n < 1<<14 {
		return g, nil
	}
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = -1
	}
	order := make([]int32, 0, n)
	for s := range n {
		if perm[s] >= 0 {
			continue
		}
		perm[s] = int32(len(order))
		order = append(order, int32(s))
		for head := len(order) - 1; head < len(order); head++ {
			v := order[head]
			for _, nb := range [2][]int32{g.Out(int(v)), g.In(int(v))} {
				for _, w := range nb {
					if perm[w] < 0 {
						perm[w] = int32(len(order))
						order = append(order, w)
					}
				}
			}
		}
	}
	permute := func(off, adj []int32) ([]int32, []int32) {
		newOff := make([]int32, n+1)
		newAdj := make([]int32, 0, len(adj))
		for i, v := range order {
			for _, w := range adj[off[v]:off[v+1]] {
				newAdj = append(newAdj, perm[w])
			}
			newOff[i+1] = int32(len(newAdj))
		}
		return newOff, newAdj
	}
	h := &Graph{n: n, m: g.m, directed: g.directed}
	h.outOff, h.outAdj = permute(g.outOff, g.outAdj)
	if g.directed {
		h.inOff, h.inAdj = permute(g.inOff, g.inAdj)
	} else {
		h.inOff, h.inAdj = h.outOff, h.outAdj
	}
	return h, perm
}
