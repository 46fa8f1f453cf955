package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"backbone/internal/review"
)

// TestReviewPDF prints a review's record on A4 and Letter: the paper's
// size, and every part of the record in the text.
func TestReviewPDF(t *testing.T) {
	rv := &review.Review{ID: 3, HeldOn: "2027-03-09", Participants: []string{"Dana (Samaritan House)", "Lee"},
		Findings: "Deliveries fell in February.", RecordedBy: "The coordinator",
		Subject: review.Subject{Kind: review.KindInitiative, Label: "Initiative", Title: "Aging Well"},
		Changes: []review.Change{{Kind: review.ChangeRoadblockShut, Summary: "Closed the roadblock “Drivers”"}}}
	at := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	for paper, box := range map[string]string{"A4": "595.28 841.89", "Letter": "612.00 792.00"} {
		var buf bytes.Buffer
		if err := WriteReviewPDF(&buf, rv, paper, at, false); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, "/MediaBox [0 0 "+box+"]") {
			t.Errorf("%s: not on %s paper", paper, paper)
		}
		for _, want := range []string{"Review of Aging Well", "Who took part", "Samaritan House",
			"Deliveries fell in February.", "What changed", "Closed the roadblock", "9 Mar 2027"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: %q missing", paper, want)
			}
		}
	}
	if _, _, err := ReviewPDF(rv, "a3", at); err == nil {
		t.Error("an A3 paper was accepted")
	}
	if _, name, err := ReviewPDF(rv, "", at); err != nil || name != "review-aging-well-2027-03-09.pdf" {
		t.Errorf("the file: %q %v", name, err)
	}
}
