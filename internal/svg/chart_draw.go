package svg

import (
	"bytes"
	"fmt"
)

// The parts of a progress chart, each drawn by one method in the order
// they are painted: later parts lie over earlier ones, so the values sit
// over the grid and the milestones over the line.

// drawFrame opens the SVG document with its accessible title and
// description and a white background.
func (p *progressChart) drawFrame(b *bytes.Buffer) {
	w, h, id := p.opt.Width, p.opt.Height, p.id
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" `+
		`aria-labelledby="%s-title %s-desc" class="progress-chart" font-family="system-ui, sans-serif">`,
		w, h, w, h, id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`,
		id, esc(p.c.Title), id, esc(describe(p.c, p.actual, p.proj)))
	b.WriteString(`<rect width="100%" height="100%" fill="#ffffff"/>`)
}

// drawValueAxis draws the grid, the value labels, the unit and, when the
// values cross it, the zero line.
func (p *progressChart) drawValueAxis(b *bytes.Buffer) {
	fmt.Fprintf(b, `<g class="y-axis" font-size="11" fill="%s" text-anchor="end">`, colMuted)
	for i, v := range p.yTicks {
		y := p.y(v)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`, p.left, y, p.right, y, colGrid)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f">%s</text>`, p.left-6, y+4, esc(p.yLabels[i]))
	}
	if p.c.Unit != "" {
		fmt.Fprintf(b, `<text x="%.1f" y="14" text-anchor="start" class="unit">%s</text>`, 4.0, esc(p.c.Unit))
	}
	if p.yLo < 0 && p.yHi > 0 {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`,
			p.left, p.y(0), p.right, p.y(0), colAxis)
	}
	b.WriteString(`</g>`)
}

// drawTimeAxis draws the time axis with its ticks and their labels.
func (p *progressChart) drawTimeAxis(b *bytes.Buffer) {
	fmt.Fprintf(b, `<g class="x-axis" font-size="11" fill="%s" text-anchor="middle">`+
		`<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/>`,
		colMuted, p.left, p.bottom, p.right, p.bottom, colAxis)
	for _, tk := range p.xTicks {
		x := p.x(tk.At)

		// A label at the right edge ends at its tick, so it is not cut off.
		anchor := ""
		if float64(p.opt.Width)-x < float64(len(tk.Label))*3.5+2 {
			anchor = ` text-anchor="end"`
		}
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"/><text x="%.1f" y="%.1f"%s>%s</text>`,
			x, p.bottom, x, p.bottom+5, colAxis, x, p.bottom+18, anchor, esc(tk.Label))
	}
	b.WriteString(`</g>`)
}

// drawDue marks the due date, when the goal has one.
func (p *progressChart) drawDue(b *bytes.Buffer) {
	if p.c.Due.IsZero() {
		return
	}
	x := p.x(p.c.Due)
	label := "due " + p.c.Due.Format("2 Jan 2006")
	p.placed = append(p.placed, boxOf(spot{x, p.top - 10, "end"}, label, labelFont))
	fmt.Fprintf(b, `<g class="due"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-dasharray="2 3"/>`+
		`<text x="%.1f" y="%.1f" font-size="11" fill="%s" text-anchor="end">%s</text></g>`,
		x, p.top-6, x, p.bottom, colAxis, x, p.top-10, colMuted, esc(label))
}

// drawLevels draws the target and the baseline. The actual line usually
// starts near the baseline and heads for the target, so the target is
// labelled first at the left end and the baseline at the right, where the
// data is least likely to be; a label goes under its line, or to the other
// end, when it would cover a line or another label there.
func (p *progressChart) drawLevels(b *bytes.Buffer) {
	type level struct {
		class, name, color, dash string
		v                        *float64
		atLeft                   bool
	}
	levels := []level{
		{"target", "Target", colTarget, "", p.c.Target, true},
		{"baseline", "Baseline", colBaseline, "6 4", p.c.Baseline, false},
	}
	for _, l := range levels {
		if l.v == nil || !finite(*l.v) {
			continue
		}
		y := p.y(*l.v)
		text := l.name + " " + FormatValue(*l.v, p.c.Unit)
		left, right := []spot{{p.left + 6, y - 5, "start"}, {p.left + 6, y + 14, "start"}},
			[]spot{{p.right - 4, y - 5, "end"}, {p.right - 4, y + 14, "end"}}
		spots := append(right, left...)
		if l.atLeft {
			spots = append(left, right...)
		}
		at, _ := p.place(text, labelFont, spots, true)

		dash := ""
		if l.dash != "" {
			dash = fmt.Sprintf(` stroke-dasharray="%s"`, l.dash)
		}
		fmt.Fprintf(b, `<g class="%s"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5"%s/>`+
			`<text x="%.1f" y="%.1f" font-size="11" fill="%s" text-anchor="%s" paint-order="stroke" stroke="#ffffff" `+
			`stroke-width="3">%s</text></g>`,
			l.class, p.left, y, p.right, y, l.color, dash, at.x, at.y, l.color, at.anchor, esc(text))
	}
}

// drawProjection draws the trend carried on to the due date, with its band.
func (p *progressChart) drawProjection(b *bytes.Buffer) {
	proj := p.proj
	if proj == nil {
		return
	}
	x1, y1, x2, y2 := p.x(proj.From), p.y(proj.FromValue), p.x(proj.To), p.y(proj.ToValue)
	b.WriteString(`<g class="projection">`)
	fmt.Fprintf(b, `<title>Projected %s by %s</title>`,
		esc(FormatValue(proj.ToValue, p.c.Unit)), esc(proj.To.Format("2 Jan 2006")))
	if proj.HasBand && finite(proj.Low) && finite(proj.High) {
		fmt.Fprintf(b, `<polygon class="band" points="%.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="%s" fill-opacity="0.14"/>`,
			x1, y1, x2, p.y(proj.High), x2, p.y(proj.Low), colActual)
	}
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`,
		x1, y1, x2, y2, colActual)
	b.WriteString(`</g>`)
}

// drawActual draws the actual values: a line through the complete
// periods, a dotted line on to an incomplete one, and a point with a
// tooltip for each, hollow when its period is incomplete.
func (p *progressChart) drawActual(b *bytes.Buffer) {
	if len(p.actual) == 0 {
		return
	}
	b.WriteString(`<g class="actual">`)
	var solid []ChartPoint
	for _, pt := range p.actual {
		if !pt.Incomplete {
			solid = append(solid, pt)
		}
	}
	if len(solid) > 1 {
		b.WriteString(`<polyline fill="none" stroke="` + colActual + `" stroke-width="2.5" stroke-linejoin="round" points="`)
		for i, pt := range solid {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(b, "%.1f,%.1f", p.x(pt.At), p.y(pt.Value))
		}
		b.WriteString(`"/>`)
	}
	for i := 1; i < len(p.actual); i++ {
		if a, z := p.actual[i-1], p.actual[i]; a.Incomplete || z.Incomplete {
			fmt.Fprintf(b, `<line class="incomplete" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2" `+
				`stroke-dasharray="2 3"/>`, p.x(a.At), p.y(a.Value), p.x(z.At), p.y(z.Value), colActual)
		}
	}

	// Dense series get small dots without the white ring, which would
	// break the line into beads.
	r, ring := 4.0, 1
	if len(p.actual) > 40 {
		r, ring = 2, 0
	}
	for _, pt := range p.actual {
		tip := pt.At.Format("2 Jan 2006") + ": " + FormatValue(pt.Value, p.c.Unit)
		if pt.Note != "" {
			tip += " (" + pt.Note + ")"
		}
		if pt.Incomplete {
			tip += ", incomplete: not every partner has reported yet"
			fmt.Fprintf(b, `<g class="point incomplete"><title>%s</title>`+
				`<circle cx="%.1f" cy="%.1f" r="%.1f" fill="#ffffff" stroke="%s" stroke-width="2"/></g>`,
				esc(tip), p.x(pt.At), p.y(pt.Value), r, colActual)
			continue
		}
		fmt.Fprintf(b, `<g class="point"><title>%s</title>`+
			`<circle cx="%.1f" cy="%.1f" r="%.1f" fill="%s" stroke="#ffffff" stroke-width="%d"/></g>`,
			esc(tip), p.x(pt.At), p.y(pt.Value), r, colActual, ring)
	}
	b.WriteString(`</g>`)
}

// drawMilestones draws the milestones as diamonds, filled when reached,
// over the line.
func (p *progressChart) drawMilestones(b *bytes.Buffer) {
	if len(p.c.Milestones) == 0 {
		return
	}
	fmt.Fprintf(b, `<g class="milestones" font-size="10" fill="%s">`, colMile)
	for _, m := range p.c.Milestones {
		if !finite(m.Value) || m.At.IsZero() {
			continue
		}
		x, y := p.x(m.At), p.y(m.Value)
		fill, state := "#ffffff", "not yet reached"
		if m.Reached {
			fill, state = colMile, "reached"
		}
		fmt.Fprintf(b, `<g class="milestone"><title>%s: %s by %s, %s</title>`+
			`<path d="M%.1f %.1fl5 5l-5 5l-5 -5z" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			esc(firstNonEmpty(m.Label, "Milestone")), esc(FormatValue(m.Value, p.c.Unit)), esc(m.At.Format("2 Jan 2006")),
			state, x, y-5, fill, colMile)
		// A label that fits nowhere clear is left to the tooltip.
		if m.Label == "" {
			b.WriteString(`</g>`)
			continue
		}
		spots := []spot{{x, y - 9, "middle"}, {x, y + 19, "middle"}, {x + 9, y + 4, "start"}, {x - 9, y + 4, "end"},
			{x, y - 22, "middle"}, {x, y + 32, "middle"}}
		if at, ok := p.place(m.Label, 10, spots, false); ok {
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" paint-order="stroke" stroke="#ffffff" `+
				`stroke-width="3">%s</text>`, at.x, at.y, at.anchor, esc(m.Label))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g>`)
}

// drawLegend draws the legend under the time axis and, over an empty plot,
// says that nothing is reported yet.
func (p *progressChart) drawLegend(b *bytes.Buffer) {
	fmt.Fprintf(b, `<g class="legend" font-size="11" fill="%s">`, colText)
	for _, it := range p.legend {
		fmt.Fprintf(b, `<g transform="translate(%.1f %.1f)">%s<text x="30" y="4">%s</text></g>`,
			it.x, it.y, it.swatch, it.label)
	}
	b.WriteString(`</g>`)
	if len(p.actual) == 0 {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s" font-size="13" paint-order="stroke" `+
			`stroke="#ffffff" stroke-width="4">No values reported yet</text>`,
			(p.left+p.right)/2, p.top+(p.bottom-p.top)*0.3, colMuted)
	}
}
