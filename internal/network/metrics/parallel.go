package metrics

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Progress receives how many of the total source nodes a long computation
// has finished. It is called from worker goroutines, one call at a time,
// with done increasing, and finally with done == total.
type Progress func(done, total int)

// forEachSource runs visit for every source (sources, or 0..n-1 when nil) on
// GOMAXPROCS workers. Each worker owns the scratch value newWorker gives it,
// so visits share nothing; the caller merges the returned workers. Sources
// are handed out in small chunks so a worker stuck on a big component does
// not hold the others up, and cancellation is noticed between chunks.
func forEachSource[W any](ctx context.Context, n int, sources []int32, progress Progress,
	newWorker func() W, visit func(w W, s int32)) ([]W, error) {
	total := n
	if sources != nil {
		total = len(sources)
	}
	workers := min(runtime.GOMAXPROCS(0), max(total, 1))
	chunk := max(1, min(64, total/(workers*32)))

	var next, done atomic.Int64
	var mu sync.Mutex // serializes progress calls
	var wg sync.WaitGroup
	out := make([]W, workers)
	for i := range out {
		out[i] = newWorker()
	}
	for i := range workers {
		w := out[i]
		wg.Go(func() {
			for ctx.Err() == nil {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= total {
					return
				}
				hi := min(lo+chunk, total)
				for j := lo; j < hi; j++ {
					s := int32(j)
					if sources != nil {
						s = sources[j]
					}
					visit(w, s)
				}
				d := int(done.Add(int64(hi - lo)))
				if progress != nil {
					mu.Lock()
					// Report only the newest count, so calls stay increasing.
					if d == int(done.Load()) {
						progress(d, total)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
