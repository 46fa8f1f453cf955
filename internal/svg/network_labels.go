package svg

import (
	"math"
	"sort"
	"unicode/utf8"
)

// Label placement: each organization's name goes where it overlaps nothing
// else. The larger organizations choose first; each tries the places
// around its circle (right, left, above, below, then the diagonals) and
// takes the one that touches no other name and no circle and crosses the
// fewest lines. A name with no free place is shortened; one that still
// finds none is left off the picture (its circle's tooltip and the side
// panel give it in full).

const (
	labelHeight = 14.0 // the box of one line of 11 px text, descenders included
	labelGap    = 3.0  // between a circle and its name
	shortRunes  = 16   // a shortened name keeps this many letters
)

// Rect is an axis-aligned box in the picture's coordinates.
type Rect struct{ X0, Y0, X1, Y1 float64 }

// Intersects reports whether two boxes overlap (touching edges do not).
func (a Rect) Intersects(b Rect) bool { return a.box().overlaps(b.box()) }

// box is the rectangle as the charts' label placement knows it.
func (a Rect) box() box { return box{a.X0, a.Y0, a.X1, a.Y1} }

// CrossesCircle reports whether the box overlaps the disc at (cx, cy) of radius r.
func (a Rect) CrossesCircle(cx, cy, r float64) bool {
	nx := math.Max(a.X0, math.Min(cx, a.X1))
	ny := math.Max(a.Y0, math.Min(cy, a.Y1))
	return (nx-cx)*(nx-cx)+(ny-cy)*(ny-cy) < r*r
}

// CrossesSegment reports whether the segment from (x1, y1) to (x2, y2)
// passes through the box (the charts' test, see segment.crosses).
func (a Rect) CrossesSegment(x1, y1, x2, y2 float64) bool {
	return segment{x1, y1, x2, y2}.crosses(a.box())
}

// PlacedLabel is where an organization's name is written.
type PlacedLabel struct {
	Node   int    // index of the node
	Text   string // the name, or its shortened form
	Short  bool   // shortened: the full name is in the tooltip
	Box    Rect   // the text's box
	X, Y   float64
	Anchor string // text-anchor: start, middle or end
}

// textWidth estimates the width of s in the map's 11 px (labelFont) sans-serif font,
// erring wide, so that boxes that do not meet here do not meet on screen.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r == ' ' || r == 'i' || r == 'l' || r == 'j' || r == '.' || r == ',' || r == '\'' || r == '|' || r == '!' || r == 'I':
			w += 0.32
		case r == 'f' || r == 't' || r == 'r' || r == '(' || r == ')' || r == '-':
			w += 0.42
		case r == 'm' || r == 'w' || r == 'M' || r == 'W' || r == '@' || r == '&':
			w += 0.92
		case r >= 'A' && r <= 'Z':
			w += 0.7
		case r >= '0' && r <= '9':
			w += 0.58
		default:
			w += 0.58
		}
	}
	return w*labelFont + 2
}

// shorten cuts a name to shortRunes letters and an ellipsis.
func shorten(s string) (string, bool) {
	if utf8.RuneCountInString(s) <= shortRunes+1 {
		return s, false
	}
	r := []rune(s)
	cut := shortRunes
	for cut > shortRunes/2 && r[cut-1] != ' ' { // end at a word when one is near
		cut--
	}
	if cut == shortRunes/2 {
		cut = shortRunes
	}
	return string(r[:cut]) + "…", true
}

// drawnNode is a node in the picture's coordinates.
type drawnNode struct{ x, y, r float64 }

// placeLabels chooses where each node's label goes inside bounds, avoiding
// the other labels, every node and, where it can, the edges (segments
// between node indices).
func placeLabels(labels []string, nodes []drawnNode, size []float64, edges [][2]int, bounds Rect) []PlacedLabel {
	order := make([]int, len(nodes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return size[order[a]] > size[order[b]] })

	var placed []PlacedLabel
	for _, i := range order {
		if labels[i] == "" {
			continue
		}
		best, ok := placeOne(i, labels[i], nodes, edges, placed, bounds)
		if !ok {
			short, cut := shorten(labels[i])
			if !cut {
				continue
			}
			if best, ok = placeOne(i, short, nodes, edges, placed, bounds); !ok {
				continue
			}
			best.Short = true
		}
		placed = append(placed, best)
	}
	sort.Slice(placed, func(a, b int) bool { return placed[a].Node < placed[b].Node })
	return placed
}

// placeOne finds the free place for one label that crosses the fewest
// edges; ok is false when every place touches a label, a node or the frame.
func placeOne(
	i int,
	text string,
	nodes []drawnNode,
	edges [][2]int,
	placed []PlacedLabel,
	bounds Rect,
) (PlacedLabel, bool) {
	n := nodes[i]
	w, h := textWidth(text), labelHeight
	// Each candidate: the box's left and top, and where the text is
	// anchored. The second ring, a little farther out, is for a name
	// whose near places all lie on lines.
	type place struct {
		x0, y0 float64
		anchor string
	}
	var places []place
	for _, gap := range []float64{labelGap, labelGap + 9} {
		d := n.r + gap
		diag := n.r*math.Sqrt2/2 + gap
		places = append(places,
			place{n.x + d, n.y - h/2, "start"},         // right
			place{n.x - d - w, n.y - h/2, "end"},       // left
			place{n.x - w/2, n.y - d - h, "middle"},    // above
			place{n.x - w/2, n.y + d, "middle"},        // below
			place{n.x + diag, n.y - diag - h, "start"}, // above right
			place{n.x - diag - w, n.y - diag - h, "end"},
			place{n.x + diag, n.y + diag, "start"}, // below right
			place{n.x - diag - w, n.y + diag, "end"},
		)
	}
	best, bestCross := PlacedLabel{}, -1
	for _, s := range places {
		box := Rect{s.x0, s.y0, s.x0 + w, s.y0 + h}
		if box.X0 < bounds.X0 || box.Y0 < bounds.Y0 || box.X1 > bounds.X1 || box.Y1 > bounds.Y1 {
			continue
		}
		if hitsLabel(box, placed) || hitsNode(box, nodes) {
			continue
		}
		cross := 0
		for _, e := range edges {
			a, b := nodes[e[0]], nodes[e[1]]
			if box.CrossesSegment(a.x, a.y, b.x, b.y) {
				cross++
			}
		}
		if bestCross >= 0 && cross >= bestCross {
			continue
		}
		tx := map[string]float64{"start": box.X0 + 1, "middle": (box.X0 + box.X1) / 2, "end": box.X1 - 1}[s.anchor]
		best, bestCross = PlacedLabel{Node: i, Text: text, Box: box, X: tx, Y: box.Y1 - 3.5, Anchor: s.anchor}, cross
		if cross == 0 {
			break
		}
	}
	return best, bestCross >= 0
}

func hitsLabel(box Rect, placed []PlacedLabel) bool {
	for _, p := range placed {
		if box.Intersects(p.Box) {
			return true
		}
	}
	return false
}

func hitsNode(box Rect, nodes []drawnNode) bool {
	for _, n := range nodes {
		if box.CrossesCircle(n.x, n.y, n.r+1) {
			return true
		}
	}
	return false
}
