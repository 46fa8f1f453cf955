package network

import (
	"context"
	"math"
	"testing"
)

// A star with a tail: hub h tied to a, b, c; c tied to d. The figures are
// networkx's for the same graph.
func TestAnalyze(t *testing.T) {
	orgs := []Org{{ID: "h", Name: "Hub", Sectors: []string{"health"}}, {ID: "a", Name: "A", Sectors: []string{"food"}},
		{ID: "b", Name: "B", Sectors: []string{"food"}}, {ID: "c", Name: "C", Sectors: []string{"housing"}},
		{ID: "d", Name: "D", Sectors: []string{"legal"}}, {ID: "e", Name: "Alone"}}
	n := &Network{Orgs: orgs, Index: map[string]int{}}
	for i, o := range orgs {
		n.Index[o.ID] = i
	}
	for _, p := range [][2]string{{"h", "a"}, {"b", "h"}, {"h", "c"}, {"c", "d"}, {"a", "h"}} {
		n.Ties = append(n.Ties, &Tie{FromID: p[0], ToID: p[1]})
	}
	a, err := Analyze(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	s := a.Network
	if s.Organizations != 6 || s.Ties != 4 || s.Components != 2 || s.Largest != 5 || s.Isolates != 1 || math.Abs(s.Density-4.0/15) > 1e-12 {
		t.Fatalf("summary %+v", s)
	}
	hub := a.Organizations[0]
	// networkx: betweenness_centrality(G)['h'] = 5/10 (pairs a-b, a-c, b-c, a-d, b-d through h of C(5-1,2)... normalized by (n-1)(n-2)/2 = 10).
	if hub.Degree != 3 || hub.InDegree != 2 || hub.OutDegree != 2 || math.Abs(hub.Betweenness-0.5) > 1e-12 {
		t.Fatalf("hub %+v", hub)
	}
	if a.Organizations[5].Constraint != nil || a.Organizations[5].Degree != 0 {
		t.Fatalf("isolate %+v", a.Organizations[5])
	}
	if hub.BrokerScore == 0 || hub.SectorsBridged != 2 {
		t.Fatalf("hub as broker %+v", hub)
	}
	if err := a.SortBy("betweenness"); err != nil || a.Organizations[0].ID != "h" || a.Organizations[1].ID != "c" {
		t.Fatalf("sort: %v %+v", err, a.Organizations[:2])
	}
	if err := a.SortBy("rank"); err == nil {
		t.Fatal("unknown column accepted")
	}
}
