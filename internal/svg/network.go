// Package svg draws Backbone's pictures (network maps, charts) as SVG in
// Go, so the same picture appears in the browser, in printed reports and in
// downloads.
package svg

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"html"
	"math"
	"sort"
)

// Node is an organization on a network map.
type Node struct {
	ID    string
	Label string
	Group string  // the colour: a sector, an area
	Size  float64 // 0 to 1: the chosen metric, scaled
	X, Y  float64 // 0 to 1, from the layout
	Info  string  // shown when hovering (a tooltip)
}

// Edge is a tie on a network map, drawn as the partnership-mapping exercise
// draws it: solid, dotted, or crossed out.
type Edge struct {
	From, To int    // node indices
	Style    string // solid, dotted, crossed
	Weight   float64
	Info     string
}

// NetworkOptions size and label the picture.
type NetworkOptions struct {
	Width, Height int
	Title         string
	Labels        bool // write organization names beside the nodes
	// Groups is the fixed list of known groups (the directory's sectors),
	// which keeps each group's colour the same in every picture.
	Groups []string
}

// Palette is the colour of each group, in order of first appearance;
// chosen to stay apart for people with the common colour-vision deficiencies.
var Palette = []string{"#1b7f79", "#d1495b", "#edae49", "#00798c", "#6a4c93", "#8fb339", "#e07a5f", "#3d5a80", "#b56576", "#52796f", "#9c6644", "#577590"}

// GroupPalette holds the colours of a map's groups: twenty, enough for each
// of the directory's sectors to have its own. They are picked from Paul
// Tol's, Okabe and Ito's and Tableau's categorical palettes so that any two
// differ by at least 19 (CIE ΔE*ab) to normal sight and at least 10 as
// people with deuteranopia or protanopia see them, and all stand out from
// the white page and from the grey of "no group" (see TestGroupPalette).
// Twenty colours cannot all stay apart for every reader, so the legend
// names each group.
var GroupPalette = []string{
	"#aec7e8", "#ff7f0e", "#ee3377", "#225522", "#004488", "#ddcc77", "#e07a5f", "#44aa99", "#882255", "#9467bd",
	"#228833", "#cc3311", "#8c564b", "#33bbee", "#e377c2", "#edae49", "#52796f", "#ffaabb", "#3d5a80", "#aa4499",
}

// NoGroupColor is the colour of nodes that belong to no group.
const NoGroupColor = "#9aa5b1"

// GroupColor is the colour of a group, the same in every picture whatever
// else is shown: the known groups (a fixed list, such as the directory's
// sectors) take GroupPalette's colours in their order; another group takes
// one chosen by a hash of its name.
func GroupColor(group string, known []string) string {
	if group == "" {
		return NoGroupColor
	}
	for i, k := range known {
		if k == group && i < len(GroupPalette) {
			return GroupPalette[i]
		}
	}
	h := fnv.New32a()
	h.Write([]byte(group))
	return GroupPalette[h.Sum32()%uint32(len(GroupPalette))]
}

// GroupColors gives each group of the nodes its colour (see GroupColor) and
// returns the groups sorted by name, for the legend.
func GroupColors(nodes []Node, known []string) (map[string]string, []string) {
	seen := map[string]bool{}
	var groups []string
	for _, n := range nodes {
		if !seen[n.Group] {
			seen[n.Group] = true
			groups = append(groups, n.Group)
		}
	}
	sort.Strings(groups)
	colors := map[string]string{}
	for _, g := range groups {
		colors[g] = GroupColor(g, known)
	}
	return colors, groups
}

// Network draws a network map with a legend of groups and line styles.
func Network(nodes []Node, edges []Edge, opt NetworkOptions) []byte {
	if opt.Width == 0 {
		opt.Width = 960
	}
	if opt.Height == 0 {
		opt.Height = 720
	}
	const legendW = 190
	mapW := float64(opt.Width - legendW)
	mapH := float64(opt.Height)
	pad := 28.0
	px := func(n Node) (float64, float64) {
		return pad + n.X*(mapW-2*pad), pad + n.Y*(mapH-2*pad)
	}
	radius := func(n Node) float64 {
		base := 4.0
		if len(nodes) < 60 {
			base = 7
		}
		return base + 12*math.Sqrt(math.Max(0, math.Min(1, n.Size)))
	}
	colors, groups := GroupColors(nodes, opt.Groups)
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="map-title map-desc" class="network-map" font-family="system-ui, sans-serif">`,
		opt.Width, opt.Height, opt.Width, opt.Height)
	fmt.Fprintf(&b, `<title id="map-title">%s</title><desc id="map-desc">%d organizations and %d relationships. Solid lines are active relationships, dotted lines developing ones, crossed-out lines strained ones.</desc>`,
		esc(opt.Title), len(nodes), len(edges))
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>`)
	b.WriteString(`<g class="viewport">`)
	b.WriteString(`<g class="edges" stroke="#52606d" stroke-linecap="round" fill="none">`)
	for _, e := range edges {
		if e.From < 0 || e.To < 0 || e.From >= len(nodes) || e.To >= len(nodes) {
			continue
		}
		x1, y1 := px(nodes[e.From])
		x2, y2 := px(nodes[e.To])
		w := 1.2 + 1.5*math.Max(0, math.Min(1, e.Weight))
		fmt.Fprintf(&b, `<g class="edge edge-%s" data-from="%s" data-to="%s">`, e.Style, esc(nodes[e.From].ID), esc(nodes[e.To].ID))
		if e.Info != "" {
			fmt.Fprintf(&b, `<title>%s</title>`, esc(e.Info))
		}
		switch e.Style {
		case "dotted":
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f" stroke-dasharray="1.5 4" stroke="#1b7f79"/>`, x1, y1, x2, y2, w)
		case "crossed":
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f" stroke="#b23a2b"/>`, x1, y1, x2, y2, w)
			mx, my := (x1+x2)/2, (y1+y2)/2
			fmt.Fprintf(&b, `<path d="M%.1f %.1fl8 8m0 -8l-8 8" stroke="#b23a2b" stroke-width="2"/>`, mx-4, my-4)
		default:
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f"/>`, x1, y1, x2, y2, w)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g><g class="nodes">`)
	for _, n := range nodes {
		x, y := px(n)
		r := radius(n)
		fmt.Fprintf(&b, `<g class="node" data-id="%s" data-name="%s" tabindex="0"><title>%s</title><circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="#ffffff" stroke-width="1.5"/>`,
			esc(n.ID), esc(n.Label), esc(firstNonEmpty(n.Info, n.Label)), x, y, r, colors[n.Group])
		if opt.Labels {
			// Names of nodes in the right part of the map go to their left,
			// so they are not cut off by the legend.
			tx, anchor := x+r+3, "start"
			if n.X > 0.6 {
				tx, anchor = x-r-3, "end"
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" fill="#1f2933" text-anchor="%s" paint-order="stroke" stroke="#ffffff" stroke-width="3">%s</text>`, tx, y+4, anchor, esc(n.Label))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g></g>`)
	// The legend: groups, then line styles.
	lx := float64(opt.Width-legendW) + 10
	fmt.Fprintf(&b, `<g class="legend" font-size="12" fill="#1f2933"><rect x="%.0f" y="0" width="%d" height="%d" fill="#fafbf9"/>`, lx-10, legendW, opt.Height)
	y := 24.0
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-weight="600">Sectors</text>`, lx, y)
	for _, g := range groups {
		y += 20
		name := g
		if name == "" {
			name = "not given"
		}
		fmt.Fprintf(&b, `<circle cx="%.0f" cy="%.0f" r="6" fill="%s"/><text x="%.0f" y="%.0f">%s</text>`, lx+6, y-4, colors[g], lx+18, y, esc(name))
	}
	y += 34
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-weight="600">Relationships</text>`, lx, y)
	for _, s := range []struct{ style, label string }{{"solid", "active"}, {"dotted", "developing"}, {"crossed", "strained"}} {
		y += 22
		switch s.style {
		case "solid":
			fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#52606d" stroke-width="2.5"/>`, lx, y-4, lx+40, y-4)
		case "dotted":
			fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#1b7f79" stroke-width="2.5" stroke-dasharray="1.5 4" stroke-linecap="round"/>`, lx, y-4, lx+40, y-4)
		case "crossed":
			fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#b23a2b" stroke-width="2.5"/><path d="M%.0f %.0fl8 8m0 -8l-8 8" stroke="#b23a2b" stroke-width="2"/>`, lx, y-4, lx+40, y-4, lx+16, y-8)
		}
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f">%s</text>`, lx+48, y, s.label)
	}
	y += 34
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-weight="600">Circle size</text><text x="%.0f" y="%.0f" fill="#5f6b7a">the chosen measure</text>`, lx, y, lx, y+18)
	b.WriteString(`</g></svg>`)
	return b.Bytes()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func esc(s string) string { return html.EscapeString(s) }
