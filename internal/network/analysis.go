package network

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"backbone/internal/network/metrics"
)

// Analysis is the network analysis of one network: figures for the whole,
// and per organization. Centralities are normalized as networkx does by
// default, computed on the network with direction ignored (a tie either way
// joins two organizations); in and out degree keep the direction (who named
// whom).
type Analysis struct {
	Network       Summary       `json:"network"`
	Method        Method        `json:"method"`
	Organizations []OrgAnalysis `json:"organizations"`
	// Ties are the relationships of the network that the survey rated, with
	// the average trust and value the two sides gave each other.
	Ties []TieScore `json:"ties"`
	// Survey is the wave the trust and value scores come from; nil when no
	// closed wave applies.
	Survey *ScoreSource `json:"survey"`
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

// How betweenness and closeness were computed.
const (
	Exact       = "exact"        // in the request, every organization a source
	Sampled     = "sampled"      // betweenness estimated from a sample of sources
	ExactJob    = "exact_job"    // exact, from a finished background job
	NotComputed = "not_computed" // closeness of a large network without a job
)

// Method says how the path-based measures were computed, so that a page or
// a script can tell an estimate from an exact figure.
type Method struct {
	Betweenness string `json:"betweenness"`
	Closeness   string `json:"closeness"`
	// Sample is how many source organizations sampled betweenness used.
	Sample int `json:"sample"`
	// ComputedAt is when the background job computed the exact values.
	ComputedAt *time.Time `json:"computed_at"`
	// JobID is that job.
	JobID int64 `json:"job_id"`
	// Stale is true when the network has changed size since the job ran.
	Stale bool `json:"stale"`
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
	Closeness      *float64 `json:"closeness"` // nil when not computed (a large network without an exact job)
	Eigenvector    float64  `json:"eigenvector"`
	Constraint     *float64 `json:"constraint"` // nil for an isolate (networkx gives NaN)
	BrokerScore    int      `json:"broker_score"`
	SectorsBridged int      `json:"sectors_bridged"`
	Component      int      `json:"component"`
	// Trust and Value are the averages (1–4) of what the others said of
	// this organization in the survey; nil when nobody rated it.
	Trust   *float64 `json:"trust"`
	Value   *float64 `json:"value"`
	RatedBy int      `json:"rated_by"`
}

// TieScore is a relationship with the survey's scores of it.
type TieScore struct {
	AID   string   `json:"a_organization_id"`
	AName string   `json:"a_organization_name"`
	BID   string   `json:"b_organization_id"`
	BName string   `json:"b_organization_name"`
	Trust *float64 `json:"trust"`
	Value *float64 `json:"value"`
}

// ScoreSource names the survey wave scores come from.
type ScoreSource struct {
	WaveID   int64     `json:"wave_id"`
	Name     string    `json:"name"`
	ClosedAt time.Time `json:"closed_at"`
}

// Options say how Analyze computes the costly measures.
type Options struct {
	// Sample, when above 0 and below the network's size, estimates
	// betweenness from that many sources and leaves closeness out.
	Sample int
	// Seed drives the sample, so the same network gives the same figures.
	Seed uint64
	// Progress, if not nil, hears the phase ("betweenness", "closeness")
	// and how many of its sources are done.
	Progress func(phase string, done, total int)
}

// Analyze computes the exact analysis of n. Betweenness and closeness run
// in parallel and stop when ctx ends.
func Analyze(ctx context.Context, n *Network) (*Analysis, error) {
	return AnalyzeWith(ctx, n, Options{})
}

// graphs returns n as a directed graph (who named whom) and as an
// undirected one, and the undirected pairs.
func graphs(n *Network) (dg, ug *metrics.Graph, undirected [][2]int32, err error) {
	var directed [][2]int32
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
	dg, err = metrics.NewGraph(len(n.Orgs), directed, true)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("analysis: %w", err)
	}
	ug, err = metrics.NewGraph(len(n.Orgs), undirected, false)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("analysis: %w", err)
	}
	return dg, ug, undirected, nil
}

// AnalyzeWith computes the analysis of n as opts say.
func AnalyzeWith(ctx context.Context, n *Network, opts Options) (*Analysis, error) {
	N := len(n.Orgs)
	dg, ug, undirected, err := graphs(n)
	if err != nil {
		return nil, err
	}
	comps := metrics.ConnectedComponents(ug)
	a := &Analysis{Network: Summary{Organizations: N, Ties: len(undirected), Density: metrics.Density(ug),
		Components: len(comps.Sizes), Isolates: len(metrics.Isolates(ug))},
		Method:        Method{Betweenness: Exact, Closeness: Exact},
		Organizations: make([]OrgAnalysis, N), Ties: []TieScore{}}
	if len(comps.Sizes) > 0 {
		a.Network.Largest = comps.Sizes[0]
	}
	if N == 0 {
		return a, nil
	}
	progress := func(phase string) metrics.Progress {
		if opts.Progress == nil {
			return nil
		}
		return func(done, total int) { opts.Progress(phase, done, total) }
	}
	var between, close []float64
	if opts.Sample > 0 && opts.Sample < N {
		a.Method = Method{Betweenness: Sampled, Closeness: NotComputed, Sample: opts.Sample}
		between, err = metrics.SampledBetweenness(ctx, ug, opts.Sample, opts.Seed, progress("betweenness"))
		if err != nil {
			return nil, err
		}
	} else {
		between, err = metrics.Betweenness(ctx, ug, progress("betweenness"))
		if err != nil {
			return nil, err
		}
		close, err = metrics.Closeness(ctx, ug, progress("closeness"))
		if err != nil {
			return nil, err
		}
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
			DegreeCent: degc[i], Betweenness: between[i], Eigenvector: eigen[i], Component: int(comps.Label[i])}
		if close != nil {
			c := close[i]
			oa.Closeness = &c
		}
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

// AddSurveyScores adds a wave's trust and value to the analysis: per
// organization what the others said of it, and per tie of the network the
// average of what its two sides said of each other. Ties the wave did not
// rate are left out of Ties.
func (a *Analysis) AddSurveyScores(src *ScoreSource, res *SurveyResults, n *Network) {
	a.Survey = src
	byID := map[string]OrgScore{}
	for _, o := range res.Organizations {
		byID[o.ID] = o
	}
	for i := range a.Organizations {
		if s, ok := byID[a.Organizations[i].ID]; ok {
			a.Organizations[i].Trust, a.Organizations[i].Value, a.Organizations[i].RatedBy = s.TrustReceived, s.ValueReceived, s.RatedBy
		}
	}
	pairs := map[[2]string]PairScore{}
	for _, p := range res.Pairs {
		pairs[pairKey(p.AID, p.BID)] = p
	}
	seen := map[[2]string]bool{}
	for _, t := range n.Ties {
		k := pairKey(t.FromID, t.ToID)
		p, ok := pairs[k]
		if !ok || seen[k] || (p.Trust == nil && p.Value == nil) {
			continue
		}
		seen[k] = true
		a.Ties = append(a.Ties, TieScore{AID: p.AID, AName: p.AName, BID: p.BID, BName: p.BName, Trust: p.Trust, Value: p.Value})
	}
	sort.SliceStable(a.Ties, func(i, j int) bool {
		if x, y := strings.ToLower(a.Ties[i].AName), strings.ToLower(a.Ties[j].AName); x != y {
			return x < y
		}
		return strings.ToLower(a.Ties[i].BName) < strings.ToLower(a.Ties[j].BName)
	})
}

// SortBy orders the organizations by a column, largest first (constraint:
// smallest first, since low constraint means more brokerage), then by name.
func (a *Analysis) SortBy(column string) error {
	key := map[string]func(o OrgAnalysis) float64{
		"degree": func(o OrgAnalysis) float64 { return float64(o.Degree) }, "in_degree": func(o OrgAnalysis) float64 { return float64(o.InDegree) },
		"out_degree": func(o OrgAnalysis) float64 { return float64(o.OutDegree) }, "betweenness": func(o OrgAnalysis) float64 { return o.Betweenness },
		"closeness": func(o OrgAnalysis) float64 { return orMinus(o.Closeness) }, "eigenvector": func(o OrgAnalysis) float64 { return o.Eigenvector },
		"trust": func(o OrgAnalysis) float64 { return orMinus(o.Trust) }, "value": func(o OrgAnalysis) float64 { return orMinus(o.Value) },
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
var SortColumns = []string{"name", "degree", "in_degree", "out_degree", "betweenness", "closeness", "eigenvector", "constraint", "broker_score", "trust", "value"}

// orMinus is a nullable figure as a sort key: missing sorts last.
func orMinus(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}
