package metrics

import (
	"fmt"
	"slices"
)

// Broker describes how an organization bridges groups (sectors, counties,
// or any other label) that are not otherwise tied. Direction of ties is
// ignored.
type Broker struct {
	Node int32
	// Groups is the number of groups other than its own that it has a tie to.
	Groups int
	// SoleLinks counts the other groups to which it is its own group's only
	// link: every tie between its group and that group is one of its ties
	// (a gatekeeper; without it the two groups have no direct tie).
	SoleLinks int
	// BrokeredPairs counts the pairs of other groups it is tied to that have
	// no direct tie with each other (a liaison: it joins two groups that
	// otherwise do not work together).
	BrokeredPairs int
}

// Score is the number of group-to-group connections that run only through
// the organization: SoleLinks + BrokeredPairs.
func (b Broker) Score() int { return b.SoleLinks + b.BrokeredPairs }

// Brokers finds the organizations that bridge otherwise unconnected groups,
// given each node's group (group[v] >= 0, for example its sector). It
// returns every node tied to at least one other group, ranked by Score,
// then by Groups, both descending, then by node. The first ones are those
// whose departure would leave groups without any tie between them: the
// partnerships to protect, or to back up with a second tie.
func Brokers(g *Graph, group []int32) ([]Broker, error) {
	if len(group) != g.n {
		return nil, fmt.Errorf("brokers: %d group labels for %d nodes", len(group), g.n)
	}
	numGroups := 0
	for v, c := range group {
		if c < 0 {
			return nil, fmt.Errorf("brokers: node %d has group %d, want >= 0", v, c)
		}
		numGroups = max(numGroups, int(c)+1)
	}
	off, adj, _ := undirectedView(g)
	between := newGroupTies(numGroups)
	for u := range g.n {
		for _, v := range adj[off[u]:off[u+1]] {
			if int(v) > u && group[u] != group[v] {
				between.add(group[u], group[v])
			}
		}
	}

	var out []Broker
	count := make([]int32, numGroups) // ties from the current node to each group
	var reached []int32
	for v := range g.n {
		own := group[v]
		reached = reached[:0]
		for _, u := range adj[off[v]:off[v+1]] {
			h := group[u]
			if h == own {
				continue
			}
			if count[h] == 0 {
				reached = append(reached, h)
			}
			count[h]++
		}
		if len(reached) == 0 {
			continue
		}
		b := Broker{Node: int32(v), Groups: len(reached)}
		for i, h := range reached {
			if count[h] == between.get(own, h) {
				b.SoleLinks++
			}
			for _, k := range reached[i+1:] {
				if between.get(h, k) == 0 {
					b.BrokeredPairs++
				}
			}
		}
		for _, h := range reached {
			count[h] = 0
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Broker) int {
		if d := b.Score() - a.Score(); d != 0 {
			return d
		}
		if d := b.Groups - a.Groups; d != 0 {
			return d
		}
		return int(a.Node - b.Node)
	})
	return out, nil
}

// groupTies counts ties between each pair of groups: a dense matrix when
// the groups are few (sectors, counties), a map when they are many.
type groupTies struct {
	n      int
	dense  []int32
	sparse map[uint64]int32
}

func newGroupTies(n int) *groupTies {
	if n*n <= 1<<22 {
		return &groupTies{n: n, dense: make([]int32, n*n)}
	}
	return &groupTies{n: n, sparse: make(map[uint64]int32)}
}

func (t *groupTies) add(a, b int32) {
	if t.dense != nil {
		t.dense[int(a)*t.n+int(b)]++
		t.dense[int(b)*t.n+int(a)]++
		return
	}
	t.sparse[pairKey(a, b)]++
}

func (t *groupTies) get(a, b int32) int32 {
	if t.dense != nil {
		return t.dense[int(a)*t.n+int(b)]
	}
	return t.sparse[pairKey(a, b)]
}

func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}
