package layout

import "math"

// theta trades accuracy for speed: a group of nodes whose box, seen from a
// node, is smaller than theta times its distance acts as one node.
const theta = 0.9

// quadtree holds the nodes' positions for Barnes-Hut repulsion. Its
// storage is reused from one iteration to the next.
type quadtree struct {
	nodes []qnode
	pos   []Point
}

type qnode struct {
	cx, cy, half float64 // the square: centre and half its side
	mass         float64 // how many points are inside
	mx, my       float64 // their centre of mass
	point        int32   // the one point of a leaf, or -1
	child        [4]int32
}

func (t *quadtree) build(pos []Point) {
	t.nodes = t.nodes[:0]
	t.pos = pos
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pos {
		minX, minY = math.Min(minX, p.X), math.Min(minY, p.Y)
		maxX, maxY = math.Max(maxX, p.X), math.Max(maxY, p.Y)
	}
	half := math.Max(maxX-minX, maxY-minY)/2 + 1e-9
	t.nodes = append(t.nodes, qnode{cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, half: half, point: -1, child: [4]int32{-1, -1, -1, -1}})
	for i := range pos {
		t.insert(0, int32(i), 0)
	}
}

func (t *quadtree) quadrant(n int32, p Point) int {
	q := 0
	if p.X >= t.nodes[n].cx {
		q |= 1
	}
	if p.Y >= t.nodes[n].cy {
		q |= 2
	}
	return q
}

func (t *quadtree) child(n int32, q int) int32 {
	if c := t.nodes[n].child[q]; c >= 0 {
		return c
	}
	h := t.nodes[n].half / 2
	cx, cy := t.nodes[n].cx-h, t.nodes[n].cy-h
	if q&1 != 0 {
		cx += 2 * h
	}
	if q&2 != 0 {
		cy += 2 * h
	}
	t.nodes = append(t.nodes, qnode{cx: cx, cy: cy, half: h, point: -1, child: [4]int32{-1, -1, -1, -1}})
	c := int32(len(t.nodes) - 1)
	t.nodes[n].child[q] = c
	return c
}

func (t *quadtree) insert(n, i int32, depth int) {
	p := t.pos[i]
	for {
		nd := &t.nodes[n]
		nd.mx = (nd.mx*nd.mass + p.X) / (nd.mass + 1)
		nd.my = (nd.my*nd.mass + p.Y) / (nd.mass + 1)
		nd.mass++
		if nd.mass == 1 {
			nd.point = i
			return
		}
		// Points on (nearly) the same spot: stop splitting; they stay one
		// leaf whose mass counts them all.
		if depth > 40 {
			return
		}
		if old := nd.point; old >= 0 {
			nd.point = -1
			c := t.child(n, t.quadrant(n, t.pos[old]))
			on := &t.nodes[c]
			on.mx, on.my, on.mass, on.point = t.pos[old].X, t.pos[old].Y, 1, old
		}
		n = t.child(n, t.quadrant(n, p))
		depth++
	}
}

// force is the repulsion on point i at p, with strength k2/d per point.
func (t *quadtree) force(i int, p Point, k2 float64) (fx, fy float64) {
	stack := [256]int32{0}
	top := 1
	for top > 0 {
		top--
		nd := &t.nodes[stack[top]]
		if nd.mass == 0 || (nd.point == int32(i) && nd.mass == 1) {
			continue
		}
		dx, dy := p.X-nd.mx, p.Y-nd.my
		d2 := dx*dx + dy*dy
		leaf := nd.child == [4]int32{-1, -1, -1, -1}
		if leaf || (2*nd.half)*(2*nd.half) < theta*theta*d2 {
			mass := nd.mass
			if leaf && nd.point == int32(i) {
				mass-- // itself, among points on the same spot
			}
			if d2 < 1e-12 {
				// On the same spot: push apart in a direction fixed by the index.
				dx, dy, d2 = 1e-4*float64(i%7-3), 1e-4*float64(i%5-2)+1e-5, 1e-8
			}
			f := k2 * mass / d2
			fx += dx * f
			fy += dy * f
			continue
		}
		for _, c := range nd.child {
			if c >= 0 && top < len(stack) {
				stack[top] = c
				top++
			}
		}
	}
	return fx, fy
}
