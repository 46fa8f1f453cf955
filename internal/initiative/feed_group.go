package initiative

import "time"

// FeedBurst is one line of the updates feed as people read it: one entry,
// or a burst of entries of one kind that one person made one after another
// (a coordinator setting eight members' responsibilities in a sitting),
// which would otherwise push everything else off the page.
type FeedBurst struct {
	FeedEntry             // the newest of the burst
	More      []FeedEntry // the rest, newest first; empty for a single entry
}

// Count is how many entries the burst holds.
func (b FeedBurst) Count() int { return 1 + len(b.More) }

// burstGap is the longest pause between two entries of one burst.
const burstGap = 15 * time.Minute

// Bursts groups a feed (newest first) into bursts: consecutive entries of
// one kind by one person, each within burstGap of the one before it.
// Reminders, which no one made, and celebrations, which deserve a line of
// their own, stand alone.
func Bursts(entries []FeedEntry) []FeedBurst {
	var out []FeedBurst
	for _, e := range entries {
		if n := len(out); n > 0 && joins(out[n-1], e) {
			out[n-1].More = append(out[n-1].More, e)
			continue
		}
		out = append(out, FeedBurst{FeedEntry: e})
	}
	return out
}

// joins reports whether e, older than the burst's entries, belongs to it.
func joins(b FeedBurst, e FeedEntry) bool {
	if e.ID == 0 || b.ID == 0 || e.Kind == FeedCelebrate || b.Kind == FeedCelebrate || e.Who == "" {
		return false
	}
	last := b.FeedEntry
	if n := len(b.More); n > 0 {
		last = b.More[n-1]
	}
	return e.Who == b.Who && e.Kind == b.Kind && last.At.Sub(e.At) <= burstGap && !e.At.After(last.At)
}
