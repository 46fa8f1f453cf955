package svg

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestPledgeChart draws two quarters and checks that the chart is
// well-formed and says what it shows, escaping what it is given.
func TestPledgeChart(t *testing.T) {
	out := string(PledgeChart("Staff time <FTE>", "FTE", []PledgeBar{{Label: "Q2 2026", Pledged: 0.5,
		Delivered: 0.5}, {Label: "Q3 2026", Pledged: 0.5, Delivered: 0.4}}, ChartOptions{ID: "staff"}))
	if err := xml.Unmarshal([]byte(out), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	for _, want := range []string{"Staff time &lt;FTE&gt;", "Q3 2026: pledged 0.5 FTE, delivered 0.4 FTE",
		`aria-labelledby="pledgesstaff-title pledgesstaff-desc"`} {
		if !strings.Contains(out, want) {
			t.Errorf("chart lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "<rect"); n != 6 {
		t.Errorf("%d rects, want 4 bars and 2 legend keys", n)
	}
	if empty := string(PledgeChart("Nothing", "", nil, ChartOptions{})); !strings.Contains(empty, "</svg>") {
		t.Errorf("empty chart %s", empty)
	}
}
