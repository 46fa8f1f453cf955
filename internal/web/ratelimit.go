package web

import (
	"golang.org/x/time/rate"

	"backbone/internal/clock"
	"backbone/internal/httpx"
)

// ipLimiter keeps a token bucket per client address (httpx.IPLimiter), so
// that one address cannot hammer the login form or the "forgot your
// password" form. The database's counters still apply across servers; this
// bucket is the cheap first line in front of them.
type ipLimiter = httpx.IPLimiter

func newIPLimiter(c clock.Clock, every rate.Limit, burst int) *ipLimiter {
	return httpx.NewIPLimiter(c, every, burst)
}
