package metrics

import (
	"cmp"
	"math"
	"slices"
)

// Top returns the nodes with the k largest values, largest first, equal
// values by ascending node, NaN (undefined) last: the short list a page
// shows first ("the ten strongest brokers").
func Top(values []float64, k int) []int32 {
	idx := make([]int32, len(values))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		x, y := values[a], values[b]
		if nx, ny := math.IsNaN(x), math.IsNaN(y); nx || ny {
			if nx && ny {
				return cmp.Compare(a, b)
			}
			if nx {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(y, x); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return idx[:min(k, len(idx))]
}
