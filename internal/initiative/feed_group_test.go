package initiative

import (
	"testing"
	"time"
)

func TestBursts(t *testing.T) {
	at := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	e := func(id int64, kind, who string, minutesAgo int) FeedEntry {
		return FeedEntry{ID: id, Kind: kind, Who: who, At: at.Add(-time.Duration(minutesAgo) * time.Minute)}
	}
	entries := []FeedEntry{
		{Kind: FeedAgreement, At: at, Text: "due for renewal"},                                 // a reminder stands alone
		e(20, FeedMember, "Ana", 0), e(19, FeedMember, "Ana", 1), e(18, FeedMember, "Ana", 14), // a burst of three
		e(17, FeedMember, "Bo", 15),                                      // someone else
		e(16, FeedMember, "Ana", 16),                                     // Ana again, but after Bo
		e(15, FeedCelebrate, "Ana", 17), e(14, FeedCelebrate, "Ana", 17), // celebrations stand alone
		e(13, FeedDecision, "Ana", 18), e(12, FeedDecision, "Ana", 40), // too far apart
		e(11, FeedActivity, "Ana", 50), e(10, FeedActivity, "Ana", 60), e(9, FeedActivity, "Ana", 70), // a chain of gaps under 15 minutes
	}
	got := Bursts(entries)
	var counts []int
	for _, b := range got {
		counts = append(counts, b.Count())
	}
	want := []int{1, 3, 1, 1, 1, 1, 1, 1, 3}
	if len(counts) != len(want) {
		t.Fatalf("bursts of %v, want %v", counts, want)
	}
	for i := range want {
		if counts[i] != want[i] {
			t.Fatalf("bursts of %v, want %v", counts, want)
		}
	}
	if got[1].ID != 20 || got[1].More[1].ID != 18 {
		t.Errorf("a burst starts with its newest entry: %+v", got[1])
	}
	if len(Bursts(nil)) != 0 {
		t.Error("no entries make bursts")
	}
}
