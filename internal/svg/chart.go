package svg

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"
)

// ChartPoint is one actual value on a progress chart.
type ChartPoint struct {
	At    time.Time
	Value float64
	Note  string // added to the tooltip: "4 of 5 partners reported"
	// Incomplete marks a period not every reporter has reported yet: its
	// value is drawn apart from the line, as a hollow point reached by a
	// dotted line, so a partial sum does not look like a plunge.
	Incomplete bool
}

// ChartMilestone is a value a goal means to pass on the way to its target.
type ChartMilestone struct {
	At      time.Time
	Value   float64
	Label   string
	Reached bool
}

// ChartProjection is the trend carried on to the due date: a dashed line from
// (From, FromValue) to (To, ToValue), with a band from Low to High at To
// when HasBand.
type ChartProjection struct {
	From      time.Time
	FromValue float64
	To        time.Time
	ToValue   float64
	Low, High float64
	HasBand   bool
}

// ChartData is what a goal's progress chart shows. Baseline and Target are
// nil when the goal has none; Start and Due are zero when not given.
type ChartData struct {
	Title      string // for the accessible title; not drawn
	Unit       string
	Actual     []ChartPoint
	Baseline   *float64
	Target     *float64
	Start, Due time.Time
	Projection *ChartProjection
	Milestones []ChartMilestone
	// Today is the day the chart is drawn: when nothing else is dated, the
	// time axis spans its year.
	Today time.Time
}

// ChartOptions size the chart. ID keeps the title and description ids apart
// when a page holds several charts.
type ChartOptions struct {
	Width, Height int
	ID            string
}

// The chart's colours, from Palette and network.go's greys.
const (
	colActual   = "#1b7f79"
	colTarget   = "#3d5a80"
	colBaseline = "#7b8794"
	colMile     = "#6a4c93"
	colGrid     = "#e4e7eb"
	colAxis     = "#9aa5b1"
	colText     = "#1f2933"
	colMuted    = "#5f6b7a"
)

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// ProgressChart draws a goal's progress as SVG: the actual values over
// time, the baseline and target, the projection to the due date with its
// band, the milestones, axes and a legend.
func ProgressChart(c ChartData, opt ChartOptions) []byte {
	return ProgressPicture(c, opt).SVG()
}

// ProgressPicture draws a goal's progress, as ProgressChart does, as a
// Picture that can also be drawn into a PDF.
func ProgressPicture(c ChartData, opt ChartOptions) Picture {
	p := newProgressChart(c, opt)
	labelW := p.valueScale()
	p.timeSpan()
	p.layout(labelW)

	p.drawFrame()
	p.drawValueAxis()
	p.drawTimeAxis()
	p.drawDue()
	p.drawLevels()
	p.drawProjection()
	p.drawActual()
	p.drawMilestones()
	p.drawLegend()
	return Picture{Width: p.opt.Width, Height: p.opt.Height, ID: p.id, Class: "progress-chart", Title: c.Title,
		Desc: describe(c, p.actual, p.proj), Marks: p.marks}
}

// progressChart is one chart on its way to SVG: the data, less what cannot
// be drawn, and the scales and plot area that place it, worked out in turn
// by valueScale, timeSpan and layout before any part is drawn.
type progressChart struct {
	c      ChartData
	opt    ChartOptions
	id     string
	actual []ChartPoint     // the finite values
	proj   *ChartProjection // nil when there is none or it is not finite

	yTicks   []float64 // the value axis, in nice steps
	yLabels  []string
	yLo, yHi float64
	tLo, tHi time.Time // the time axis
	xTicks   []TimeTick

	left, right, top, bottom float64 // the plot area
	legend                   []legendEntry

	placed   []box     // the labels placed so far, which later ones avoid
	segments []segment // the lines drawn, which labels avoid
	pictureBuilder
}

// newProgressChart fills in the default size and id, and leaves out the
// values that are not numbers, which no axis can place.
func newProgressChart(c ChartData, opt ChartOptions) *progressChart {
	if opt.Width <= 0 {
		opt.Width = 720
	}
	if opt.Height <= 0 {
		opt.Height = 360
	}
	p := &progressChart{c: c, opt: opt, id: idUnsafe.ReplaceAllString(opt.ID, "-")}
	if p.id == "" {
		p.id = "chart"
	}

	for _, pt := range c.Actual {
		if finite(pt.Value) {
			p.actual = append(p.actual, pt)
		}
	}
	p.proj = c.Projection
	if p.proj != nil && (!finite(p.proj.FromValue) || !finite(p.proj.ToValue)) {
		p.proj = nil
	}
	return p
}

// valueScale makes the value axis span everything drawn, from zero when
// that costs little, in nice steps. It returns the width of the widest tick
// label, in characters, which the left margin makes room for.
func (p *progressChart) valueScale() int {
	c, proj := p.c, p.proj
	var vals []float64
	for _, pt := range p.actual {
		vals = append(vals, pt.Value)
	}
	for _, v := range []*float64{c.Baseline, c.Target} {
		if v != nil && finite(*v) {
			vals = append(vals, *v)
		}
	}
	if proj != nil {
		vals = append(vals, proj.FromValue, proj.ToValue)
		if proj.HasBand && finite(proj.Low) && finite(proj.High) {
			vals = append(vals, proj.Low, proj.High)
		}
	}
	for _, m := range c.Milestones {
		if finite(m.Value) {
			vals = append(vals, m.Value)
		}
	}

	lo, hi := 0.0, 1.0
	if len(vals) > 0 {
		lo, hi = vals[0], vals[0]
		for _, v := range vals {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if lo > 0 && lo < hi/2 {
			lo = 0
		}
		if hi < 0 && hi > lo/2 {
			hi = 0
		}
	}

	p.yTicks = NiceTicks(lo, hi, max(3, min(7, p.opt.Height/60)))
	p.yLo, p.yHi = p.yTicks[0], p.yTicks[len(p.yTicks)-1]
	yStep := p.yTicks[1] - p.yTicks[0]
	p.yLabels = make([]string, len(p.yTicks))
	labelW := 0
	for i, v := range p.yTicks {
		p.yLabels[i] = TickLabel(v, yStep, p.yTicks)
		labelW = max(labelW, len(p.yLabels[i]))
	}
	return labelW
}

// timeSpan makes the time axis span the goal's period and every dated
// thing drawn; with nothing dated, the year of Today.
func (p *progressChart) timeSpan() {
	c := p.c
	var times []time.Time
	for _, t := range []time.Time{c.Start, c.Due} {
		if !t.IsZero() {
			times = append(times, t)
		}
	}
	for _, pt := range p.actual {
		times = append(times, pt.At)
	}
	if p.proj != nil {
		times = append(times, p.proj.From, p.proj.To)
	}
	for _, m := range c.Milestones {
		if !m.At.IsZero() {
			times = append(times, m.At)
		}
	}

	var tLo, tHi time.Time
	for _, t := range times {
		if tLo.IsZero() || t.Before(tLo) {
			tLo = t
		}
		if tHi.IsZero() || t.After(tHi) {
			tHi = t
		}
	}
	if tLo.IsZero() {
		tLo = time.Date(c.Today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		tHi = tLo.AddDate(1, 0, 0)
	}
	if !tHi.After(tLo) {
		tLo, tHi = tLo.AddDate(0, -1, 0), tHi.AddDate(0, 1, 0)
	}
	p.tLo, p.tHi = tLo, tHi
}

// layout places the plot area inside margins for the value labels (labelW
// characters wide) and for the legend, whose rows set the bottom margin,
// and chooses the time ticks that fit its width.
func (p *progressChart) layout(labelW int) {
	p.left = float64(labelW)*6.6 + 16
	p.right = float64(p.opt.Width) - 24
	p.top = 26.0

	p.legend = legendItems(p.c, p.actual, p.proj, p.left, float64(p.opt.Width)-8)
	rows := 1.0
	if n := len(p.legend); n > 0 {
		rows = p.legend[n-1].y/18 + 1
	}
	p.bottom = float64(p.opt.Height) - 34 - 18*rows
	for i := range p.legend {
		p.legend[i].y += p.bottom + 40
	}

	p.xTicks = TimeTicks(p.tLo, p.tHi, max(2, int((p.right-p.left)/72)))
}

// x is where a time falls across the plot area.
func (p *progressChart) x(t time.Time) float64 {
	return p.left + (p.right-p.left)*float64(t.Sub(p.tLo))/float64(p.tHi.Sub(p.tLo))
}

// y is where a value falls up the plot area.
func (p *progressChart) y(v float64) float64 {
	return p.bottom - (p.bottom-p.top)*(v-p.yLo)/(p.yHi-p.yLo)
}

// legendEntry is one item of a chart's legend, placed relative to the
// legend's first row.
type legendEntry struct {
	swatch []Mark // drawn around (0, 0): 0 to 24 across, the middle at 0
	label  string
	x, y   float64
}

// legendItems names only what the chart draws, laid out in rows from left
// to right.
func legendItems(c ChartData, actual []ChartPoint, proj *ChartProjection, left, right float64) []legendEntry {
	var items []legendEntry
	line := func(color string, width float64, dash string) Mark {
		return Mark{Kind: MarkLine, Points: []Point{{0, 0}, {24, 0}}, Paint: Paint{Stroke: color, StrokeWidth: width, Dash: dash}}
	}
	if len(actual) > 0 {
		items = append(items, legendEntry{swatch: []Mark{line(colActual, 2.5, ""),
			{Kind: MarkCircle, Points: []Point{{12, 0}}, R: 3.5, Paint: Paint{Fill: colActual}}}, label: "Actual"})
	}
	if slices.ContainsFunc(actual, func(pt ChartPoint) bool { return pt.Incomplete }) {
		items = append(items, legendEntry{swatch: []Mark{line(colActual, 2, "2 3"),
			{Kind: MarkCircle, Points: []Point{{12, 0}}, R: 3.5, Paint: Paint{Fill: "#ffffff", Stroke: colActual, StrokeWidth: 2}}},
			label: "Not all reported yet"})
	}
	if proj != nil {
		items = append(items, legendEntry{swatch: []Mark{
			{Kind: MarkRect, Points: []Point{{0, -6}}, W: 24, H: 12, Paint: Paint{Fill: colActual, Opacity: 0.14}},
			line(colActual, 2, "6 4")}, label: "Projection"})
	}
	if c.Target != nil {
		items = append(items, legendEntry{swatch: []Mark{line(colTarget, 1.5, "")}, label: "Target"})
	}
	if c.Baseline != nil {
		items = append(items, legendEntry{swatch: []Mark{line(colBaseline, 1.5, "6 4")}, label: "Baseline"})
	}
	if len(c.Milestones) > 0 {
		items = append(items, legendEntry{swatch: []Mark{{Kind: MarkPolygon, Points: diamond(12, 0), Paint: Paint{Fill: colMile}}},
			label: "Milestone"})
	}
	x, y := left, 0.0
	for i := range items {
		w := 30 + float64(len(items[i].label))*6.4
		if x > left && x+w > right {
			x, y = left, y+18
		}
		items[i].x, items[i].y = x, y
		x += w + 18
	}
	return items
}

// describe says in a sentence what the chart shows, for screen readers.
func describe(c ChartData, actual []ChartPoint, proj *ChartProjection) string {
	var parts []string
	switch len(actual) {
	case 0:
		parts = append(parts, "No values reported yet.")
	case 1:
		parts = append(parts, fmt.Sprintf("One value: %s on %s.", FormatValue(actual[0].Value, c.Unit), actual[0].At.Format("2 Jan 2006")))
	default:
		first, last := actual[0], actual[len(actual)-1]
		parts = append(parts, fmt.Sprintf("%d values from %s to %s; the latest is %s.", len(actual), first.At.Format("Jan 2006"), last.At.Format("Jan 2006"), FormatValue(last.Value, c.Unit)))
	}
	if n := len(actual); n > 0 && actual[n-1].Incomplete {
		parts = append(parts, "The latest value is incomplete: not every partner has reported it yet.")
	}
	if c.Baseline != nil {
		parts = append(parts, "Baseline "+FormatValue(*c.Baseline, c.Unit)+".")
	}
	if c.Target != nil {
		s := "Target " + FormatValue(*c.Target, c.Unit)
		if !c.Due.IsZero() {
			s += " by " + c.Due.Format("2 Jan 2006")
		}
		parts = append(parts, s+".")
	}
	if proj != nil {
		parts = append(parts, "The trend projects "+FormatValue(proj.ToValue, c.Unit)+" by "+proj.To.Format("2 Jan 2006")+".")
	}
	return strings.Join(parts, " ")
}
