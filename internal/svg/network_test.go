package svg

import (
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestNetworkIsValidSVG(t *testing.T) {
	nodes := []Node{
		{ID: "a", Label: "Samaritan House & Co <1>", Groups: []string{"food"}, Size: 1, X: 0.1, Y: 0.2},
		{ID: "b", Label: "County Health", Groups: []string{"health"}, Size: 0.3, X: 0.8, Y: 0.7},
		{ID: "c", Label: "Library", Groups: nil, X: 0.5, Y: 0.5},
	}
	edges := []Edge{{From: 0, To: 1, Style: "solid"}, {From: 1, To: 2, Style: "dotted"}, {From: 0, To: 2, Style: "crossed", Info: "strained"}, {From: 0, To: 9}}
	out := Network(nodes, edges, NetworkOptions{Title: "Test map", Labels: true})
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	for {
		_, err := dec.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
	s := string(out)
	for _, want := range []string{`class="edge edge-solid"`, `class="edge edge-dotted"`, `stroke-dasharray`, `class="edge edge-crossed"`,
		`Samaritan House &amp; Co &lt;1&gt;`, `data-id="b"`, `>no sector<`, `>strained<`, `<title id="map-title">Test map</title>`} {
		if !strings.Contains(s, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	if strings.Count(s, `class="edge `) != 3 {
		t.Errorf("an edge to a missing node was drawn")
	}
	colors, groups := GroupColors(nodes, nil)
	if len(groups) != 3 || colors["food"] == colors["health"] {
		t.Errorf("colours %v %v", colors, groups)
	}
}

// denseNetwork is a made-up community of n organizations with long names,
// tied at random, laid out at random: harder for the names than a real map.
func denseNetwork(seed uint64, n int) ([]Node, []Edge) {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := []string{"Family", "Service", "Agency", "Peninsula", "Community", "Health", "Center", "Housing", "Alliance", "Food", "Bank", "Legal", "Aid", "Society", "Youth"}
	nodes := make([]Node, n)
	for i := range nodes {
		name := ""
		for range 1 + rng.IntN(4) {
			name += words[rng.IntN(len(words))] + " "
		}
		nodes[i] = Node{ID: fmt.Sprint(i), Label: fmt.Sprintf("%s%d", name, i), Groups: []string{sectors[rng.IntN(len(sectors))]},
			Size: rng.Float64(), X: rng.Float64(), Y: rng.Float64()}
	}
	var edges []Edge
	for range n * 3 / 2 {
		edges = append(edges, Edge{From: rng.IntN(n), To: rng.IntN(n), Style: "solid"})
	}
	return nodes, edges
}

// TestLabelsOverlapNothing: no two names share room, no name lies on a
// circle or past the map's edge, and most names find a place.
func TestLabelsOverlapNothing(t *testing.T) {
	for seed := range uint64(10) {
		nodes, edges := denseNetwork(seed, 30+int(seed)*5)
		g := drawMap(nodes, edges, 760, 640, true)
		for i, a := range g.labels {
			if a.Box.X0 < 0 || a.Box.Y0 < 0 || a.Box.X1 > 760 || a.Box.Y1 > 640 {
				t.Errorf("seed %d: %q leaves the map: %+v", seed, a.Text, a.Box)
			}
			for _, b := range g.labels[i+1:] {
				if a.Box.Intersects(b.Box) {
					t.Errorf("seed %d: %q and %q overlap", seed, a.Text, b.Text)
				}
			}
			for j, n := range g.nodes {
				if a.Box.CrossesCircle(n.x, n.y, n.r) {
					t.Errorf("seed %d: %q lies on the circle of %q", seed, a.Text, nodes[j].Label)
				}
			}
		}
		if len(g.labels) < len(nodes)*3/4 {
			t.Errorf("seed %d: only %d of %d names placed", seed, len(g.labels), len(nodes))
		}
	}
}

// TestLabelsAvoidLines: with room around a node, its name goes where no
// line runs; the largest node chooses first.
func TestLabelsAvoidLines(t *testing.T) {
	// A hub with lines to its right and left: its name goes above or below.
	nodes := []Node{
		{ID: "hub", Label: "Hub", Size: 1, X: 0.5, Y: 0.5},
		{ID: "e", Label: "East", X: 0.9, Y: 0.5},
		{ID: "w", Label: "West", X: 0.1, Y: 0.5},
	}
	edges := []Edge{{From: 0, To: 1}, {From: 0, To: 2}}
	g := drawMap(nodes, edges, 600, 400, true)
	for _, l := range g.labels {
		for _, e := range edges {
			a, b := g.nodes[e.From], g.nodes[e.To]
			if l.Box.CrossesSegment(a.x, a.y, b.x, b.y) {
				t.Errorf("%q lies on a line: %+v", l.Text, l.Box)
			}
		}
	}
	if g.labels[0].Node != 0 || g.labels[0].Anchor != "middle" {
		t.Errorf("the hub's name is not above or below it: %+v", g.labels[0])
	}
}

// TestLabelsShortenedThenDropped: a name with no room is shortened, its
// full form kept as the tooltip; one with no room at all is left off.
func TestLabelsShortenedThenDropped(t *testing.T) {
	long := "Peninsula Community Housing and Food Alliance"
	// A long name beside the right edge of a narrow map: only the
	// shortened form fits.
	nodes := []Node{{ID: "a", Label: long, Size: 0, X: 0.5, Y: 0.5}}
	g := drawMap(nodes, nil, 200, 200, true)
	if len(g.labels) != 1 || !g.labels[0].Short || g.labels[0].Text != "Peninsula…" && !strings.HasSuffix(g.labels[0].Text, "…") {
		t.Fatalf("not shortened: %+v", g.labels)
	}
	out := string(Network(nodes, nil, NetworkOptions{Width: 400, Height: 200, Labels: true}))
	if !strings.Contains(out, "…<title>"+long+"</title></text>") {
		t.Errorf("shortened name without its full form: %s", out)
	}
	// Circles packed side by side in a row leave no room for a second name
	// next to the first.
	nodes = nodes[:0]
	for i := range 12 {
		nodes = append(nodes, Node{ID: fmt.Sprint(i), Label: long, Size: 1, X: float64(i) / 11, Y: 0.5})
	}
	g = drawMap(nodes, nil, 400, 70, true)
	if len(g.labels) >= len(nodes) {
		t.Errorf("%d names placed in room for fewer", len(g.labels))
	}
}

// TestSeveralSectorsSplitTheCircle: an organization in three sectors is
// drawn as three equal wedges of their colours; one in none is grey; the
// legend explains the wedges.
func TestSeveralSectorsSplitTheCircle(t *testing.T) {
	nodes := []Node{
		{ID: "a", Label: "Three", Groups: []string{"food", "health", "housing"}, X: 0.2, Y: 0.2},
		{ID: "b", Label: "None", X: 0.8, Y: 0.8},
	}
	out := string(Network(nodes, nil, NetworkOptions{Groups: sectors}))
	if n := strings.Count(out, `class="wedge"`); n != 3 {
		t.Fatalf("%d wedges, want 3", n)
	}
	for _, s := range []string{"food", "health", "housing"} {
		if !strings.Contains(out, `class="wedge" d="`) || !strings.Contains(out, `fill="`+GroupColor(s, sectors)+`" stroke="#ffffff" stroke-width="0.75"/>`) {
			t.Errorf("no wedge of %s's colour", s)
		}
	}
	if !strings.Contains(out, `fill="`+NoGroupColor+`"/>`) || !strings.Contains(out, ">no sector<") {
		t.Error("an organization without a sector is not grey")
	}
	if !strings.Contains(out, "in several sectors:") {
		t.Error("the legend does not explain the wedges")
	}
	// Equal wedges: each spans a third of the circle, starting at the top.
	w := Wedges(0, 0, 10, 3)
	if w[0] != "M0.0 0.0L0.0 -10.0A10.0 10.0 0 0 1 8.7 5.0Z" {
		t.Errorf("first wedge %s", w[0])
	}
	if w2 := Wedges(0, 0, 10, 2); !strings.Contains(w2[1], "L0.0 10.0") || !strings.HasSuffix(w2[1], "0.0 -10.0Z") {
		t.Errorf("halves %v", w2)
	}
}

// TestLegendNamesTheSizeMeasure: the legend says which measure sizes the
// circles, drawn alone (for the page) or in the picture (for downloads).
func TestLegendNamesTheSizeMeasure(t *testing.T) {
	nodes := []Node{{ID: "a", Label: "A", Groups: []string{"food"}}}
	for _, out := range [][]byte{
		NetworkLegend(nodes, NetworkOptions{SizeLabel: "brokerage (betweenness)"}),
		Network(nodes, nil, NetworkOptions{SizeLabel: "brokerage (betweenness)"}),
	} {
		if !strings.Contains(string(out), `class="size-measure"`) || !strings.Contains(string(out), "brokerage (betweenness)") {
			t.Errorf("the size measure is not in the legend: %s", out)
		}
	}
	page := string(Network(nodes, nil, NetworkOptions{NoLegend: true, Width: 760}))
	if strings.Contains(page, `class="legend"`) || !strings.Contains(page, `viewBox="0 0 760 720"`) {
		t.Errorf("a map without legend: %.300s", page)
	}
	if !strings.Contains(string(NetworkLegend(nodes, NetworkOptions{})), "all circles the same size") {
		t.Error("equal circles not said")
	}
}

// BenchmarkNetwork400 draws the largest map drawn organization by
// organization (400, beyond which the map shows sectors), names placed.
func BenchmarkNetwork400(b *testing.B) {
	nodes, edges := denseNetwork(1, 400)
	for b.Loop() {
		Network(nodes, edges, NetworkOptions{Labels: true})
	}
}
