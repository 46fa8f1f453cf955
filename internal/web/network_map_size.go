package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
)

// mapSize is one measure the map can size its circles by.
type mapSize struct {
	Key    string // the size parameter's value
	Option string // in the chooser
	Legend string // in the legend: what the size shows
	Label  string // before an organization's figure in the side panel
}

// mapSizes are the measures, the first the default.
var mapSizes = []mapSize{
	{"degree", "Number of ties", "ties: how many organizations it works with", "Ties"},
	{"betweenness", "Brokerage (betweenness)",
		"brokerage (betweenness): how often it is on the shortest path between two others", "Brokerage"},
	{"closeness", "Reach (closeness)", "reach (closeness): how near it is to all the others", "Reach"},
	{"eigenvector", "Influence (eigenvector)",
		"influence (eigenvector): tied to organizations that are themselves well tied", "Influence"},
	{"services", "Services offered", "services it offers in the directory", "Services"},
	{"equal", "All the same size", "", ""},
}

// parseMapSize reads the size parameter, naming it when it is not one of
// the measures.
func parseMapSize(q url.Values) (mapSize, error) {
	key := q.Get("size")
	if key == "" {
		return mapSizes[0], nil
	}
	var keys []string
	for _, s := range mapSizes {
		if s.Key == key {
			return s, nil
		}
		keys = append(keys, s.Key)
	}
	return mapSizes[0], &errs.ValidationError{Fields: map[string]string{
		"size": "must be one of " + strings.Join(keys, ", "),
	}}
}

// sizeFigures gives each organization of n its figure by the measure, and
// that figure as the side panel shows it.
func (h *handler) sizeFigures(r *http.Request, n *network.Network, m mapSize) ([]float64, []string, error) {
	v := make([]float64, len(n.Orgs))
	shown := make([]string, len(n.Orgs))
	switch m.Key {
	case "degree":
		for i, d := range n.Degrees() {
			v[i], shown[i] = float64(d), fmt.Sprint(d)
		}
	case "services":
		ids := make([]string, len(n.Orgs))
		for i, o := range n.Orgs {
			ids[i] = o.ID
		}
		counts, err := h.Directory.ServiceCounts(r.Context(), httpx.Actor(r), ids)
		if err != nil {
			return nil, nil, err
		}
		for i, o := range n.Orgs {
			v[i], shown[i] = float64(counts[o.ID]), fmt.Sprint(counts[o.ID])
		}
	case "betweenness", "closeness", "eigenvector":
		// Exact: the map draws organizations one by one only up to
		// aggregateAbove, where this is quick.
		a, err := network.Analyze(r.Context(), n)
		if err != nil {
			return nil, nil, err
		}
		for i, o := range a.Organizations {
			switch m.Key {
			case "betweenness":
				v[i] = o.Betweenness
			case "closeness":
				if o.Closeness != nil {
					v[i] = *o.Closeness
				}
			default:
				v[i] = o.Eigenvector
			}
			shown[i] = fmt.Sprintf("%.2f", v[i])
		}
	}
	return v, shown, nil
}
