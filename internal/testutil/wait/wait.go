// Package wait lets a test wait for something that happens outside it (a
// process starting, a message arriving, a page showing a background
// worker's result), checking every interval until a deadline timer fires.
// It reads no clock: the timer is the deadline.
package wait

import "time"

// Until calls done every interval until it reports true, and reports
// whether it did before within passed (done is asked once more then).
func Until(within, interval time.Duration, done func() bool) bool {
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for !done() {
		select {
		case <-deadline.C:
			return done()
		case <-tick.C:
		}
	}
	return true
}
