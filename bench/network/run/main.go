// Command run times each of Backbone's network metrics on an edge-list file
// written by bench/network/gen and prints one JSON line per measurement,
// for bench/network/compare.sh (see bench/network/README.md):
//
//	go run ./bench/network/run -edges bench/out/network/p10k.edges
//
// With -exact=false it skips exact closeness and betweenness (for 100k
// nodes). When both exact and sampled betweenness run, it also reports
// which share of the exact top 100 the sample finds.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"backbone/internal/network/metrics"
)

func main() {
	edgesPath := flag.String("edges", "bench/out/network/p1k.edges", "edge list written by gen")
	groupsPath := flag.String("groups", "", "groups file (default: the edge list's .groups)")
	exact := flag.Bool("exact", true, "time exact closeness and betweenness")
	pivots := flag.Int("pivots", 0, "sources for sampled betweenness (0: a default for the size)")
	seed := flag.Uint64("seed", 1, "seed for the sampled betweenness pivots")
	flag.Parse()
	if *groupsPath == "" {
		*groupsPath = strings.TrimSuffix(*edgesPath, ".edges") + ".groups"
	}
	if err := run(*edgesPath, *groupsPath, *exact, *pivots, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "run:", err)
		os.Exit(1)
	}
}

type record struct {
	Tool    string  `json:"tool"`
	Metric  string  `json:"metric"`
	Seconds float64 `json:"seconds,omitempty"`
	Value   any     `json:"value,omitempty"`
}

func emit(r record) {
	r.Tool = "backbone"
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}

func timed(metric string, f func() error) error {
	start := time.Now()
	if err := f(); err != nil {
		return fmt.Errorf("%s: %w", metric, err)
	}
	emit(record{Metric: metric, Seconds: time.Since(start).Seconds()})
	return nil
}

// defaultPivots is enough sources for the sample to find 90% of the top 100
// brokers at 10k organizations while staying well under 15 s at 100k.
func defaultPivots(n int) int {
	return min(n, 500)
}

func run(edgesPath, groupsPath string, exact bool, pivots int, seed uint64) error {
	ctx := context.Background()
	var g *metrics.Graph
	if err := timed("load", func() error {
		n, edges, err := readEdges(edgesPath)
		if err != nil {
			return err
		}
		g, err = metrics.NewGraph(n, edges, false)
		return err
	}); err != nil {
		return err
	}
	group, err := readGroups(groupsPath, g.N())
	if err != nil {
		return err
	}
	emit(record{Metric: "nodes", Value: g.N()})
	emit(record{Metric: "ties", Value: g.M()})
	emit(record{Metric: "workers", Value: runtime.GOMAXPROCS(0)})

	var density float64
	var comps metrics.Components
	steps := []struct {
		name string
		f    func() error
	}{
		{"density", func() error { density = metrics.Density(g); return nil }},
		{"components", func() error { comps = metrics.ConnectedComponents(g); return nil }},
		{"isolates", func() error { metrics.Isolates(g); return nil }},
		{"degree", func() error { metrics.DegreeCentrality(g); return nil }},
		{"eigenvector", func() error { _, err := metrics.Eigenvector(g); return err }},
		{"constraint", func() error { metrics.Constraint(g); return nil }},
		{"brokers", func() error { _, err := metrics.Brokers(g, group); return err }},
	}
	for _, s := range steps {
		if err := timed(s.name, s.f); err != nil {
			return err
		}
	}
	emit(record{Metric: "density_value", Value: density})
	emit(record{Metric: "components_value", Value: len(comps.Sizes)})

	var exactBC, sampledBC []float64
	if exact {
		if err := timed("closeness", func() error { _, err := metrics.Closeness(ctx, g, nil); return err }); err != nil {
			return err
		}
		if err := timed("betweenness", func() (err error) { exactBC, err = metrics.Betweenness(ctx, g, nil); return err }); err != nil {
			return err
		}
	}
	if pivots == 0 {
		pivots = defaultPivots(g.N())
	}
	emit(record{Metric: "pivots", Value: pivots})
	if err := timed("sampled_betweenness", func() (err error) {
		sampledBC, err = metrics.SampledBetweenness(ctx, g, pivots, seed, nil)
		return err
	}); err != nil {
		return err
	}
	if exactBC != nil {
		top := metrics.Top(exactBC, 100)
		found := 0
		for _, v := range metrics.Top(sampledBC, 100) {
			if slices.Contains(top, v) {
				found++
			}
		}
		emit(record{Metric: "top100_recall", Value: float64(found) / float64(len(top))})
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		emit(record{Metric: "peak_rss_mb", Value: float64(ru.Maxrss) / 1024})
	}
	return nil
}

// readEdges reads gen's format: a "# nodes N ..." line, then "u v" lines.
func readEdges(path string) (int, [][2]int32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := -1
	var edges [][2]int32
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "#") {
			if fields := strings.Fields(text); len(fields) >= 3 && fields[1] == "nodes" {
				if n, err = strconv.Atoi(fields[2]); err != nil {
					return 0, nil, fmt.Errorf("%s:%d: %w", path, line, err)
				}
				if len(fields) >= 5 {
					if m, err := strconv.Atoi(fields[4]); err == nil {
						edges = make([][2]int32, 0, m)
					}
				}
			}
			continue
		}
		a, b, ok := strings.Cut(text, " ")
		u, err1 := strconv.ParseInt(a, 10, 32)
		v, err2 := strconv.ParseInt(b, 10, 32)
		if !ok || err1 != nil || err2 != nil {
			return 0, nil, fmt.Errorf("%s:%d: want \"u v\", got %q", path, line, text)
		}
		edges = append(edges, [2]int32{int32(u), int32(v)})
	}
	if err := sc.Err(); err != nil {
		return 0, nil, err
	}
	if n < 0 {
		return 0, nil, fmt.Errorf("%s: no \"# nodes N\" line", path)
	}
	return n, edges, nil
}

// readGroups reads "node sector county" lines and labels each node by its
// sector: brokers are organizations bridging otherwise unconnected sectors.
func readGroups(path string, n int) ([]int32, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	group := make([]int32, n)
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, err1 := strconv.Atoi(fields[0])
		s, err2 := strconv.Atoi(fields[1])
		if err1 != nil || err2 != nil || v < 0 || v >= n || s < 0 {
			return nil, fmt.Errorf("%s:%d: bad line %q", path, line, sc.Text())
		}
		group[v] = int32(s)
	}
	return group, sc.Err()
}
