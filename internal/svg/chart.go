package svg

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

// ChartPoint is one actual value on a progress chart.
type ChartPoint struct {
	At    time.Time
	Value float64
	Note  string // added to the tooltip: "4 of 5 partners reported"
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

// ProgressChart draws a goal's progress: the actual values over time, the
// baseline and target, the projection to the due date with its band, the
// milestones, axes and a legend.
func ProgressChart(c ChartData, opt ChartOptions) []byte {
	if opt.Width <= 0 {
		opt.Width = 720
	}
	if opt.Height <= 0 {
		opt.Height = 360
	}
	id := idUnsafe.ReplaceAllString(opt.ID, "-")
	if id == "" {
		id = "chart"
	}
	var actual []ChartPoint
	for _, p := range c.Actual {
		if finite(p.Value) {
			actual = append(actual, p)
		}
	}
	proj := c.Projection
	if proj != nil && (!finite(proj.FromValue) || !finite(proj.ToValue)) {
		proj = nil
	}

	// The value axis spans everything drawn, from zero when that costs
	// little, in nice steps.
	var vals []float64
	for _, p := range actual {
		vals = append(vals, p.Value)
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
	yTicks := NiceTicks(lo, hi, max(3, min(7, opt.Height/60)))
	yLo, yHi := yTicks[0], yTicks[len(yTicks)-1]
	yStep := yTicks[1] - yTicks[0]
	labels := make([]string, len(yTicks))
	labelW := 0
	for i, v := range yTicks {
		labels[i] = TickLabel(v, yStep, yTicks)
		labelW = max(labelW, len(labels[i]))
	}

	// The time axis spans the goal's period and every dated thing drawn.
	var times []time.Time
	for _, t := range []time.Time{c.Start, c.Due} {
		if !t.IsZero() {
			times = append(times, t)
		}
	}
	for _, p := range actual {
		times = append(times, p.At)
	}
	if proj != nil {
		times = append(times, proj.From, proj.To)
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

	// The plot area, inside margins for the labels and the legend.
	left := float64(labelW)*6.6 + 16
	right := float64(opt.Width) - 24
	top := 26.0
	legend := legendItems(c, actual, proj, left, float64(opt.Width)-8)
	rows := 1.0
	if n := len(legend); n > 0 {
		rows = legend[n-1].y/18 + 1
	}
	bottom := float64(opt.Height) - 34 - 18*rows
	for i := range legend {
		legend[i].y += bottom + 40
	}
	xTicks := TimeTicks(tLo, tHi, max(2, int((right-left)/72)))
	xOf := func(t time.Time) float64 {
		return left + (right-left)*float64(t.Sub(tLo))/float64(tHi.Sub(tLo))
	}
	yOf := func(v float64) float64 {
		return bottom - (bottom-top)*(v-yLo)/(yHi-yLo)
	}

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" class="progress-chart" font-family="system-ui, sans-serif">`,
		opt.Width, opt.Height, opt.Width, opt.Height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(c.Title), id, esc(describe(c, actual, proj)))
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>`)

	// Grid and value axis.
	fmt.Fprintf(&b, `<g class="y-axis" font-size="11" fill="%s" text-anchor="end">`, colMuted)
	for i, v := range yTicks {
		y := yOf(v)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`, left, y, right, y, colGrid)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`, left-6, y+4, esc(labels[i]))
	}
	if c.Unit != "" {
		fmt.Fprintf(&b, `<text x="%.1f" y="14" text-anchor="start" class="unit">%s</text>`, 4.0, esc(c.Unit))
	}
	if yLo < 0 && yHi > 0 {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`, left, yOf(0), right, yOf(0), colAxis)
	}
	b.WriteString(`</g>`)

	// Time axis.
	fmt.Fprintf(&b, `<g class="x-axis" font-size="11" fill="%s" text-anchor="middle"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`, colMuted, left, bottom, right, bottom, colAxis)
	for _, tk := range xTicks {
		x := xOf(tk.At)
		// A label at the right edge ends at its tick, so it is not cut off.
		anchor := ""
		if float64(opt.Width)-x < float64(len(tk.Label))*3.5+2 {
			anchor = ` text-anchor="end"`
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/><text x="%.1f" y="%.1f"%s>%s</text>`, x, bottom, x, bottom+5, colAxis, x, bottom+18, anchor, esc(tk.Label))
	}
	b.WriteString(`</g>`)

	// The due date.
	if !c.Due.IsZero() {
		x := xOf(c.Due)
		fmt.Fprintf(&b, `<g class="due"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-dasharray="2 3"/><text x="%.1f" y="%.1f" font-size="11" fill="%s" text-anchor="end">due %s</text></g>`,
			x, top-6, x, bottom, colAxis, x, top-10, colMuted, esc(c.Due.Format("2 Jan 2006")))
	}

	// Baseline and target. The actual line usually starts near the
	// baseline and heads for the target, so the target is labelled at the
	// left end and the baseline at the right, where the data is least
	// likely to be. A label goes under its line when above would run into
	// the top or the other label.
	type level struct {
		class, name, color, dash string
		v                        *float64
		atLeft                   bool
	}
	var labelYs []float64
	for _, l := range []level{{"target", "Target", colTarget, "", c.Target, true}, {"baseline", "Baseline", colBaseline, "6 4", c.Baseline, false}} {
		if l.v == nil || !finite(*l.v) {
			continue
		}
		y := yOf(*l.v)
		ly := y - 5
		if ly < top+10 {
			ly = y + 14
		}
		for _, o := range labelYs {
			if math.Abs(o-ly) < 13 {
				ly = y + 14
				if math.Abs(o-ly) < 13 {
					ly = o + 13
				}
			}
		}
		labelYs = append(labelYs, ly)
		dash := ""
		if l.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, l.dash)
		}
		lx, anchor := right-4, "end"
		if l.atLeft {
			lx, anchor = left+6, "start"
		}
		fmt.Fprintf(&b, `<g class="%s"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5"%s/><text x="%.1f" y="%.1f" font-size="11" fill="%s" text-anchor="%s" paint-order="stroke" stroke="#ffffff" stroke-width="3">%s %s</text></g>`,
			l.class, left, y, right, y, l.color, dash, lx, ly, l.color, anchor, l.name, esc(FormatValue(*l.v, c.Unit)))
	}

	// The projection and its band.
	if proj != nil {
		x1, y1, x2, y2 := xOf(proj.From), yOf(proj.FromValue), xOf(proj.To), yOf(proj.ToValue)
		b.WriteString(`<g class="projection">`)
		fmt.Fprintf(&b, `<title>Projected %s by %s</title>`, esc(FormatValue(proj.ToValue, c.Unit)), esc(proj.To.Format("2 Jan 2006")))
		if proj.HasBand && finite(proj.Low) && finite(proj.High) {
			fmt.Fprintf(&b, `<polygon class="band" points="%.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s" fill-opacity="0.14"/>`, x1, y1, x2, yOf(proj.High), x2, yOf(proj.Low), colActual)
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, x1, y1, x2, y2, colActual)
		b.WriteString(`</g>`)
	}

	// The actual values: a line, and a point with a tooltip for each.
	if len(actual) > 0 {
		b.WriteString(`<g class="actual">`)
		if len(actual) > 1 {
			b.WriteString(`<polyline fill="none" stroke="` + colActual + `" stroke-width="2.5" stroke-linejoin="round" points="`)
			for i, p := range actual {
				if i > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%.1f,%.1f", xOf(p.At), yOf(p.Value))
			}
			b.WriteString(`"/>`)
		}
		// Dense series get small dots without the white ring, which would
		// break the line into beads.
		r, ring := 4.0, 1
		if len(actual) > 40 {
			r, ring = 2, 0
		}
		for _, p := range actual {
			tip := p.At.Format("2 Jan 2006") + ": " + FormatValue(p.Value, c.Unit)
			if p.Note != "" {
				tip += " (" + p.Note + ")"
			}
			fmt.Fprintf(&b, `<g class="point"><title>%s</title><circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="#ffffff" stroke-width="%d"/></g>`,
				esc(tip), xOf(p.At), yOf(p.Value), r, colActual, ring)
		}
		b.WriteString(`</g>`)
	}

	// Milestones: diamonds, filled when reached, drawn over the line.
	if len(c.Milestones) > 0 {
		fmt.Fprintf(&b, `<g class="milestones" font-size="10" fill="%s">`, colMile)
		for _, m := range c.Milestones {
			if !finite(m.Value) || m.At.IsZero() {
				continue
			}
			x, y := xOf(m.At), yOf(m.Value)
			fill, state := "#ffffff", "not yet reached"
			if m.Reached {
				fill, state = colMile, "reached"
			}
			fmt.Fprintf(&b, `<g class="milestone"><title>%s: %s by %s, %s</title><path d="M%.1f %.1fl5 5l-5 5l-5 -5z" fill="%s" stroke="%s" stroke-width="1.5"/>`,
				esc(firstNonEmpty(m.Label, "Milestone")), esc(FormatValue(m.Value, c.Unit)), esc(m.At.Format("2 Jan 2006")), state, x, y-5, fill, colMile)
			if m.Label != "" {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" paint-order="stroke" stroke="#ffffff" stroke-width="3">%s</text>`, x, y-9, esc(m.Label))
			}
			b.WriteString(`</g>`)
		}
		b.WriteString(`</g>`)
	}

	// The legend, under the time axis.
	fmt.Fprintf(&b, `<g class="legend" font-size="11" fill="%s">`, colText)
	for _, it := range legend {
		fmt.Fprintf(&b, `<g transform="translate(%.1f %.1f)">%s<text x="30" y="4">%s</text></g>`, it.x, it.y, it.swatch, it.label)
	}
	b.WriteString(`</g>`)
	if len(actual) == 0 {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s" font-size="13" paint-order="stroke" stroke="#ffffff" stroke-width="4">No values reported yet</text>`, (left+right)/2, top+(bottom-top)*0.3, colMuted)
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}

// legendEntry is one item of a chart's legend, placed relative to the
// legend's first row.
type legendEntry struct {
	swatch, label string
	x, y          float64
}

// legendItems names only what the chart draws, laid out in rows from left
// to right.
func legendItems(c ChartData, actual []ChartPoint, proj *ChartProjection, left, right float64) []legendEntry {
	var items []legendEntry
	if len(actual) > 0 {
		items = append(items, legendEntry{swatch: fmt.Sprintf(`<line x1="0" y1="0" x2="24" y2="0" stroke="%s" stroke-width="2.5"/><circle cx="12" cy="0" r="3.5" fill="%s"/>`, colActual, colActual), label: "Actual"})
	}
	if proj != nil {
		items = append(items, legendEntry{swatch: fmt.Sprintf(`<rect x="0" y="-6" width="24" height="12" fill="%s" fill-opacity="0.14"/><line x1="0" y1="0" x2="24" y2="0" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, colActual, colActual), label: "Projection"})
	}
	if c.Target != nil {
		items = append(items, legendEntry{swatch: fmt.Sprintf(`<line x1="0" y1="0" x2="24" y2="0" stroke="%s" stroke-width="1.5"/>`, colTarget), label: "Target"})
	}
	if c.Baseline != nil {
		items = append(items, legendEntry{swatch: fmt.Sprintf(`<line x1="0" y1="0" x2="24" y2="0" stroke="%s" stroke-width="1.5" stroke-dasharray="6 4"/>`, colBaseline), label: "Baseline"})
	}
	if len(c.Milestones) > 0 {
		items = append(items, legendEntry{swatch: fmt.Sprintf(`<path d="M12 -5l5 5l-5 5l-5 -5z" fill="%s"/>`, colMile), label: "Milestone"})
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

// Sparkline draws values as a small line for the at-a-glance list, with the
// last value marked.
func Sparkline(values []float64, w, h int) []byte {
	if w <= 0 {
		w = 120
	}
	if h <= 0 {
		h = 28
	}
	var vs []float64
	for _, v := range values {
		if finite(v) {
			vs = append(vs, v)
		}
	}
	var b bytes.Buffer
	title := "No values"
	if len(vs) > 0 {
		title = fmt.Sprintf("%d values, latest %s", len(vs), FormatValue(vs[len(vs)-1], ""))
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" class="sparkline"><title>%s</title>`, w, h, w, h, esc(title))
	if len(vs) > 0 {
		lo, hi := vs[0], vs[0]
		for _, v := range vs {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		pad := 3.0
		x := func(i int) float64 {
			if len(vs) == 1 {
				return float64(w) - pad
			}
			return pad + (float64(w)-2*pad)*float64(i)/float64(len(vs)-1)
		}
		y := func(v float64) float64 {
			if hi == lo {
				return float64(h) / 2
			}
			return float64(h) - pad - (float64(h)-2*pad)*(v-lo)/(hi-lo)
		}
		if len(vs) > 1 {
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="1.5" stroke-linejoin="round" points="`, colActual)
			for i, v := range vs {
				if i > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%.1f,%.1f", x(i), y(v))
			}
			b.WriteString(`"/>`)
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`, x(len(vs)-1), y(vs[len(vs)-1]), colActual)
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}
