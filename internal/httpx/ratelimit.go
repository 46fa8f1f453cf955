package httpx

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"backbone/internal/clock"
)

// IPLimiter keeps a token bucket per client address, so that one address
// cannot hammer the login form. The database's failure counters still apply
// across servers; this bucket is the cheap first line in front of them.
type IPLimiter struct {
	mu      sync.Mutex
	clock   clock.Clock
	every   rate.Limit
	burst   int
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewIPLimiter allows each address burst tries at once, then one every
// 1/every, by the time c tells.
func NewIPLimiter(c clock.Clock, every rate.Limit, burst int) *IPLimiter {
	return &IPLimiter{clock: c, every: every, burst: burst, buckets: map[string]*bucket{}}
}

// Allow reports whether ip may try now.
func (l *IPLimiter) Allow(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if len(l.buckets) > 10000 {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > time.Hour {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[ip]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[ip] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}
