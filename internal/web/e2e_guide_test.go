package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/directory"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// guideDir is where the user guide lives, from this package.
const guideDir = "../../docs/guide"

// guideStop is one picture of the user guide: who is signed in, the page,
// what it must show, and the file the guide shows it as.
type guideStop struct {
	role, path, selector, text, image string
}

// TestUserGuideTour walks each demo role through the main tasks the user
// guide (docs/guide) describes, in a real browser on the demo, checking
// that each page shows what the guide says it does. With
// BACKBONE_GUIDE_SHOTS=1 it writes the guide's pictures anew into
// docs/guide/img, so they never show a page that is gone; either way it
// checks that the guide shows exactly the pictures the tour takes.
func TestUserGuideTour(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	var samaritan string
	var proposal int64
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&samaritan); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT id FROM proposals WHERE initiative_id = $1 ORDER BY id LIMIT 1`, res.InitiativeID).Scan(&proposal); err != nil {
		t.Fatal(err)
	}
	// A new organization the partner proposed, waiting for a steward.
	partnerUser, err := account.NewStore(db).UserByEmail(context.Background(), "partner@example.org")
	if err != nil {
		t.Fatal(err)
	}
	partner := account.UserActor(partnerUser, "guide")
	if _, err := directory.NewStore(db).ProposeOrganization(context.Background(), partner, directory.OrganizationInput{
		Name: "Coastside Diaper Bank", Description: "Diapers and wipes for families with babies, given out twice a month.",
		Sectors: []string{"child and family"}}, "Our families ask for it every week."); err != nil {
		t.Fatal(err)
	}
	in := fmt.Sprintf("/initiatives/%d", res.InitiativeID)
	stops := []guideStop{
		{"coordinator@example.org", "/", "#queue", "What waits for you", "coordinator-home.png"},
		{"coordinator@example.org", in, "h1", demo.InitiativeName, "coordinator-initiative.png"},
		{"coordinator@example.org", in + "/members", "main", "Samaritan House", "coordinator-members.png"},
		{"coordinator@example.org", in + "/measures", "#goals", "Deliver 15,000 home-delivered meals", "coordinator-goals.png"},
		{"coordinator@example.org", in + "/dashboard", "main", "on track", "coordinator-dashboard.png"},
		{"coordinator@example.org", in + "/decisions", "main", "Adopt three shared indicators", "coordinator-decisions.png"},
		{"coordinator@example.org", "/network/map", "main", "30 organizations", "coordinator-map.png"},
		{"coordinator@example.org", "/network/gaps?initiative=" + fmt.Sprint(res.InitiativeID), "main", "Transportation", "coordinator-gaps.png"},
		{"partner@example.org", in + "/report", "h1", "Report", "partner-report.png"},
		{"partner@example.org", fmt.Sprintf("%s/decisions/%d", in, proposal), "main", "Adopt three shared indicators", "partner-vote.png"},
		{"partner@example.org", in + "/agreements", "main", "Meal referrals", "partner-agreements.png"},
		{"partner@example.org", "/organizations/" + samaritan, "h1", "Samaritan House", "partner-organization.png"},
		{"partner@example.org", "/organizations/propose", "h1", "Propose", "partner-propose.png"},
		{"steward@example.org", "/verification", "h1", "verification", "steward-verification.png"},
		{"steward@example.org", "/proposals", "main", "Coastside Diaper Bank", "steward-proposals.png"},
		{"steward@example.org", "/guide", "h1", "guide", "steward-guide.png"},
		{"steward@example.org", "/directory/import", "h1", "Import", "steward-import.png"},
		{"admin@example.org", "/people", "h1", "People", "admin-people.png"},
		{"admin@example.org", fmt.Sprintf("/people/%d", partnerUser.ID), "h1", "Demo Partner", "admin-person.png"},
		{"admin@example.org", "/settings", "h1", "Settings", "admin-settings.png"},
		{"admin@example.org", "/audit", "h1", "Audit", "admin-audit.png"},
	}
	out := t.TempDir()
	if os.Getenv("BACKBONE_GUIDE_SHOTS") != "" {
		out = filepath.Join(guideDir, "img")
	}
	signedIn := ""
	for _, s := range stops {
		if s.role != signedIn {
			if signedIn != "" {
				b.Submit("form[action='/logout'] button")
			}
			b.Go(a.URL + "/login")
			b.Fill("#email", s.role)
			b.Fill("#password", demo.Password)
			b.Submit("form[action='/login'] button[type=submit]")
			signedIn = s.role
		}
		b.Go(a.URL + s.path)
		if !b.HasText(s.selector, s.text) {
			t.Fatalf("%s on %s: the guide's picture %s needs %q in %s: %q", s.role, s.path, s.image, s.text, s.selector,
				b.Text("main"))
		}
		b.ScreenshotWindow(filepath.Join(out, s.image))
	}

	// The guide shows the tour's pictures, all of them and no others.
	var taken []string
	for _, s := range stops {
		taken = append(taken, s.image)
	}
	shown := guideImages(t)
	sort.Strings(taken)
	if !slices.Equal(taken, shown) {
		t.Errorf("the tour takes %v\nthe guide shows %v", taken, shown)
	}
	for _, name := range shown {
		if _, err := os.Stat(filepath.Join(guideDir, "img", name)); err != nil {
			t.Errorf("the guide shows %s, which is not in docs/guide/img: run BACKBONE_GUIDE_SHOTS=1 go test ./internal/web -run TestUserGuideTour", name)
		}
	}
}

// guideImages lists the pictures the guide's pages show, sorted.
func guideImages(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(guideDir, "*.md"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no guide pages in %s: %v", guideDir, err)
	}
	image := regexp.MustCompile(`!\[[^\]]*\]\(img/([^)]+)\)`)
	var out []string
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range image.FindAllStringSubmatch(string(data), -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	sort.Strings(out)
	return out
}
