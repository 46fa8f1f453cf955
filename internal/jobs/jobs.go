// Package jobs runs long computations in the background: a few at a time,
// the rest waiting their turn, each under a context that Cancel or Stop
// ends, with progress that callers can read while it runs. It knows nothing
// of what the jobs compute or where their results go; callers record that.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// The causes a job's context ends with, readable with context.Cause.
var (
	// ErrCancelled is the cause when someone cancelled the job.
	ErrCancelled = errors.New("cancelled")
	// ErrStopped is the cause when the runner stopped (the server is
	// shutting down) before the job finished.
	ErrStopped = errors.New("the server stopped")
	// ErrBusy is returned by Go when as many jobs as allowed are running or
	// waiting.
	ErrBusy = errors.New("too many jobs running or waiting")
)

// Progress is how far a job has got.
type Progress struct {
	Running  bool    // false while it waits for a free slot
	Phase    string  // what it is doing, in the job's own words
	Fraction float64 // 0..1 of the whole job
}

// Report is how a job tells the runner its progress.
type Report func(phase string, fraction float64)

// Func is a job's work. It must return soon after ctx ends. It runs even
// when the job was cancelled while waiting, so that it can record the end.
type Func func(ctx context.Context, report Report)

// Runner runs jobs, at most Running at once and at most Waiting more queued.
type Runner struct {
	slots   chan struct{}
	waiting int

	mu      sync.Mutex
	jobs    map[int64]*job
	stopped bool
	held    chan struct{} // while non-nil, jobs wait for it to close before they start
	wg      sync.WaitGroup
}

type job struct {
	cancel context.CancelCauseFunc
	done   chan struct{}
	p      Progress
}

// New returns a runner that runs up to running jobs at once and lets up to
// waiting more wait for a slot. It starts no goroutine until a job is given.
func New(running, waiting int) *Runner {
	return &Runner{slots: make(chan struct{}, max(running, 1)), waiting: max(waiting, 0), jobs: map[int64]*job{}}
}

// Go starts fn in the background as job id (ids are the caller's, such as a
// database row's). It returns ErrBusy when the runner is full, ErrStopped
// after Stop, and an error when id is already running.
func (r *Runner) Go(id int64, fn Func) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		return ErrStopped
	}
	if _, dup := r.jobs[id]; dup {
		return fmt.Errorf("job %d is already running", id)
	}
	if len(r.jobs) >= cap(r.slots)+r.waiting {
		return ErrBusy
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	j := &job{cancel: cancel, done: make(chan struct{})}
	r.jobs[id] = j
	held := r.held
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(j.done)
		defer func() {
			r.mu.Lock()
			delete(r.jobs, id)
			r.mu.Unlock()
			cancel(nil)
		}()
		if held != nil {
			select {
			case <-held:
			case <-ctx.Done():
			}
		}
		select {
		case r.slots <- struct{}{}:
			defer func() { <-r.slots }()
			r.update(id, func(p *Progress) { p.Running = true })
		case <-ctx.Done():
		}
		fn(ctx, func(phase string, fraction float64) {
			r.update(id, func(p *Progress) { p.Phase, p.Fraction = phase, min(max(fraction, 0), 1) })
		})
	}()
	return nil
}

func (r *Runner) update(id int64, f func(p *Progress)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if j := r.jobs[id]; j != nil {
		f(&j.p)
	}
}

// Progress returns how far job id has got, and false when the runner does
// not hold it (it has finished, or never ran here).
func (r *Runner) Progress(id int64) (Progress, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	j := r.jobs[id]
	if j == nil {
		return Progress{}, false
	}
	return j.p, true
}

// Cancel ends job id's context with ErrCancelled. The returned channel
// closes when the job has returned; it is nil when the runner does not hold
// the job.
func (r *Runner) Cancel(id int64) <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	j := r.jobs[id]
	if j == nil {
		return nil
	}
	j.cancel(ErrCancelled)
	return j.done
}

// Hold keeps the jobs given from now on waiting, as if no slot were free,
// until the returned release is called (once; later calls do nothing). A
// held job can still be cancelled. It lets maintenance pause the work, and
// a test see a job before it runs.
func (r *Runner) Hold() (release func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.held == nil {
		r.held = make(chan struct{})
	}
	held := r.held
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			if r.held == held {
				r.held = nil
			}
			r.mu.Unlock()
			close(held)
		})
	}
}

// Stop refuses new jobs, ends every job's context with ErrStopped and waits
// until they have all returned or ctx ends.
func (r *Runner) Stop(ctx context.Context) error {
	r.mu.Lock()
	r.stopped = true
	for _, j := range r.jobs {
		j.cancel(ErrStopped)
	}
	r.mu.Unlock()
	done := make(chan struct{})
	go func() {
		r.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stop jobs: %w", ctx.Err())
	}
}
