package svg

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestNetworkIsValidSVG(t *testing.T) {
	nodes := []Node{
		{ID: "a", Label: "Samaritan House & Co <1>", Group: "food", Size: 1, X: 0.1, Y: 0.2},
		{ID: "b", Label: "County Health", Group: "health", Size: 0.3, X: 0.8, Y: 0.7},
		{ID: "c", Label: "Library", Group: "", X: 0.5, Y: 0.5},
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
		`Samaritan House &amp; Co &lt;1&gt;`, `data-id="b"`, `>not given<`, `>strained<`, `<title id="map-title">Test map</title>`} {
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
