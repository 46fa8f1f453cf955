package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/httpx"
	"backbone/internal/network"
	"backbone/internal/network/layout"
	"backbone/internal/svg"
)

// aggregateAbove is the size past which the map shows sectors instead of
// organizations: beyond it a picture of every organization is a hairball.
const aggregateAbove = 400

type networkMapData struct {
	SVG        template.HTML // the map, without its legend on the page
	Legend     template.HTML // the legend, beside or below the map
	Size       mapSize       // what sizes the circles
	Sizes      []mapSize     // the measures to choose from
	Names      []string      // the organizations' names, for the search box
	Panel      map[string]*mapPanelOrg
	Query      url.Values
	Filter     network.MapFilter
	AsOf       string
	Orgs       int
	Ties       int
	Aggregated bool
	Sectors    []string
	Kinds      []string
	Levels     []string
	Error      string
}

// parseMapFilter reads the map's query parameters, naming the one that is wrong.
func parseMapFilter(q url.Values, now time.Time) (network.MapFilter, error) {
	f := network.MapFilter{
		Sector: q.Get("sector"),
		Kind:   q.Get("kind"),
		Level:  q.Get("level"),
		Scope:  network.Scope{OrganizationID: q.Get("organization")},
	}
	var v errs.ValidationError
	if s := q.Get("initiative"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			v.Add("initiative", "must be an initiative's number")
		}
		f.InitiativeID = id
	}
	if s := q.Get("as_of"); s != "" {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			v.Add("as_of", "must be a date like 2024-03-31")
		}
		f.AsOf = d
	}
	if err := v.OrNil(); err != nil {
		return f, err
	}
	return f, f.Check(now)
}

// mapPicture draws the network that the query selects, with its legend in
// the picture when withLegend (a download). An initiative the
// user may not see is not found (the network store decides).
func (h *handler) mapPicture(r *http.Request, withLegend bool) (*networkMapData, error) {
	q := r.URL.Query()
	d := &networkMapData{
		Query:   q,
		AsOf:    q.Get("as_of"),
		Sectors: directory.Sectors,
		Kinds:   network.Kinds,
		Levels:  network.Levels,
		Sizes:   mapSizes,
	}
	f, err := parseMapFilter(q, h.now())
	d.Filter = f
	if err != nil {
		return d, err
	}
	if d.Size, err = parseMapSize(q); err != nil {
		return d, err
	}
	n, err := h.Network.Load(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return d, err
	}
	d.Orgs, d.Ties = len(n.Orgs), len(n.Ties)
	opt := svg.NetworkOptions{Title: "Relationship map", Labels: true, Groups: directory.Sectors, Width: mapWidth, Height: mapHeight}
	if len(n.Orgs) > aggregateAbove {
		d.Aggregated = true
		opt.Title += " by sector"
		opt.SizeLabel = "how many organizations the sector has"
		nodes, edges := aggregateBySector(n)
		for _, n := range nodes {
			d.Names = append(d.Names, n.Label)
		}
		d.draw(nodes, edges, opt, withLegend)
		return d, nil
	}
	return d, h.drawOrganizations(r, n, f, d, opt, withLegend)
}

// drawOrganizations draws each organization of n as a circle and each pair
// of organizations with ties as one line, and gathers what the search box
// and the side panel need.
func (h *handler) drawOrganizations(
	r *http.Request,
	n *network.Network,
	f network.MapFilter,
	d *networkMapData,
	opt svg.NetworkOptions,
	withLegend bool,
) error {
	// One line per pair, whichever way its ties were recorded.
	mapPairs := pairsOf(n)
	d.Ties = len(mapPairs)
	var pairs [][2]int
	for _, p := range mapPairs {
		pairs = append(pairs, [2]int{p.a, p.b})
	}
	ids := make([]string, len(n.Orgs))
	for i, o := range n.Orgs {
		ids[i] = o.ID
	}
	seen, err := h.Network.Perceptions(r.Context(), httpx.Actor(r), ids, f.AsOf)
	if err != nil {
		return err
	}
	figures, shown, err := h.sizeFigures(r, n, d.Size)
	if err != nil {
		return err
	}
	top := 0.0
	for _, v := range figures {
		top = max(top, v)
	}

	pos := layout.Compute(len(n.Orgs), pairs, layout.Options{Seed: 1})
	deg := n.Degrees()
	nodes := make([]svg.Node, len(n.Orgs))
	for i, o := range n.Orgs {
		info := fmt.Sprintf("%s: tied to %s", o.Name, plural(deg[i], "organization"))
		if d.Size.Key != "degree" && d.Size.Label != "" {
			info += fmt.Sprintf("; %s %s", strings.ToLower(d.Size.Label), shown[i])
		}
		nodes[i] = svg.Node{ID: o.ID, Label: o.Name, Groups: o.Sectors, X: pos[i].X, Y: pos[i].Y, Info: info,
			Href: "/organizations/" + url.PathEscape(o.ID)}
		if top > 0 {
			nodes[i].Size = figures[i] / top
		}
		d.Names = append(d.Names, o.Name)
	}
	edges := make([]svg.Edge, len(mapPairs))
	for i, p := range mapPairs {
		edges[i] = pairEdge(n, p, seen)
	}
	opt.SizeLabel = d.Size.Legend
	d.Panel = mapPanel(n, mapPairs, seen, d.Size, shown)
	d.draw(nodes, edges, opt, withLegend)
	return nil
}

// The map's picture on the page, without its legend; a download adds the
// legend at its right.
const (
	mapWidth  = 760
	mapHeight = 620
)

// draw puts the picture in d: for the page the map and its legend apart
// (the legend stays readable below the map on a phone); for a download
// one picture with both.
func (d *networkMapData) draw(nodes []svg.Node, edges []svg.Edge, opt svg.NetworkOptions, withLegend bool) {
	if withLegend {
		opt.Width += svg.LegendWidth
		d.SVG = template.HTML(svg.Network(nodes, edges, opt))
		return
	}
	opt.NoLegend = true
	d.SVG = template.HTML(svg.Network(nodes, edges, opt))
	d.Legend = template.HTML(svg.NetworkLegend(nodes, opt))
}

// aggregateBySector turns a large network into one node per sector, sized
// by its organizations, with a line between two sectors whose organizations
// are tied (its style that of most of those ties). An organization in
// several sectors counts in each of them.
func aggregateBySector(n *network.Network) ([]svg.Node, []svg.Edge) {
	index := map[string]int{}
	var names []string
	count := []int{}
	sectorsOf := func(o network.Org) []string {
		if len(o.Sectors) == 0 {
			return []string{""}
		}
		return o.Sectors
	}
	for _, o := range n.Orgs {
		for _, s := range sectorsOf(o) {
			if _, ok := index[s]; !ok {
				index[s] = len(names)
				names = append(names, s)
				count = append(count, 0)
			}
			count[index[s]]++
		}
	}
	type pair struct{ a, b int }
	styles := map[pair]map[string]int{}
	for _, t := range n.Ties {
		for _, sa := range sectorsOf(n.Orgs[n.Index[t.FromID]]) {
			for _, sb := range sectorsOf(n.Orgs[n.Index[t.ToID]]) {
				a, b := index[sa], index[sb]
				if a == b {
					continue
				}
				if a > b {
					a, b = b, a
				}
				if styles[pair{a, b}] == nil {
					styles[pair{a, b}] = map[string]int{}
				}
				styles[pair{a, b}][t.LineStyle()]++
			}
		}
	}
	var pairs [][2]int
	var edges []svg.Edge
	maxTies := 1
	for _, st := range styles {
		total := 0
		for _, c := range st {
			total += c
		}
		maxTies = max(maxTies, total)
	}
	for p, st := range styles {
		best, total := "solid", 0
		for style, c := range st {
			total += c
			if c > st[best] {
				best = style
			}
		}
		pairs = append(pairs, [2]int{p.a, p.b})
		edges = append(edges, svg.Edge{From: p.a, To: p.b, Style: best, Weight: float64(total) / float64(maxTies),
			Info: fmt.Sprintf(
				"%s between %s and %s",
				plural(total, "relationship"),
				sectorName(names[p.a]),
				sectorName(names[p.b]),
			)})
	}
	pos := layout.Compute(len(names), pairs, layout.Options{Seed: 1})
	maxCount := 1
	for _, c := range count {
		maxCount = max(maxCount, c)
	}
	nodes := make([]svg.Node, len(names))
	for i, s := range names {
		var groups []string
		if s != "" {
			groups = []string{s}
		}
		nodes[i] = svg.Node{ID: "sector:" + s, Label: fmt.Sprintf("%s (%d)", sectorName(s), count[i]), Groups: groups,
			Size: float64(count[i]) / float64(maxCount), X: pos[i].X, Y: pos[i].Y}
	}
	return nodes, edges
}

func sectorName(s string) string {
	if s == "" {
		return "no sector"
	}
	return s
}

// networkMap shows the picture with its filters.
func (h *handler) networkMap(w http.ResponseWriter, r *http.Request) error {
	d, err := h.mapPicture(r, false)
	var v *errs.ValidationError
	switch {
	case errors.As(err, &v):
		d.Error = v.Error()
		h.render(w, r, http.StatusBadRequest, "network_map", "Relationship map", "network", d)
		return nil
	case err != nil:
		return err
	}
	h.render(w, r, http.StatusOK, "network_map", "Relationship map", "network", d)
	return nil
}

// networkMapSVG downloads the same picture as an SVG file.
func (h *handler) networkMapSVG(w http.ResponseWriter, r *http.Request) error {
	d, err := h.mapPicture(r, true)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		// A link to a file: the answer says plainly which parameter is wrong.
		http.Error(w, v.Error(), http.StatusBadRequest)
		return nil
	}
	if err != nil {
		return err
	}

	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().
		Set("Content-Disposition", fmt.Sprintf(`attachment; filename="relationship-map-%s.svg"`, h.now().Format("2006-01-02")))
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprint(w, string(d.SVG))
	return nil
}
