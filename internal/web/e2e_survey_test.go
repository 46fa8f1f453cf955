package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/testutil/browser"
)

// TestBrowserPartnerSurvey is a partner survey in a real browser: a steward
// opens a wave for three organizations, one organization's respondent opens
// the private link without signing in and answers, and the steward sees the
// progress and closes the wave. Closing changes nothing on the map: the
// steward keeps one recorded relationship and updates the map with the
// other, each shown beside what the answers say.
func TestBrowserPartnerSurvey(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	ctx := context.Background()
	var ids []string
	for _, n := range []string{"Samaritan House", "County Health", "Food Bank"} {
		o, err := a.Directory.CreateOrganization(ctx, account.SystemActor("test"), "", directory.OrganizationInput{Name: n, Description: n + " helps."})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}

	browserSignIn(t, b, a.URL, "steward@example.org")
	b.Go(a.URL + "/network/surveys")
	b.Submit("a[href='/network/surveys/new']")
	b.WaitVisible("#name")
	b.Fill("#name", "Spring 2026 partner survey")
	for _, id := range ids {
		b.Check(fmt.Sprintf("input[name=organization_ids][value='%s']", id))
	}
	b.Submit("form[action='/network/surveys'] button[type=submit]")
	if !b.HasText("#survey-notice", "is open for 3 organizations") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	link := b.Value(fmt.Sprintf("#links tr[data-org='%s'] input", ids[0]))
	if !strings.Contains(link, "/survey/") {
		t.Fatalf("no private link: %q", link)
	}
	b.Submit("form[action='/logout'] button")

	// The respondent has no account.
	b.Go(link)
	if !b.HasText("#respondent-org", "Samaritan House") {
		t.Fatalf("survey page: %q", b.Text("main"))
	}
	if b.Exists("form[action='/logout']") {
		t.Fatal("the respondent appears signed in")
	}
	for i := 0; i < 2; i++ {
		p := fmt.Sprintf("ratings[%d].", i)
		b.Select(fmt.Sprintf("select[name='%slevel']", p), "coordination")
		b.Check(fmt.Sprintf("input[name='%strust_reliable'][value='4']", p))
		b.Check(fmt.Sprintf("input[name='%strust_open'][value='3']", p))
		b.Check(fmt.Sprintf("input[name='%svalue_resources'][value='2']", p))
		b.Fill(fmt.Sprintf("textarea[name='%sresources']", p), "Volunteers")
	}
	b.Check("input[name='ratings[1].strained']")
	b.Fill("#respondent_name", "Ana Ruiz")
	b.Screenshot(t.TempDir() + "/survey.png")
	b.Submit("#survey-form button[type=submit]")
	if !b.HasText(".flash-success", "Your answers were saved") {
		t.Fatalf("not saved: %q", b.Text("main"))
	}
	if b.Value("select[name='ratings[1].level']") != "coordination" {
		t.Fatal("the saved answer is not shown again")
	}

	browserSignIn(t, b, a.URL, "steward@example.org")
	b.Go(a.URL + "/network/surveys/1")
	if !b.HasText("#progress h2", "1 of 3") || !b.HasText("#progress", "Ana Ruiz") {
		t.Fatalf("progress: %q", b.Text("#progress"))
	}
	if !b.HasText("#org-scores", "3.50") {
		t.Fatalf("scores: %q", b.Text("#org-scores"))
	}
	b.Submit("#close button[type=submit]")
	if !b.HasText(".flash-success", "differ from the relationship map for 2 pairs") {
		t.Fatalf("close: %q", b.Text("main"))
	}
	if !b.HasText("#change-list", "Nothing recorded") || !b.HasText("#change-list", "coordination, strained") {
		t.Fatalf("changes: %q", b.Text("#changes"))
	}
	b.Screenshot(t.TempDir() + "/survey-changes.png")
	b.Go(a.URL + "/network")
	if !b.HasText("#tie-count", "0 relationships") {
		t.Fatalf("closing wrote ties: %q", b.Text("main"))
	}

	// Keep County Health – Samaritan House as recorded; update the map
	// with Food Bank – Samaritan House, strained as the answer says.
	b.Go(a.URL + "/network/surveys/1")
	b.Submit(fmt.Sprintf("#change-list tr[data-a='%s'] button[value=keep]", ids[1]))
	if !b.HasText(".flash-success", "Kept the recorded relationship between County Health and Samaritan House") {
		t.Fatalf("keep: %q", b.Text("main"))
	}
	row := fmt.Sprintf("#change-list tr[data-a='%s']", ids[2])
	b.Click(row + " summary")
	if b.Value(row+" select[name=status]") != "strained" {
		t.Fatalf("the suggested status: %q", b.Value(row+" select[name=status]"))
	}
	b.Fill(row+" input[name=note]", "Agreed at the partner meeting")
	b.Submit(row + " button[value=update]")
	if !b.HasText(".flash-success", "Updated the relationship between Food Bank and Samaritan House") {
		t.Fatalf("update: %q", b.Text("main"))
	}
	b.Go(a.URL + "/network")
	if !b.HasText("#tie-count", "1 relationship") {
		t.Fatalf("ties on the map: %q", b.Text("main"))
	}
	for _, want := range []string{"Samaritan House", "Food Bank", "Coordination"} {
		if !b.HasText("main", want) {
			t.Fatalf("the map lacks %q: %q", want, b.Text("main"))
		}
	}
}
