package web

import (
	"fmt"
	"strings"
	"testing"

	"backbone/internal/network"
	"backbone/internal/svg"
)

// TestSectorView: a network too large to draw one by one becomes one circle
// per sector (a sector's own colour, grey for none), sized by its
// organizations (one in several sectors counts in each), with names placed and the legend saying what the size is.
func TestSectorView(t *testing.T) {
	n := &network.Network{Index: map[string]int{}}
	for i := range 30 {
		var sectors []string
		switch i % 3 {
		case 0:
			sectors = []string{"food"}
		case 1:
			sectors = []string{"housing", "health"}
		}
		id := fmt.Sprint(i)
		n.Index[id] = len(n.Orgs)
		n.Orgs = append(n.Orgs, network.Org{ID: id, Name: "Org " + id, Sectors: sectors})
	}
	for i := range 29 {
		n.Ties = append(n.Ties, &network.Tie{FromID: fmt.Sprint(i), ToID: fmt.Sprint(i + 1), Status: "active"})
	}

	nodes, edges := aggregateBySector(n)
	// housing and health each count the ten organizations in both.
	if len(nodes) != 4 || len(edges) != 5 {
		t.Fatalf("%d sectors, %d lines", len(nodes), len(edges))
	}
	d := &networkMapData{}
	d.draw(nodes, edges, svg.NetworkOptions{Title: "Map by sector", Labels: true, Width: mapWidth, Height: mapHeight,
		SizeLabel: "how many organizations the sector has"}, false)
	page, legend := string(d.SVG), string(d.Legend)
	for _, want := range []string{`data-name="food (10)"`, `data-name="no sector (10)"`, `<g class="node" tabindex="0"`, `class="labels"`, ">housing (10)<", ">health (10)<"} {
		if !strings.Contains(page, want) {
			t.Errorf("the sector view lacks %s", want)
		}
	}
	if strings.Contains(page, `class="wedge"`) || strings.Contains(page, "<a ") {
		t.Error("a sector is split or links somewhere")
	}
	if !strings.Contains(page, `fill="`+svg.NoGroupColor+`"`) ||
		!strings.Contains(legend, "how many organizations the") {
		t.Errorf("no grey for no sector, or the legend does not say what the size is: %s", legend)
	}
}
