// Command gen writes a seeded network shaped like a regional partnership
// network, for timing Backbone's network metrics against igraph and
// networkx (see bench/network/README.md).
//
// Organizations belong to one of 12 sectors and one of n/250 counties; a
// sector in a county is a cluster. Most ties stay inside the cluster, some
// cross to other sectors in the county or to the same sector elsewhere,
// and about 1% of organizations are hubs (county coalitions, state
// associations, funders) with ties across their county or the whole region.
// The average degree is about 20.
//
//	go run ./bench/network/gen -n 10000 -seed 1 -out bench/out/network/p10k
//
// writes p10k.edges ("u v" per line, 0-based, each tie once, after a
// "# nodes N ties M" line) and p10k.groups ("node sector county").
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// sectorShare gives how common each sector is (health and social services
// dominate a directory, transportation is scarce).
var sectorShare = []float64{0.16, 0.12, 0.08, 0.12, 0.10, 0.10, 0.08, 0.05, 0.04, 0.07, 0.05, 0.03}

func main() {
	n := flag.Int("n", 1000, "organizations")
	degree := flag.Float64("degree", 20, "average number of ties per organization")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "bench/out/network/p1k", "output path without extension")
	flag.Parse()
	if err := run(*n, *degree, *seed, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type network struct {
	sector, county []int32
	hub            []bool
	cluster        [][]int32 // members by sector*counties + county
	byCounty       [][]int32
	bySector       [][]int32
}

func run(n int, degree float64, seed uint64, out string) error {
	if n < 2 {
		return fmt.Errorf("need at least 2 organizations, got %d", n)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	counties := max(1, n/250)
	sectors := len(sectorShare)
	nw := network{
		sector:   make([]int32, n),
		county:   make([]int32, n),
		hub:      make([]bool, n),
		cluster:  make([][]int32, sectors*counties),
		byCounty: make([][]int32, counties),
		bySector: make([][]int32, sectors),
	}
	for v := range n {
		s := pickSector(rng.Float64())
		// Counties differ in size: a few cities, many rural counties.
		c := int(float64(counties) * rng.Float64() * rng.Float64())
		nw.sector[v], nw.county[v] = int32(s), int32(c)
		nw.hub[v] = rng.Float64() < 0.01
		nw.cluster[s*counties+c] = append(nw.cluster[s*counties+c], int32(v))
		nw.byCounty[c] = append(nw.byCounty[c], int32(v))
		nw.bySector[s] = append(nw.bySector[s], int32(v))
	}

	target := int(float64(n) * degree / 2)
	seen := make(map[uint64]struct{}, target)
	edges := make([][2]int32, 0, target)
	add := func(u, v int32) {
		if u == v {
			return
		}
		a, b := min(u, v), max(u, v)
		k := uint64(a)<<32 | uint64(b)
		if _, dup := seen[k]; dup {
			return
		}
		seen[k] = struct{}{}
		edges = append(edges, [2]int32{a, b})
	}
	pick := func(xs []int32) int32 { return xs[rng.IntN(len(xs))] }
	hubs := []int32{}
	for v := range n {
		if nw.hub[v] {
			hubs = append(hubs, int32(v))
		}
	}
	// A tenth of the ties belong to hubs: half county-wide, half regional.
	for len(edges) < target/10 && len(hubs) > 0 {
		h := pick(hubs)
		if rng.Float64() < 0.5 {
			add(h, pick(nw.byCounty[nw.county[h]]))
		} else {
			add(h, int32(rng.IntN(n)))
		}
	}
	for len(edges) < target {
		u := int32(rng.IntN(n))
		s, c := nw.sector[u], nw.county[u]
		switch r := rng.Float64(); {
		case r < 0.65: // same sector, same county
			add(u, pick(nw.cluster[int(s)*counties+int(c)]))
		case r < 0.85: // another sector in the county
			add(u, pick(nw.byCounty[c]))
		case r < 0.95: // the same sector elsewhere
			add(u, pick(nw.bySector[s]))
		default: // anywhere, often a hub
			if len(hubs) > 0 && rng.Float64() < 0.5 {
				add(u, pick(hubs))
			} else {
				add(u, int32(rng.IntN(n)))
			}
		}
	}
	return write(out, n, edges, nw)
}

func pickSector(x float64) int {
	for s, p := range sectorShare {
		if x < p {
			return s
		}
		x -= p
	}
	return len(sectorShare) - 1
}

func write(out string, n int, edges [][2]int32, nw network) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out + ".edges")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "# nodes %d ties %d\n", n, len(edges))
	for _, e := range edges {
		fmt.Fprintf(w, "%d %d\n", e[0], e[1])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	f, err = os.Create(out + ".groups")
	if err != nil {
		return err
	}
	w = bufio.NewWriter(f)
	for v := range n {
		fmt.Fprintf(w, "%d %d %d\n", v, nw.sector[v], nw.county[v])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
