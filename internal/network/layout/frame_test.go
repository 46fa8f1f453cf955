package layout

import (
	"math/rand/v2"
	"testing"
)

// TestNodesNotPinnedToTheFrame: in networks of a community's shape (a few
// dozen organizations, sparse, some apart from the rest), the layout
// spreads the organizations over the picture instead of pressing them
// against its edges. Scaled into the unit square, a picture has at most
// four nodes on its frame (the leftmost, rightmost, topmost and
// bottommost); a layout that clamps nodes to a box piles many there.
func TestNodesNotPinnedToTheFrame(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 5))
		n := 20 + rng.IntN(40)
		var edges [][2]int
		for range n * 3 / 2 {
			edges = append(edges, [2]int{rng.IntN(n - 3), rng.IntN(n - 3)}) // the last three are isolates
		}
		pos := Compute(n, edges, Options{Seed: seed})
		onFrame := 0
		for _, p := range pos {
			if p.X < 0.005 || p.X > 0.995 || p.Y < 0.005 || p.Y > 0.995 {
				onFrame++
			}
		}
		if onFrame > 4 {
			t.Errorf("network %d (%d organizations, %d ties): %d on the frame of the picture", seed, n, len(edges), onFrame)
		}
	}
}
