package network

import (
	"context"
	"fmt"
	"sort"

	"backbone/internal/network/metrics"
)

// Analysis is the network analysis of one network: figures for the whole,
// and per organization. Centralities are normalized as networkx does by
// default, computed on the network with direction ignored (a tie either way
// joins two organizations); in and out degree keep the direction (who named
// whom).
type Analysis struct {
	Network       Summary       `json:"network"`
	Organizations []OrgAnalysis `json:"organizations"`
}

// Summary describes the network as a whole.
type Summary struct {
	Organizations int     `json:"organizations"`
	Ties          int     `json:"ties"`
	Density       float64 `json:"density"`
	Components    int     `json:"components"`
	Largest       int     `json:"largest_component"`
	Isolates      int     `json:"isolates"`
}

// OrgAnalysis holds one organization's figures.
type OrgAnalysis struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Sector         string   `json:"sector"`
	Degree         int      `json:"degree"`
	InDegree       int      `json:"in_degree"`
	OutDegree      int      `json:"out_degree"`
	DegreeCent     float64  `json:"degree_centrality"`
	Betweenness    float64  `json:"betweenness"`
	Closeness      float64  `json:"closeness"`
	Eigenvector    float64  `json:"eigenvector"`
	Constraint     *float64 `json:"constraint"` // nil for an isolate (networkx gives NaN)
	BrokerScore    int      `json:"broker_score"`
	SectorsBridged int      `json:"sectors_bridged"`
	Component      int      `json:"component"`
}

// Analyze computes the analysis of n. Exact betweenness and closeness run in
// parallel and stop when ctx ends.
func Analyze(ctx context.Context, n *Network) (*Analysis, error) {
	N := len(n.Orgs)
	var directed, undirected [][2]int32
	seen := map[[2]int32]bool{}
	for _, t := range n.Ties {
		a, b := int32(n.Index[t.FromID]), int32(n.Index[t.ToID])
		directed = append(directed, [2]int32{a, b})
		if a > b {
			a, b = b, a
		}
		if !seen[[2]int32{a, b}] {
			seen[[2]int32{a, b}] = true
			undirected = append(undirected, [2]int32{a, b})
		}
	}
	dg, err := metrics.NewGraph(N, directed, true)
	if err != nil {
		return nil, fmt.Errorf("analysis: %w", err)
	}
	ug, err := metrics.NewGraph(N, undirected, false)
	if err != nil {
		return nil, fmt.Errorf("analysis: %w", err)
	}
	comps := metrics.ConnectedComponents(ug)
	a := &Analysis{Network: Summary{Organizations: N, Ties: len(undirected), Density: metrics.Density(ug),
		Components: len(comps.Sizes), Isolates: len(metrics.Isolates(ug))}, Organizations: make([]OrgAnalysis, N)}
	if len(comps.Sizes) > 0 {
		a.Network.Largest = comps.Sizes[0]
	}
	if N == 0 {
		return a, nil
	}
	between, err := metrics.Betweenness(ctx, ug, nil)
	if err != nil {
		return nil, err
	}
	close, err := metrics.Closeness(ctx, ug, nil)
	if err != nil {
		return nil, err
	}
	eigen, err := metrics.Eigenvector(ug)
	if err != nil {
		// A network with no ties, or one where power iteration does not
		// settle, has no meaningful eigenvector centrality: leave zeros.
		eigen = make([]float64, N)
	}
	constraint := metrics.Constraint(ug)
	deg, in, out := metrics.Degree(ug), metrics.InDegree(dg), metrics.OutDegree(dg)
	degc := metrics.DegreeCentrality(ug)
	sectorIndex := map[string]int32{}
	group := make([]int32, N)
	for i, o := range n.Orgs {
		s := o.Sector()
		if _, ok := sectorIndex[s]; !ok {
			sectorIndex[s] = int32(len(sectorIndex))
		}
		group[i] = sectorIndex[s]
	}
	brokers, err := metrics.Brokers(ug, group)
	if err != nil {
		return nil, err
	}
	for i, o := range n.Orgs {
		oa := OrgAnalysis{ID: o.ID, Name: o.Name, Sector: o.Sector(), Degree: int(deg[i]), InDegree: int(in[i]), OutDegree: int(out[i]),
			DegreeCent: degc[i], Betweenness: between[i], Closeness: close[i], Eigenvector: eigen[i], Component: int(comps.Label[i])}
		if c := constraint[i]; c == c { // not NaN
			oa.Constraint = &c
		}
		a.Organizations[i] = oa
	}
	for _, b := range brokers {
		a.Organizations[b.Node].BrokerScore = b.Score()
		a.Organizations[b.Node].SectorsBridged = b.Groups
	}
	return a, nil
}

// SortBy orders the organizations by a column, largest first (constraint:
// smallest first, since low constraint means more brokerage), then by name.
func (a *Analysis) SortBy(column string) error {
	key := map[string]func(o OrgAnalysis) float64{
		"degree": func(o OrgAnalysis) float64 { return float64(o.Degree) }, "in_degree": func(o OrgAnalysis) float64 { return float64(o.InDegree) },
		"out_degree": func(o OrgAnalysis) float64 { return float64(o.OutDegree) }, "betweenness": func(o OrgAnalysis) float64 { return o.Betweenness },
		"closeness": func(o OrgAnalysis) float64 { return o.Closeness }, "eigenvector": func(o OrgAnalysis) float64 { return o.Eigenvector },
		"broker_score": func(o OrgAnalysis) float64 { return float64(o.BrokerScore) },
		"constraint": func(o OrgAnalysis) float64 {
			if o.Constraint == nil {
				return -2 // isolates last
			}
			return -*o.Constraint
		},
	}
	if column == "" || column == "name" {
		sort.SliceStable(a.Organizations, func(i, j int) bool { return a.Organizations[i].Name < a.Organizations[j].Name })
		return nil
	}
	f, ok := key[column]
	if !ok {
		return fmt.Errorf("cannot sort by %q", column)
	}
	sort.SliceStable(a.Organizations, func(i, j int) bool {
		x, y := f(a.Organizations[i]), f(a.Organizations[j])
		if x != y {
			return x > y
		}
		return a.Organizations[i].Name < a.Organizations[j].Name
	})
	return nil
}

// SortColumns are the columns an analysis can be sorted by.
var SortColumns = []string{"name", "degree", "in_degree", "out_degree", "betweenness", "closeness", "eigenvector", "constraint", "broker_score"}
