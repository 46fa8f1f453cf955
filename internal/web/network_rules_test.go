package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"backbone/internal/account"
	"backbone/internal/network"
)

// TestNetworkRulesPages: the pages answer the map's rules as the API does.
// A selection of a private initiative, or of an organization that is not in
// the directory, is not found on every page of the map; a job is cancelled
// by its starter or a steward only, whether or not it has ended.
func TestNetworkRulesPages(t *testing.T) {
	a := newApp(t)
	in := privatePartnership(t, a)
	a.AddUser(t, "other@example.org", account.RoleMember)
	member := a.SignIn(t, "member@example.org")

	pages := []string{"/network/map?", "/network/map.svg?", "/network/analysis?",
		"/network/analysis/compare?from=2024-01-01&", "/network/gaps?"}
	for _, page := range pages {
		for _, scope := range []string{fmt.Sprintf("initiative=%d", in.ID), "organization=nope"} {
			if r := member.Get(page + scope); r.StatusCode != http.StatusNotFound {
				t.Errorf("%s%s: %d, want 404", page, scope, r.StatusCode)
			}
		}
	}
	r := member.PostForm("/network/analysis/jobs", url.Values{"filter": {fmt.Sprintf("initiative=%d", in.ID)}})
	if r.StatusCode != http.StatusNotFound {
		t.Errorf("a job of the private initiative: %d, want 404", r.StatusCode)
	}

	r = member.PostForm("/network/analysis/jobs", url.Values{"filter": {"level=awareness"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d %s", r.StatusCode, r.Body)
	}
	j, err := a.Network.LatestAnalysisJob(context.Background(), network.MapFilter{Level: "awareness"})
	if err != nil || j == nil {
		t.Fatalf("job: %v %+v", err, j)
	}
	cancel := fmt.Sprintf("/network/analysis/jobs/%d/cancel", j.ID)
	if r := a.SignIn(t, "other@example.org").PostForm(cancel, url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("another member cancels the job: %d, want 403", r.StatusCode)
	}
	if r := a.SignIn(t, "steward@example.org").PostForm(cancel, url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a steward cancels the job: %d, want 303", r.StatusCode)
	}
	if r := member.PostForm(cancel, url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("its starter cancels the job: %d, want 303", r.StatusCode)
	}
}
