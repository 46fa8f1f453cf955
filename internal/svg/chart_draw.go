package svg

import "fmt"

// The parts of a progress chart, each drawn by one method in the order
// they are painted: later parts lie over earlier ones, so the values sit
// over the grid and the milestones over the line.

// drawFrame paints the white background.
func (p *progressChart) drawFrame() {
	p.add(Mark{Kind: MarkRect, W: float64(p.opt.Width), H: float64(p.opt.Height), Points: []Point{{0, 0}},
		Paint: Paint{Fill: "#ffffff"}})
}

// drawValueAxis draws the grid, the value labels, the unit and, when the
// values cross it, the zero line.
func (p *progressChart) drawValueAxis() {
	p.group("y-axis", "")
	for i, v := range p.yTicks {
		y := p.y(v)
		p.line(p.left, y, p.right, y, Paint{Stroke: colGrid})
		p.text(p.left-6, y+4, p.yLabels[i], 11, colMuted, "end", false)
	}
	if p.c.Unit != "" {
		p.text(4, 14, p.c.Unit, 11, colMuted, "start", false)
	}
	if p.yLo < 0 && p.yHi > 0 {
		p.line(p.left, p.y(0), p.right, p.y(0), Paint{Stroke: colAxis})
	}
	p.end()
}

// drawTimeAxis draws the time axis with its ticks and their labels.
func (p *progressChart) drawTimeAxis() {
	p.group("x-axis", "")
	p.line(p.left, p.bottom, p.right, p.bottom, Paint{Stroke: colAxis})
	for _, tk := range p.xTicks {
		x := p.x(tk.At)
		// A label at the right edge ends at its tick, so it is not cut off.
		anchor := "middle"
		if float64(p.opt.Width)-x < float64(len(tk.Label))*3.5+2 {
			anchor = "end"
		}
		p.line(x, p.bottom, x, p.bottom+5, Paint{Stroke: colAxis})
		p.text(x, p.bottom+18, tk.Label, 11, colMuted, anchor, false)
	}
	p.end()
}

// drawDue marks the due date, when the goal has one.
func (p *progressChart) drawDue() {
	if p.c.Due.IsZero() {
		return
	}
	x := p.x(p.c.Due)
	label := "due " + p.c.Due.Format("2 Jan 2006")
	p.placed = append(p.placed, boxOf(spot{x, p.top - 10, "end"}, label, labelFont))
	p.group("due", "")
	p.line(x, p.top-6, x, p.bottom, Paint{Stroke: colAxis, Dash: "2 3"})
	p.text(x, p.top-10, label, 11, colMuted, "end", false)
	p.end()
}

// drawLevels draws the target and the baseline. The actual line usually
// starts near the baseline and heads for the target, so the target is
// labelled first at the left end and the baseline at the right, where the
// data is least likely to be; a label goes under its line, or to the other
// end, when it would cover a line or another label there.
func (p *progressChart) drawLevels() {
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
		p.group(l.class, "")
		p.line(p.left, y, p.right, y, Paint{Stroke: l.color, StrokeWidth: 1.5, Dash: l.dash})
		p.text(at.x, at.y, text, 11, l.color, at.anchor, true)
		p.end()
	}
}

// drawProjection draws the trend carried on to the due date, with its band.
func (p *progressChart) drawProjection() {
	proj := p.proj
	if proj == nil {
		return
	}
	x1, y1, x2, y2 := p.x(proj.From), p.y(proj.FromValue), p.x(proj.To), p.y(proj.ToValue)
	p.group("projection", fmt.Sprintf("Projected %s by %s", FormatValue(proj.ToValue, p.c.Unit), proj.To.Format("2 Jan 2006")))
	if proj.HasBand && finite(proj.Low) && finite(proj.High) {
		p.add(Mark{Kind: MarkPolygon, Class: "band", Points: []Point{{x1, y1}, {x2, p.y(proj.High)}, {x2, p.y(proj.Low)}},
			Paint: Paint{Fill: colActual, Opacity: 0.14}})
	}
	p.line(x1, y1, x2, y2, Paint{Stroke: colActual, StrokeWidth: 2, Dash: "6 4"})
	p.end()
}

// drawActual draws the actual values: a line through the complete
// periods, a dotted line on to an incomplete one, and a point with a
// tooltip for each, hollow when its period is incomplete.
func (p *progressChart) drawActual() {
	if len(p.actual) == 0 {
		return
	}
	p.group("actual", "")
	var solid []Point
	for _, pt := range p.actual {
		if !pt.Incomplete {
			solid = append(solid, Point{p.x(pt.At), p.y(pt.Value)})
		}
	}
	if len(solid) > 1 {
		p.add(Mark{Kind: MarkPolyline, Points: solid, Paint: Paint{Stroke: colActual, StrokeWidth: 2.5}})
	}
	for i := 1; i < len(p.actual); i++ {
		if a, z := p.actual[i-1], p.actual[i]; a.Incomplete || z.Incomplete {
			p.add(Mark{Kind: MarkLine, Class: "incomplete", Points: []Point{{p.x(a.At), p.y(a.Value)}, {p.x(z.At), p.y(z.Value)}},
				Paint: Paint{Stroke: colActual, StrokeWidth: 2, Dash: "2 3"}})
		}
	}

	// Dense series get small dots without the white ring, which would
	// break the line into beads.
	r, ring := 4.0, Paint{Fill: colActual, Stroke: "#ffffff", StrokeWidth: 1}
	if len(p.actual) > 40 {
		r, ring = 2, Paint{Fill: colActual}
	}
	for _, pt := range p.actual {
		tip := pt.At.Format("2 Jan 2006") + ": " + FormatValue(pt.Value, p.c.Unit)
		if pt.Note != "" {
			tip += " (" + pt.Note + ")"
		}
		class, paint := "point", ring
		if pt.Incomplete {
			tip += ", incomplete: not every partner has reported yet"
			class, paint = "point incomplete", Paint{Fill: "#ffffff", Stroke: colActual, StrokeWidth: 2}
		}
		p.group(class, tip)
		p.add(Mark{Kind: MarkCircle, Points: []Point{{p.x(pt.At), p.y(pt.Value)}}, R: r, Paint: paint})
		p.end()
	}
	p.end()
}

// diamond is a milestone's mark around (x, y).
func diamond(x, y float64) []Point {
	return []Point{{x, y - 5}, {x + 5, y}, {x, y + 5}, {x - 5, y}}
}

// drawMilestones draws the milestones as diamonds, filled when reached,
// over the line.
func (p *progressChart) drawMilestones() {
	if len(p.c.Milestones) == 0 {
		return
	}
	p.group("milestones", "")
	for _, m := range p.c.Milestones {
		if !finite(m.Value) || m.At.IsZero() {
			continue
		}
		x, y := p.x(m.At), p.y(m.Value)
		fill, state := "#ffffff", "not yet reached"
		if m.Reached {
			fill, state = colMile, "reached"
		}
		p.group("milestone", fmt.Sprintf("%s: %s by %s, %s", firstNonEmpty(m.Label, "Milestone"),
			FormatValue(m.Value, p.c.Unit), m.At.Format("2 Jan 2006"), state))
		p.add(Mark{Kind: MarkPolygon, Points: diamond(x, y), Paint: Paint{Fill: fill, Stroke: colMile, StrokeWidth: 1.5}})
		// A label that fits nowhere clear is left to the tooltip.
		if m.Label != "" {
			spots := []spot{{x, y - 9, "middle"}, {x, y + 19, "middle"}, {x + 9, y + 4, "start"}, {x - 9, y + 4, "end"},
				{x, y - 22, "middle"}, {x, y + 32, "middle"}}
			if at, ok := p.place(m.Label, 10, spots, false); ok {
				p.text(at.x, at.y, m.Label, 10, colMile, at.anchor, true)
			}
		}
		p.end()
	}
	p.end()
}

// drawLegend draws the legend under the time axis and, over an empty plot,
// says that nothing is reported yet.
func (p *progressChart) drawLegend() {
	p.group("legend", "")
	for _, it := range p.legend {
		for _, m := range it.swatch {
			m.Points = append([]Point(nil), m.Points...)
			for i := range m.Points {
				m.Points[i].X += it.x
				m.Points[i].Y += it.y
			}
			p.add(m)
		}
		p.text(it.x+30, it.y+4, it.label, 11, colText, "start", false)
	}
	p.end()
	if len(p.actual) == 0 {
		p.text((p.left+p.right)/2, p.top+(p.bottom-p.top)*0.3, "No values reported yet", 13, colMuted, "middle", true)
	}
}
