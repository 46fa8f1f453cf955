package web_test

import (
	"context"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// TestBrowserDemoSurveyReview is the demo's closed partner survey in a real
// browser: the coordinator finds the referral tie recorded since 2017 that
// one side now calls over, side by side with the record, and keeps it; the
// map draws each pair as one line with what each side said, and, as it was
// on a day before anything was recorded, the ties that had begun by then.
func TestBrowserDemoSurveyReview(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	b.Go(a.URL + "/login")
	b.Fill("#email", "coordinator@example.org")
	b.Fill("#password", demo.Password)
	b.Submit("form[action='/login'] button[type=submit]")

	b.Go(a.URL + "/network/surveys")
	b.Submit("a[href='/network/surveys/1']")
	if !b.HasText("#change-list", "San Mateo County Human Services Agency about Samaritan House: None") ||
		!b.HasText(
			"#change-list",
			"Samaritan House → San Mateo County Human Services Agency: Coordination, active, since 2017-09-01",
		) {
		t.Fatalf("the change beside the record: %q", b.Text("#changes"))
	}
	b.Screenshot(t.TempDir() + "/demo-survey-review.png")
	var row string
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&row); err != nil {
		t.Fatal(err)
	}
	b.Submit("#change-list tr[data-a='" + row + "'] button[value=keep]")
	if !b.HasText(".flash-success", "Kept the recorded relationship between") ||
		!b.HasText("#change-list", "Kept as recorded") {
		t.Fatalf("keep: %q", b.Text("main"))
	}

	b.Go(a.URL + "/network/map")
	var titles []string
	b.Eval(`Array.from(document.querySelectorAll('.edge > title')).map(t => t.textContent)`, &titles)
	found := false
	for _, title := range titles {
		if strings.Contains(title, "Recorded Peninsula Family Service → Salvation Army: awareness, strained") &&
			strings.Contains(
				title,
				"Salvation Army says of Peninsula Family Service (survey “Autumn partner survey”): awareness, strained",
			) {
			found = true
		}
	}
	if !found {
		t.Fatalf("no line shows both sides of Peninsula Family Service – Salvation Army: %q", titles)
	}

	// The demo's ties were all recorded today; six of the core demo's began
	// from 2015 to 2019, and 26 of the wider community's began by New Year's
	// Day 2020: all 32 are on that day's map.
	b.Fill("#as_of", "2020-01-01")
	b.Submit("form.filters button[type=submit]")
	if !b.HasText("#map-count", "32 relationships") {
		t.Fatalf("the map of 2020: %q", b.Text("#map-count"))
	}
}
