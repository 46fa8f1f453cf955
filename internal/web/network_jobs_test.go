package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/network"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/storetest"
)

// seedNetwork adds n organizations in a ring, each also tied to the one
// seven places on, and returns their ids.
func seedNetwork(t testing.TB, a *apptest.App, n int) []string {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	ids := make([]string, n)
	sectors := directory.Sectors
	for i := range ids {
		o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: fmt.Sprintf("Org %04d", i),
			Description: "Helps.", Sectors: []string{sectors[i%len(sectors)]}})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = o.ID
	}
	for i := range ids {
		for _, step := range []int{1, 7} {
			if _, err := a.Network.CreateTie(ctx, sys, network.TieInput{FromID: ids[i], ToID: ids[(i+step)%n], Level: "cooperation"}, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ids
}

// TestBrowserNetworkAnalysisJob is the exact analysis of a large network
// in a real browser: the page shows estimates, a member starts the exact
// analysis, the page follows it and then shows the exact figures with when
// they were computed; then the member compares the network with yesterday.
func TestBrowserNetworkAnalysisJob(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	seedNetwork(t, a, network.ExactLimit+20)
	browserSignIn(t, b, a.URL, "member@example.org")
	b.Go(a.URL + "/network/analysis?sort=betweenness")
	if !b.HasText("#exact-note", "estimated") {
		t.Fatalf("no estimate note: %q", b.Text("main"))
	}
	b.Submit("#job-start button[type=submit]")
	// The page follows the job (and reloads itself when it ends, which
	// would pull the page away from under a reading test): wait for the job
	// in the store, then read the page afresh.
	deadline := time.Now().Add(60 * time.Second)
	for {
		j, err := a.Network.LatestAnalysisJob(context.Background(), network.MapFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if j != nil && !j.Active() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the exact analysis never finished: %+v", j)
		}
		time.Sleep(200 * time.Millisecond)
	}
	b.Go(a.URL + "/network/analysis?sort=betweenness")
	if !b.HasText("#exact-analysis", "computed at") {
		t.Fatalf("the exact analysis is not shown: %q", b.Text("main"))
	}
	if !b.HasText("#exact-note", "for this filter") || b.Text("#analysis tbody tr td:nth-child(6)") == "–" {
		t.Fatalf("exact figures: %q", b.Text("main"))
	}

	yesterday := a.DB.Now().AddDate(0, 0, -1).Format("2006-01-02")
	b.Go(a.URL + "/network/analysis")
	b.Fill("#compare-from", yesterday)
	b.Submit("#compare-form button[type=submit]")
	if !b.HasText("#compare-ties", fmt.Sprintf("+%d", 2*(network.ExactLimit+20))) || !b.Exists("#new-ties li") {
		t.Fatalf("comparison: %q", b.Text("main"))
	}
}

// TestNetworkAnalysisJobPages checks the job's pages without a browser: a
// member starts a job and reads its status; another member may not cancel
// it; a bad compare date names the parameter.
func TestNetworkAnalysisJobPages(t *testing.T) {
	a := newApp(t)
	seedNetwork(t, a, 12)
	a.AddUser(t, "other@example.org", account.RoleMember)
	member := a.SignIn(t, "member@example.org")
	r := member.PostForm("/network/analysis/jobs", map[string][]string{"filter": {"level=cooperation"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d %s", r.StatusCode, r.Body)
	}
	j, err := a.Network.LatestAnalysisJob(context.Background(), network.MapFilter{Level: "cooperation"})
	if err != nil || j == nil {
		t.Fatalf("job: %v %+v", err, j)
	}
	st := member.Get(fmt.Sprintf("/network/analysis/jobs/%d", j.ID))
	mustContain(t, st, `"status":`, `"filter":"level=cooperation"`)
	r = member.Get("/network/analysis/compare?from=soon")
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "from: must be a date") {
		t.Fatalf("bad compare date: %d", r.StatusCode)
	}
	steward := a.SignIn(t, "steward@example.org")
	r = steward.Get("/network/gaps/sectors")
	mustContain(t, r, `name="name[0]"`, `value="health"`)
	r = steward.PostForm("/network/gaps/sectors", map[string][]string{"name[0]": {"Behavioral health"}, "matches[0]": {"mental health, substance use"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save sectors: %d %s", r.StatusCode, r.Body)
	}
	r = steward.PostForm("/network/gaps/sectors", map[string][]string{"name[0]": {"Care"}, "matches[0]": {"care"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "not a directory sector") {
		t.Fatalf("bad sector: %d", r.StatusCode)
	}
	if r := member.PostForm("/network/gaps/sectors", map[string][]string{"name[0]": {"X"}, "matches[0]": {"food"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member saves sectors: %d", r.StatusCode)
	}
}

// BenchmarkNetworkPages renders the map, its SVG and the analysis of a
// 500-organization network through the whole HTTP handler, signed in.
func BenchmarkNetworkPages(b *testing.B) {
	a := newAppB(b)
	seedNetwork(b, a, 500)
	c := a.SignIn(b, "member@example.org")
	var cookies []*http.Cookie
	u, _ := http.NewRequest("GET", a.URL, nil)
	cookies = c.Jar.Cookies(u.URL)
	for _, page := range []string{"/network/map", "/network/map.svg", "/network/analysis"} {
		b.Run(strings.TrimPrefix(page, "/"), func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", page, nil)
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				rec := httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", page, rec.Code)
				}
			}
		})
	}
}

func newAppB(b *testing.B) *apptest.App {
	b.Helper()
	a := apptest.New(b, storetest.SQLite(b))
	a.AddUser(b, "member@example.org", account.RoleMember)
	return a
}
