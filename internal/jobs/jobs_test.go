package jobs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// block is a job that reports one step and waits for its context to end,
// recording why it ended.
func block(started chan<- int64, id int64, causes *sync.Map) Func {
	return func(ctx context.Context, report Report) {
		report("waiting", 0.5)
		started <- id
		<-ctx.Done()
		causes.Store(id, context.Cause(ctx))
	}
}

func TestRunnerQueuesCancelsAndStops(t *testing.T) {
	r := New(1, 1)
	started := make(chan int64, 4)
	var causes sync.Map
	if err := r.Go(1, block(started, 1, &causes)); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := r.Go(2, block(started, 2, &causes)); err != nil {
		t.Fatal(err)
	}
	if err := r.Go(3, block(started, 3, &causes)); !errors.Is(err, ErrBusy) {
		t.Fatalf("third job: %v, want ErrBusy", err)
	}
	if p, ok := r.Progress(1); !ok || !p.Running || p.Phase != "waiting" || p.Fraction != 0.5 {
		t.Fatalf("progress of 1: %+v %v", p, ok)
	}
	if p, ok := r.Progress(2); !ok || p.Running {
		t.Fatalf("job 2 should wait: %+v %v", p, ok)
	}
	// Cancelling the waiting job still runs it, already cancelled.
	done := r.Cancel(2)
	<-started
	<-done
	if c, _ := causes.Load(int64(2)); c != ErrCancelled {
		t.Fatalf("job 2 ended with %v", c)
	}
	if _, ok := r.Progress(2); ok {
		t.Fatal("finished job still held")
	}
	if r.Cancel(2) != nil {
		t.Fatal("cancel of a finished job should be nil")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if c, _ := causes.Load(int64(1)); c != ErrStopped {
		t.Fatalf("job 1 ended with %v", c)
	}
	if err := r.Go(4, block(started, 4, &causes)); !errors.Is(err, ErrStopped) {
		t.Fatalf("after stop: %v", err)
	}
}

func TestRunnerHold(t *testing.T) {
	r := New(1, 2)
	release := r.Hold()
	ran := make(chan int64, 2)
	for id := int64(1); id <= 2; id++ {
		if err := r.Go(id, func(ctx context.Context, report Report) { ran <- id }); err != nil {
			t.Fatal(err)
		}
	}
	for id := int64(1); id <= 2; id++ {
		if p, ok := r.Progress(id); !ok || p.Running {
			t.Fatalf("held job %d: %+v %v", id, p, ok)
		}
	}
	select {
	case id := <-ran:
		t.Fatalf("job %d ran while held", id)
	default:
	}
	// A held job can be cancelled: it runs at once, cancelled.
	<-r.Cancel(2)
	if got := <-ran; got != 2 {
		t.Fatalf("cancelled job %d ran, want 2", got)
	}
	release()
	release() // a second release does nothing
	if got := <-ran; got != 1 {
		t.Fatalf("job %d ran, want 1", got)
	}
}
