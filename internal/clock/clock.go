// Package clock gives the time to code whose results depend on the date:
// statuses judged against a due date, late reports, renewal reminders, the
// demo's history. Such code reads the time from a Clock it is given, never
// from time.Now, so that tests can pin the date and run on any day.
package clock

import (
	"sync"
	"time"
)

// Clock tells the time, in UTC.
type Clock interface {
	Now() time.Time
}

// System is the machine's clock.
type System struct{}

// Now returns the current time in UTC.
func (System) Now() time.Time { return time.Now().UTC() }

// Manual is a clock that tells the time it was set to, for tests; a ticking
// one moves on by a step each time it is read, so that things done one
// after the other happen at different times, as they would. It is safe to
// read while another goroutine sets it.
type Manual struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

// Ticking returns a manual clock set to t that moves on by step each time
// it is read.
func Ticking(t time.Time, step time.Duration) *Manual { return &Manual{t: t.UTC(), step: step} }

// Now returns the time the clock was set to (and, ticking, moves it on).
func (c *Manual) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

// Set moves the clock to t.
func (c *Manual) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC()
	c.mu.Unlock()
}

// Advance moves the clock on by d.
func (c *Manual) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
