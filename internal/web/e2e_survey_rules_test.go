package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
)

// privatePartnership is a private initiative of two organizations, with no
// part for the test app's steward and member.
func privatePartnership(t *testing.T, a *apptest.App) *initiative.Initiative {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	var ids []string
	for _, n := range []string{"Samaritan House", "County Health"} {
		o, err := a.Directory.CreateOrganization(ctx, sys, "",
			directory.OrganizationInput{Name: n, Description: n + " helps."})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	in, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Peninsula Partners", BackboneOrganizationID: ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Initiatives.AddMember(ctx, sys, in.ID, ids[1], "core_partner", "active"); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestSurveyWaveRules is rule 4 (account.ManageSurveyWave) as the pages
// answer it: a steward may open a wave of an initiative's members (the
// pages used to ask for its backbone staff only), and to someone who may
// not see the private initiative its wave is not found, as in the API.
func TestSurveyWaveRules(t *testing.T) {
	a := newApp(t)
	in := privatePartnership(t, a)
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")

	mustContain(t, steward.Get("/network/surveys/new"), fmt.Sprintf(`<option value="%d"`, in.ID), "Peninsula Partners")
	r := steward.PostForm("/network/surveys", url.Values{"name": {"Peninsula 2026"}, "initiative_id": {fmt.Sprint(in.ID)}})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("a steward opens the initiative's survey: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, r, "is open for 2 organizations")
	wave := regexp.MustCompile(`action="(/network/surveys/\d+)/close"`).FindStringSubmatch(r.Body)[1]

	notFound := func(what string, r *apptest.Response) {
		t.Helper()
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("an outsider %s: %d, want 404", what, r.StatusCode)
		}
	}
	notFound("opens the initiative's survey", member.PostForm("/network/surveys",
		url.Values{"name": {"x"}, "initiative_id": {fmt.Sprint(in.ID)}}))
	notFound("reads its wave", member.Get(wave))
	notFound("reminds for it", member.PostForm(wave+"/remind", url.Values{}))
	notFound("closes it", member.PostForm(wave+"/close", url.Values{}))
}

// TestBrowserStewardSurveysAnInitiative is the same in a real browser: a
// steward chooses the initiative in the form, and its members are asked.
func TestBrowserStewardSurveysAnInitiative(t *testing.T) {
	b := browser.Start(t)
	a := newApp(t)
	in := privatePartnership(t, a)

	browserSignIn(t, b, a.URL, "steward@example.org")
	b.Go(a.URL + "/network/surveys/new")
	b.WaitVisible("#name")
	b.Fill("#name", "Peninsula 2026")
	b.Select("#initiative_id", fmt.Sprint(in.ID))
	b.Submit("form[action='/network/surveys'] button[type=submit]")
	if !b.HasText("#survey-notice", "is open for 2 organizations") {
		t.Fatalf("no confirmation: %q", b.Text("main"))
	}
	if !b.HasText("main", "Peninsula Partners") {
		t.Fatalf("the wave does not name its initiative: %q", b.Text("main"))
	}
}
