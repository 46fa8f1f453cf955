package svg

import "math"

// Labels on a progress chart are placed where they do not cover another
// label or a line: each label has spots to try in order (above its line,
// below it, at the other end), takes the first that is free, and is then
// in the way of the labels placed after it.

// box is the room a label takes, in the chart's pixels.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// spot is one place a label may go: its text's anchor point and alignment.
type spot struct {
	x, y   float64
	anchor string // start, middle or end
}

// labelFont is the size of the labels placed here; charWidth an average
// character's width at that size, generous so that boxes are not too small.
const (
	labelFont = 11.0
	charWidth = 6.3
)

// boxOf is the room text takes at s.
func boxOf(s spot, text string, size float64) box {
	w := float64(len([]rune(text))) * charWidth * size / labelFont
	x0 := s.x
	switch s.anchor {
	case "middle":
		x0 -= w / 2
	case "end":
		x0 -= w
	}
	return box{x0 - 2, s.y - size + 1, x0 + w + 2, s.y + 3}
}

// segment is a straight part of a line drawn on the chart.
type segment struct{ x0, y0, x1, y1 float64 }

// crosses reports whether the segment passes through the box.
func (s segment) crosses(b box) bool {
	inside := func(x, y float64) bool { return x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1 }
	if inside(s.x0, s.y0) || inside(s.x1, s.y1) {
		return true
	}
	// Liang-Barsky: clip the segment to the box; it crosses when
	// something is left.
	dx, dy := s.x1-s.x0, s.y1-s.y0
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{{-dx, s.x0 - b.x0}, {dx, b.x1 - s.x0}, {-dy, s.y0 - b.y0}, {dy, b.y1 - s.y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = math.Max(t0, r)
		} else {
			t1 = math.Min(t1, r)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// lines are the lines drawn on the chart that a label must not cover: the
// actual values, the projection and the target and baseline.
func (p *progressChart) lines() []segment {
	var out []segment
	for i := 1; i < len(p.actual); i++ {
		a, b := p.actual[i-1], p.actual[i]
		out = append(out, segment{p.x(a.At), p.y(a.Value), p.x(b.At), p.y(b.Value)})
	}
	if pr := p.proj; pr != nil {
		out = append(out, segment{p.x(pr.From), p.y(pr.FromValue), p.x(pr.To), p.y(pr.ToValue)})
	}
	for _, v := range []*float64{p.c.Target, p.c.Baseline} {
		if v != nil && finite(*v) {
			out = append(out, segment{p.left, p.y(*v), p.right, p.y(*v)})
		}
	}
	return out
}

// free reports whether b lies within the chart and clear of the labels
// placed so far and of the lines.
func (p *progressChart) free(b box) bool {
	if b.x0 < p.left-2 || b.x1 > float64(p.opt.Width)-2 || b.y0 < p.top-14 || b.y1 > p.bottom-1 {
		return false
	}
	for _, o := range p.placed {
		if b.overlaps(o) {
			return false
		}
	}
	for _, s := range p.segments {
		if s.crosses(b) {
			return false
		}
	}
	return true
}

// place puts a label at the first free spot and reserves its room. With
// no spot free it reports false, unless must: then the label takes the
// first spot clear of other labels though it covers a line, or failing
// that the first spot.
func (p *progressChart) place(text string, size float64, spots []spot, must bool) (spot, bool) {
	if len(spots) == 0 {
		return spot{}, false
	}
	if p.segments == nil {
		p.segments = p.lines()
	}
	choice := -1
	for i, s := range spots {
		if b := boxOf(s, text, size); p.free(b) {
			choice = i
			break
		}
	}
	if choice < 0 && must {
		choice = 0
		lines := p.segments
		p.segments = []segment{}
		for i, s := range spots {
			if p.free(boxOf(s, text, size)) {
				choice = i
				break
			}
		}
		p.segments = lines
	}
	if choice < 0 {
		return spot{}, false
	}
	p.placed = append(p.placed, boxOf(spots[choice], text, size))
	return spots[choice], true
}
