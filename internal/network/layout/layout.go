// Package layout places the organizations of a network on a plane with a
// force-directed layout (Fruchterman and Reingold's, with repulsion
// computed by Barnes and Hut's approximation), so that organizations that work together sit
// near each other and the picture stays readable from ten to a few
// thousand organizations. It is deterministic: the same network and seed
// give the same picture.
package layout

import (
	"math"
	"math/rand/v2"
)

// Point is a position in the unit square.
type Point struct{ X, Y float64 }

// Options tune the layout; zero values take the defaults.
type Options struct {
	Iterations int    // default: 300 for small networks, fewer for large ones
	Seed       uint64 // for the starting positions
}

// Compute returns a position in [0,1]x[0,1] for each of n nodes joined by
// edges (pairs of node indices; direction and duplicates do not matter).
func Compute(n int, edges [][2]int, opt Options) []Point {
	pos := make([]Point, n)
	if n == 0 {
		return pos
	}
	if n == 1 {
		pos[0] = Point{0.5, 0.5}
		return pos
	}
	iters := opt.Iterations
	if iters <= 0 {
		switch {
		case n <= 100:
			iters = 300
		case n <= 500:
			iters = 200
		default:
			iters = 120
		}
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15))
	// Start on a jittered circle: no two nodes on the same spot, and
	// unconnected parts spread evenly.
	for i := range pos {
		a := 2 * math.Pi * float64(i) / float64(n)
		r := 0.35 + 0.1*rng.Float64()
		pos[i] = Point{0.5 + r*math.Cos(a), 0.5 + r*math.Sin(a)}
	}
	adj := adjacency(n, edges)
	k := math.Sqrt(1.0 / float64(n)) // ideal distance between nodes
	temp := 0.1
	cool := temp / float64(iters+1)
	disp := make([]Point, n)
	var tree quadtree
	for it := 0; it < iters; it++ {
		for i := range disp {
			disp[i] = Point{}
		}
		// Repulsion from every other node, the far ones taken together
		// (Barnes and Hut's approximation), so that even a dense network
		// spreads out instead of collapsing into a ball.
		tree.build(pos)
		for i := range pos {
			fx, fy := tree.force(i, pos[i], k*k)
			disp[i].X += fx
			disp[i].Y += fy
		}
		// Attraction along edges.
		for i, nbrs := range adj {
			for _, j := range nbrs {
				if j <= i {
					continue
				}
				ddx, ddy := pos[i].X-pos[j].X, pos[i].Y-pos[j].Y
				d := math.Sqrt(ddx*ddx + ddy*ddy)
				if d < 1e-9 {
					continue
				}
				f := d * d / k
				disp[i].X -= ddx / d * f
				disp[i].Y -= ddy / d * f
				disp[j].X += ddx / d * f
				disp[j].Y += ddy / d * f
			}
		}
		// A weak pull to the centre keeps unconnected parts from drifting off.
		for i := range pos {
			disp[i].X += (0.5 - pos[i].X) * k * 0.5
			disp[i].Y += (0.5 - pos[i].Y) * k * 0.5
		}
		for i := range pos {
			d := math.Hypot(disp[i].X, disp[i].Y)
			if d > 0 {
				step := math.Min(d, temp)
				pos[i].X += disp[i].X / d * step
				pos[i].Y += disp[i].Y / d * step
			}
		}
		temp -= cool
	}
	return normalize(pos)
}

func adjacency(n int, edges [][2]int) [][]int {
	seen := map[[2]int]bool{}
	adj := make([][]int, n)
	for _, e := range edges {
		a, b := e[0], e[1]
		if a == b || a < 0 || b < 0 || a >= n || b >= n {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	return adj
}

// normalize scales the positions into the unit square, keeping the aspect.
func normalize(pos []Point) []Point {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pos {
		minX, minY = math.Min(minX, p.X), math.Min(minY, p.Y)
		maxX, maxY = math.Max(maxX, p.X), math.Max(maxY, p.Y)
	}
	span := math.Max(maxX-minX, maxY-minY)
	if span < 1e-12 {
		span = 1
	}
	offX := (span - (maxX - minX)) / 2
	offY := (span - (maxY - minY)) / 2
	for i, p := range pos {
		pos[i] = Point{(p.X - minX + offX) / span, (p.Y - minY + offY) / span}
	}
	return pos
}
