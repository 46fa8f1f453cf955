package httpx

import (
	"testing"
	"time"

	"golang.org/x/time/rate"

	"backbone/internal/clock"
)

// TestIPLimiterReadsItsClock checks that an address's tries come back as
// the limiter's clock moves on, not the wall clock's.
func TestIPLimiterReadsItsClock(t *testing.T) {
	c := clock.Ticking(time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC), 0)
	l := NewIPLimiter(c, rate.Every(time.Minute), 2)
	if !l.Allow("192.0.2.1") || !l.Allow("192.0.2.1") || l.Allow("192.0.2.1") {
		t.Fatal("two tries at once, then a wait")
	}
	if !l.Allow("192.0.2.2") {
		t.Fatal("another address waits for the first")
	}
	c.Advance(59 * time.Second)
	if l.Allow("192.0.2.1") {
		t.Fatal("a try came back before a minute passed")
	}
	c.Advance(time.Second)
	if !l.Allow("192.0.2.1") {
		t.Fatal("no try came back after a minute")
	}
}
