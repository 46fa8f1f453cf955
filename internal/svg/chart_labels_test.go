package svg

import (
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// chartLabel is a label read back from a drawn chart.
type chartLabel struct {
	group, text string
	box         box
}

// labelsOf reads the labels of the target, the baseline, the due date and
// the milestones from a chart, with the room each takes.
func labelsOf(t *testing.T, out []byte) []chartLabel {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	var groups []string
	var labels []chartLabel
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			class := ""
			for _, a := range e.Attr {
				if a.Name.Local == "class" {
					class = a.Value
				}
			}
			if e.Name.Local == "g" {
				groups = append(groups, class)
				continue
			}
			if e.Name.Local != "text" || len(groups) == 0 {
				continue
			}
			g := groups[len(groups)-1]
			if g != "target" && g != "baseline" && g != "due" && g != "milestone" {
				continue
			}
			var s spot
			size := labelFont
			if g == "milestone" {
				size = 10
			}
			s.anchor = "start"
			for _, a := range e.Attr {
				switch a.Name.Local {
				case "x":
					s.x, _ = strconv.ParseFloat(a.Value, 64)
				case "y":
					s.y, _ = strconv.ParseFloat(a.Value, 64)
				case "text-anchor":
					s.anchor = a.Value
				}
			}
			var text string
			if err := dec.DecodeElement(&text, &e); err != nil {
				t.Fatal(err)
			}
			labels = append(labels, chartLabel{g, text, boxOf(s, text, size)})
		case xml.EndElement:
			if e.Name.Local == "g" {
				groups = groups[:len(groups)-1]
			}
		}
	}
	return labels
}

// TestProgressChartLabelsApart draws charts of every shape, with the
// milestones and levels where the line runs, and checks that no two labels
// cover each other and that no milestone label covers a line.
func TestProgressChartLabelsApart(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 12))
	for n := range 300 {
		c := ChartData{Unit: "meals", Start: jan2024, Due: jan2024.AddDate(2, 0, 0)}
		v := 1000 + rng.Float64()*9000
		months := 3 + rng.IntN(24)
		c.Actual = monthlyPoints(months, func(int) float64 { v += (rng.Float64() - 0.4) * 800; return v })
		c.Actual[months-1].Incomplete = rng.IntN(2) == 0
		base, target := c.Actual[0].Value+(rng.Float64()-0.5)*500, v+rng.Float64()*4000
		c.Baseline, c.Target = &base, &target
		last := c.Actual[months-1]
		c.Projection = &ChartProjection{From: last.At, FromValue: last.Value, To: c.Due, ToValue: target * (0.8 + rng.Float64()*0.4)}
		for k := range rng.IntN(3) {
			i := rng.IntN(months)
			c.Milestones = append(c.Milestones, ChartMilestone{At: c.Actual[i].At, Value: c.Actual[i].Value,
				Label: fmt.Sprintf("%s meals", FormatValue(c.Actual[i].Value, "")), Reached: k == 0})
		}
		width := []int{720, 480, 360}[n%3]
		p := newProgressChart(c, ChartOptions{Width: width})
		labelW := p.valueScale()
		p.timeSpan()
		p.layout(labelW)
		out := ProgressChart(c, ChartOptions{Width: width})
		labels := labelsOf(t, out)
		for i := range labels {
			for j := range i {
				if labels[i].box.overlaps(labels[j].box) {
					t.Fatalf("chart %d: %q (%s) covers %q (%s)\n%s", n, labels[i].text, labels[i].group,
						labels[j].text, labels[j].group, out)
				}
			}
			if labels[i].group != "milestone" {
				continue
			}
			for _, s := range p.lines() {
				if s.crosses(labels[i].box) {
					t.Fatalf("chart %d: the milestone label %q covers a line %v\n%s", n, labels[i].text, s, out)
				}
			}
		}
	}
}

// TestProgressChartIncomplete: a last period not everyone has reported is
// a hollow point reached by a dotted line, not the end of the solid line,
// and the legend and description say so.
func TestProgressChartIncomplete(t *testing.T) {
	c := ChartData{Unit: "people", Actual: monthlyPoints(6, func(i int) float64 { return 200 + 10*float64(i) })}
	c.Actual[5].Value, c.Actual[5].Incomplete = 90, true
	out := string(ProgressChart(c, ChartOptions{}))
	polyline := out[strings.Index(out, "<polyline"):]
	polyline = polyline[:strings.Index(polyline, "/>")]
	if n := strings.Count(polyline, ","); n != 5 {
		t.Errorf("the solid line has %d points, want the 5 complete ones: %s", n, polyline)
	}
	for _, want := range []string{`class="incomplete"`, `class="point incomplete"`, `incomplete: not every partner has reported yet`,
		`>Not all reported yet<`, `The latest value is incomplete`} {
		if !strings.Contains(out, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	c.Actual[5].Incomplete = false
	if out := string(ProgressChart(c, ChartOptions{})); strings.Contains(out, "incomplete") || strings.Contains(out, "Not all reported") {
		t.Error("a complete series is drawn as incomplete")
	}
}
