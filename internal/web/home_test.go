package web_test

import (
	"context"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/initiative"
)

// TestRecentChangesNameThings: the home page and the audit log name the
// records a change is about, never by a raw id, say what kind of record it
// was when it is gone, and keep an organization's own goals to those who
// may see them.
func TestRecentChangesNameThings(t *testing.T) {
	a := newApp(t)
	ctx, sys := context.Background(), account.SystemActor("test")
	o, err := a.Directory.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: "Food Pantry", Description: "Food"})
	if err != nil {
		t.Fatal(err)
	}
	const gone = "f02f6c33-28a5-5068-89da-99685ebe0781"
	for _, ev := range []account.Event{
		{Action: "milestone_reached", EntityType: "organization", EntityID: o.ID,
			Summary: o.ID + " passed its own milestone of 4,000 on “Meals”"},
		{Action: "update", EntityType: "organization", EntityID: gone, Summary: "edited " + gone},
	} {
		ev.At = a.DB.Now()
		if err := account.Record(ctx, a.DB, sys, ev); err != nil {
			t.Fatal(err)
		}
	}

	for _, who := range []string{"steward@example.org", "admin@example.org"} {
		home := a.SignIn(t, who).Get("/")
		mustContain(t, home, "Food Pantry passed its own milestone of 4,000 on “Meals”",
			"edited an organization that no longer exists")
		if strings.Contains(home.Body, gone) || strings.Contains(home.Body, o.ID+" passed") {
			t.Errorf("%s: a raw id on the home page", who)
		}
	}
	audit := a.SignIn(t, "admin@example.org").Get("/audit")
	mustContain(t, audit, "Food Pantry passed its own milestone", "edited an organization that no longer exists", "Milestone reached")
	if strings.Contains(audit.Body, ">edited "+gone) || strings.Contains(audit.Body, `href="/organizations/`+gone) {
		t.Error("the audit log shows a raw id or links to a record that is gone")
	}

	// One initiative is "1 initiative".
	if _, err := a.Initiatives.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: o.ID, IsPublic: true}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, a.SignIn(t, "steward@example.org").Get("/"), `<span class="num">1</span> initiative</a>`)

	// A member who does not work for the pantry does not see its own goals.
	if strings.Contains(a.SignIn(t, "member@example.org").Get("/").Body, "milestone") {
		t.Error("a member sees another organization's own milestone")
	}
}
