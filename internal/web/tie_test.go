package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/network"
	"backbone/internal/testutil/apptest"
)

func TestRecordARelationship(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	sys := account.SystemActor("test")
	mine, _ := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Samaritan House", Description: "Food and clinics."})
	other, _ := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "County Health", Description: "Public health."})
	worker := a.AddUser(t, "worker@example.org", account.RoleMember)
	if err := a.Accounts.SetMembership(ctx, sys, worker.ID, mine.ID, account.OrgStaff); err != nil {
		t.Fatal(err)
	}
	c := a.SignIn(t, "worker@example.org")
	outsider := a.SignIn(t, "member@example.org")

	mustContain(t, c.Get("/organizations/"+mine.ID), "Record a relationship", "No relationships are recorded")
	if r := outsider.Get("/ties/new?from=" + mine.ID); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider records a tie for another organization: %d", r.StatusCode)
	}
	mustContain(t, c.Get("/ties/new?from="+mine.ID), "From <strong>Samaritan House</strong>", "County Health")

	bad := url.Values{"from_organization_id": {mine.ID}, "to_organization_id": {""}, "level": {"cooperation"}, "status": {"active"}, "since": {"2024-02-30"}}
	r := c.PostForm("/ties", bad)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid tie: %d", r.StatusCode)
	}
	mustContain(t, r, `id="to_organization_id-error"`, "Since must be a date")

	good := url.Values{"from_organization_id": {mine.ID}, "to_organization_id": {other.ID}, "kinds": {"referral", "data_sharing"},
		"level": {"cooperation"}, "status": {"developing"}, "since": {"2024-02-01"}, "change_note": {"first referrals"}}
	if r := outsider.PostForm("/ties", good); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider posts a tie: %d", r.StatusCode)
	}
	r = c.PostForm("/ties", good)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d %s", r.StatusCode, r.Body)
	}
	page := c.Get("/organizations/" + mine.ID)
	mustContain(t, page, "The relationship from Samaritan House to County Health was recorded.", "line-developing", "Data sharing")
	tiePath := regexp.MustCompile(`href="(/ties/[0-9a-f-]{36})"`).FindStringSubmatch(page.Body)
	if tiePath == nil {
		t.Fatal("no link to the tie")
	}
	if r := c.PostForm("/ties", good); r.StatusCode != http.StatusConflict {
		t.Fatalf("second tie for the pair: %d", r.StatusCode)
	}
	mustContain(t, c.Get("/organizations/"+other.ID), "(as they see it)", "Samaritan House")

	// Change it: the old version stays in the history.
	change := url.Values{"version": {"1"}, "kinds": {"referral"}, "level": {"coordination"}, "status": {"strained"}, "since": {"2024-02-01"}, "change_note": {"staff turnover"}}
	if r := outsider.PostForm(tiePath[1], change); r.StatusCode != http.StatusForbidden {
		t.Fatalf("outsider changes the tie: %d", r.StatusCode)
	}
	if r := c.PostForm(tiePath[1], change); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d %s", r.StatusCode, r.Body)
	}
	view := c.Get(tiePath[1])
	mustContain(t, view, "earlier version is kept", "staff turnover", "first referrals", "line-strained", "In effect", "from 2024-02-01")
	if r := c.PostForm(tiePath[1], change); r.StatusCode != http.StatusConflict {
		t.Fatalf("stale change: %d", r.StatusCode)
	}
	mustContain(t, outsider.Get("/network"), "1 relationship", "Samaritan House", "County Health")
	if r := outsider.Get("/network?kind=gossip"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad filter: %d", r.StatusCode)
	}
	csv := outsider.Get("/network/ties.csv")
	if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.Body, "Samaritan House,County Health,referral,coordination,strained,2024-02-01") {
		t.Fatalf("export: %s %q", csv.Header.Get("Content-Type"), csv.Body)
	}
}

// upload posts a ties CSV through the import form.
func upload(t *testing.T, c *apptest.Client, body string, createMissing bool) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.CSRF())
	if createMissing {
		mw.WriteField("create_missing", "on")
	}
	fw, _ := mw.CreateFormFile("file", "ties.csv")
	fw.Write([]byte(body))
	mw.Close()
	return c.PostMultipart("/network/import", mw.FormDataContentType(), &buf)
}

func TestImportTies(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	a.Directory.CreateOrganization(ctx, account.SystemActor("test"), "", directory.OrganizationInput{Name: "Samaritan House", Description: "Food."})
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")
	if r := upload(t, member, "from,to\n", false); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member imports: %d", r.StatusCode)
	}
	r := upload(t, steward, "from,to,level\nSamaritan House,Youth Center,closest\n", false)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: %d", r.StatusCode)
	}
	mustContain(t, r, "Nothing was imported: ties.csv row 2: level: must be one of")
	r = upload(t, steward, "from,to,level\nSamaritan House,Youth Center,cooperation\n", false)
	mustContain(t, r, "ties.csv row 2: to: no active organization", "Youth Center",
		"tick “Add organizations that are not in the directory yet”")
	if strings.Contains(r.Body, "--create-missing") {
		t.Error("the web page tells a browser user to pass a command-line flag")
	}
	// The upload form lists the allowed values from the import's own lists.
	for _, want := range [][]string{network.Kinds, network.Levels, network.Statuses} {
		mustContain(t, r, "<code>"+strings.Join(want, "</code>, <code>")+"</code>")
	}
	r = upload(t, steward, "from,to,level\nSamaritan House,Youth Center,cooperation\n", true)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("import: %d", r.StatusCode)
	}
	mustContain(t, r, "Imported: 1 new, 0 changed, 0 unchanged; 1 organization added to the directory.", "Youth Center")
}
