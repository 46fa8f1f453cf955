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
	// Groups colour the circle (sectors, areas): one fills it, several
	// split it into equal wedges, none leaves it grey.
	Groups []string
	Size   float64 // 0 to 1: the chosen metric, scaled
	X, Y   float64 // 0 to 1, from the layout
	Info   string  // shown when hovering (a tooltip)
	Href   string  // where the circle links to, for a browser without script
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
	// SizeLabel says in the legend what the circles' size shows ("" for
	// circles all of one size).
	SizeLabel string
	// NoLegend leaves the legend out, for a page that shows it apart
	// (NetworkLegend) so that it stays readable on a narrow screen.
	NoLegend bool
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
		gs := n.Groups
		if len(gs) == 0 {
			gs = []string{""}
		}
		for _, g := range gs {
			if !seen[g] {
				seen[g] = true
				groups = append(groups, g)
			}
		}
	}
	sort.Strings(groups)
	colors := map[string]string{}
	for _, g := range groups {
		colors[g] = GroupColor(g, known)
	}
	return colors, groups
}

// LegendWidth is the width of the legend beside the map.
const LegendWidth = 200

// Network draws a network map: its lines, its circles (split into wedges
// for a node of several groups), the names placed where they overlap
// nothing (see placeLabels) and, unless opt.NoLegend, the legend of groups,
// line styles and circle size at its right. Width and Height are the
// whole picture's; the map's part is the same with or without the legend,
// so the page and the download place every name alike.
func Network(nodes []Node, edges []Edge, opt NetworkOptions) []byte {
	if opt.Width == 0 {
		opt.Width = 960
	}
	if opt.Height == 0 {
		opt.Height = 720
	}
	mapW := float64(opt.Width)
	if !opt.NoLegend {
		mapW -= LegendWidth
	}
	colors, groups := GroupColors(nodes, opt.Groups)
	var legend bytes.Buffer
	height := opt.Height
	if !opt.NoLegend {
		height = max(height, writeLegend(&legend, mapW+10, nodes, groups, colors, opt))
	}
	g := drawMap(nodes, edges, mapW, float64(opt.Height), opt.Labels)

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="map-title map-desc" class="network-map" font-family="system-ui, sans-serif">`,
		opt.Width, height, opt.Width, height)
	fmt.Fprintf(&b, `<title id="map-title">%s</title><desc id="map-desc">%d organizations and %d relationships. Solid lines are active relationships, dotted lines developing ones, crossed-out lines strained ones.</desc>`,
		esc(opt.Title), len(nodes), len(edges))
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>`)
	b.WriteString(`<g class="viewport">`)
	writeEdges(&b, nodes, edges, g)
	b.WriteString(`<g class="nodes">`)
	for i, n := range nodes {
		writeNode(&b, n, g.nodes[i], colors)
	}
	b.WriteString(`</g>`)
	writeLabels(&b, nodes, g.labels)
	b.WriteString(`</g>`)
	if !opt.NoLegend {
		fmt.Fprintf(&b, `<rect x="%.0f" y="0" width="%d" height="%d" fill="#fafbf9"/>`, mapW, LegendWidth, height)
		b.Write(legend.Bytes())
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

// mapGeometry is where the map's parts go, in the picture's coordinates.
type mapGeometry struct {
	nodes  []drawnNode
	labels []PlacedLabel
}

// drawMap places the nodes in a map of w by h and their labels.
func drawMap(nodes []Node, edges []Edge, w, h float64, labels bool) mapGeometry {
	const pad = 28.0
	base := 4.0
	if len(nodes) < 60 {
		base = 7
	}
	g := mapGeometry{nodes: make([]drawnNode, len(nodes))}
	size := make([]float64, len(nodes))
	names := make([]string, len(nodes))
	for i, n := range nodes {
		size[i] = math.Max(0, math.Min(1, n.Size))
		g.nodes[i] = drawnNode{x: pad + n.X*(w-2*pad), y: pad + n.Y*(h-2*pad), r: base + 12*math.Sqrt(size[i])}
		if labels {
			names[i] = n.Label
		}
	}
	var pairs [][2]int
	for _, e := range edges {
		if validEdge(e, len(nodes)) {
			pairs = append(pairs, [2]int{e.From, e.To})
		}
	}
	if labels {
		g.labels = placeLabels(names, g.nodes, size, pairs, Rect{2, 2, w - 2, h - 2})
	}
	return g
}

func validEdge(e Edge, n int) bool {
	return e.From >= 0 && e.To >= 0 && e.From < n && e.To < n
}

func writeEdges(b *bytes.Buffer, nodes []Node, edges []Edge, g mapGeometry) {
	b.WriteString(`<g class="edges" stroke="#52606d" stroke-linecap="round" fill="none">`)
	for _, e := range edges {
		if !validEdge(e, len(nodes)) {
			continue
		}
		a, c := g.nodes[e.From], g.nodes[e.To]
		x1, y1, x2, y2 := a.x, a.y, c.x, c.y
		w := 1.2 + 1.5*math.Max(0, math.Min(1, e.Weight))
		fmt.Fprintf(b, `<g class="edge edge-%s" data-from="%s" data-to="%s">`, e.Style, esc(nodes[e.From].ID), esc(nodes[e.To].ID))
		if e.Info != "" {
			fmt.Fprintf(b, `<title>%s</title>`, esc(e.Info))
		}
		switch e.Style {
		case "dotted":
			fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f" stroke-dasharray="1.5 4" stroke="#1b7f79"/>`, x1, y1, x2, y2, w)
		case "crossed":
			fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f" stroke="#b23a2b"/>`, x1, y1, x2, y2, w)
			mx, my := (x1+x2)/2, (y1+y2)/2
			fmt.Fprintf(b, `<path d="M%.1f %.1fl8 8m0 -8l-8 8" stroke="#b23a2b" stroke-width="2"/>`, mx-4, my-4)
		default:
			fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f"/>`, x1, y1, x2, y2, w)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g>`)
}

// writeNode draws one circle: filled with its group's colour, split into
// equal wedges when it has several groups, grey when it has none. A node
// with an Href is a link, so the map works without script.
func writeNode(b *bytes.Buffer, n Node, d drawnNode, colors map[string]string) {
	tag := "g"
	if n.Href != "" {
		tag = "a"
		fmt.Fprintf(b, `<a class="node" href="%s"`, esc(n.Href))
	} else {
		b.WriteString(`<g class="node" tabindex="0"`)
	}
	fmt.Fprintf(b, ` data-id="%s" data-name="%s"><title>%s</title>`, esc(n.ID), esc(n.Label), esc(firstNonEmpty(n.Info, n.Label)))
	if len(n.Groups) <= 1 {
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s"/>`, d.x, d.y, d.r, colors[firstGroup(n)])
	} else {
		for i, p := range Wedges(d.x, d.y, d.r, len(n.Groups)) {
			fmt.Fprintf(b, `<path class="wedge" d="%s" fill="%s" stroke="#ffffff" stroke-width="0.75"/>`, p, colors[n.Groups[i]])
		}
	}
	fmt.Fprintf(b, `<circle class="outline" cx="%.1f" cy="%.1f" r="%.1f" fill="none" stroke="#ffffff" stroke-width="1.5"/></%s>`, d.x, d.y, d.r, tag)
}

func firstGroup(n Node) string {
	if len(n.Groups) == 0 {
		return ""
	}
	return n.Groups[0]
}

// Wedges returns the paths of k equal wedges of the circle at (cx, cy) of
// radius r, the first starting at the top and going clockwise.
func Wedges(cx, cy, r float64, k int) []string {
	out := make([]string, k)
	for i := range k {
		a0 := -math.Pi/2 + 2*math.Pi*float64(i)/float64(k)
		a1 := -math.Pi/2 + 2*math.Pi*float64(i+1)/float64(k)
		large := 0
		if a1-a0 > math.Pi {
			large = 1
		}
		out[i] = fmt.Sprintf("M%.1f %.1fL%.1f %.1fA%.1f %.1f 0 %d 1 %.1f %.1fZ", cx, cy,
			cx+r*math.Cos(a0), cy+r*math.Sin(a0), r, r, large, cx+r*math.Cos(a1), cy+r*math.Sin(a1))
	}
	return out
}

// writeLabels writes the placed names above everything else; a shortened
// one carries the full name as its tooltip.
func writeLabels(b *bytes.Buffer, nodes []Node, labels []PlacedLabel) {
	if len(labels) == 0 {
		return
	}
	b.WriteString(`<g class="labels" font-size="11" fill="#1f2933" paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round">`)
	for _, l := range labels {
		fmt.Fprintf(b, `<text data-for="%s" x="%.1f" y="%.1f" text-anchor="%s">%s`, esc(nodes[l.Node].ID), l.X, l.Y, l.Anchor, esc(l.Text))
		if l.Short {
			fmt.Fprintf(b, `<title>%s</title>`, esc(nodes[l.Node].Label))
		}
		b.WriteString(`</text>`)
	}
	b.WriteString(`</g>`)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func esc(s string) string { return html.EscapeString(s) }
