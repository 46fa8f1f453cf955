package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/testutil/apptest"
)

// freshApp is the test app with an organization, Pantry One, whose staff
// member is staff@example.org.
func freshApp(t *testing.T) (*apptest.App, *directory.Organization) {
	t.Helper()
	a := newApp(t)
	ctx := context.Background()
	o, err := a.Directory.CreateOrganization(ctx, account.SystemActor("test"), "", directory.OrganizationInput{
		Name: "Pantry One", Description: "Runs a food pantry.", Sectors: []string{"food"}})
	if err != nil {
		t.Fatal(err)
	}
	staff := a.AddUser(t, "staff@example.org", account.RoleMember)
	if err := a.Accounts.SetMembership(ctx, account.SystemActor("test"), staff.ID, o.ID, account.OrgStaff); err != nil {
		t.Fatal(err)
	}
	return a, o
}

func TestProposeAndReview(t *testing.T) {
	a, o := freshApp(t)
	orgPage := "/organizations/" + o.ID
	staff := a.SignIn(t, "staff@example.org")
	mustContain(t, staff.Get(orgPage+"/propose"), "Propose an update to Pantry One", `name="version" value="1"`, `value="Pantry One"`, "Send for review")

	// People who do not work there may not propose.
	member := a.SignIn(t, "member@example.org")
	if r := member.Get(orgPage + "/propose"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("member propose page: %d", r.StatusCode)
	}

	form := url.Values{"name": {"Pantry One"}, "description": {"Runs a food pantry."}, "sectors": {"food"}, "version": {"1"}}
	r := staff.PostForm(orgPage+"/proposals", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty proposal: %d", r.StatusCode)
	}
	mustContain(t, r, "Nothing to send")
	form.Set("mission", "Nadie pasa hambre en Peña Blanca.")
	form.Set("note", "Board approved the new mission")
	r = staff.PostForm(orgPage+"/proposals", form)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != orgPage+"/freshness" {
		t.Fatalf("propose: %d %q %s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	mustContain(t, staff.Get(orgPage+"/freshness"), "was sent to the directory stewards", "Proposed updates", "Mission", "pending")
	// The staff member sees their own proposals, not the review queue.
	mine := staff.Get("/proposals")
	mustContain(t, mine, "Your proposals", `id="proposal-count">1<`, "Pantry One")
	if strings.Contains(mine.Body, `action="/proposals/1/accept"`) {
		t.Error("the proposer is offered to accept their own proposal")
	}

	steward := a.SignIn(t, "steward@example.org")
	queue := steward.Get("/proposals")
	mustContain(t, queue, `id="proposal-count">1<`, "Pantry One", "Proposed by staff ·", "Board approved the new mission",
		`data-field="mission"`, "<ins><mark>Nadie pasa hambre en Peña Blanca.</mark></ins>", `action="/proposals/1/accept"`)
	if strings.Contains(queue.Body, `data-field="name"`) {
		t.Error("an unchanged field is shown as proposed")
	}
	// Rejecting needs a note; without one nothing changes.
	r = steward.PostForm("/proposals/1/reject", url.Values{"review_note": {""}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject without a note: %d", r.StatusCode)
	}
	mustContain(t, steward.Get("/proposals"), "was left as it was", `action="/proposals/1/accept"`)
	// Ticking no field accepts nothing.
	steward.PostForm("/proposals/1/accept", url.Values{"review_note": {"ok"}})
	mustContain(t, steward.Get("/proposals"), "choose at least one field")
	r = steward.PostForm("/proposals/1/accept", url.Values{"all": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, steward.Get("/proposals"), "was accepted and is now in the directory", "No pending proposals.")
	mustContain(t, steward.Get(orgPage), "Nadie pasa hambre en Peña Blanca.", "edited Pantry One", "proposed an update")
	mustContain(t, steward.Get("/proposals?status=accepted"), "accepted</span> by steward@example.org")
	// Accepting twice is refused with a message, not applied twice.
	steward.PostForm("/proposals/1/accept", url.Values{"all": {"1"}})
	mustContain(t, steward.Get("/proposals"), "was already accepted")
	mustContain(t, staff.Get("/proposals"), "accepted</span> by steward@example.org", `<span class="tag">applied</span>`)
	if r := steward.PostForm("/proposals/x/accept", url.Values{}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("bad id: %d", r.StatusCode)
	}
}

// TestConflictingFieldIsFlagged: a field changed in the record since it
// was proposed is flagged and not ticked; accepting all is refused; it is
// overwritten only when the steward ticks "overwrite". Another field is
// declined, and the proposer sees which.
func TestConflictingFieldIsFlagged(t *testing.T) {
	a, o := freshApp(t)
	staff := a.SignIn(t, "staff@example.org")
	form := url.Values{"name": {"Pantry One"}, "description": {"Runs a food pantry."}, "sectors": {"food"}, "version": {"1"},
		"email": {"hi@pantry.example.org"}, "mission": {"No one hungry"}}
	if r := staff.PostForm("/organizations/"+o.ID+"/proposals", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose: %d", r.StatusCode)
	}
	in := directory.InputOf(o)
	in.Email = "desk@pantry.example.org"
	if _, err := a.Directory.UpdateOrganization(context.Background(), account.SystemActor("test"), o.ID, 1, in); err != nil {
		t.Fatal(err)
	}
	// Proposing from the old version is refused on the form.
	r := staff.PostForm("/organizations/"+o.ID+"/proposals", form)
	if r.StatusCode != http.StatusConflict {
		t.Fatalf("propose from a stale version: %d", r.StatusCode)
	}
	mustContain(t, r, "was changed since you opened it")

	steward := a.SignIn(t, "steward@example.org")
	mustContain(t, steward.Get("/proposals"), "1 field was changed in the record since this was proposed",
		`<tr class="conflict" data-field="email">`, `name="overwrite" value="email"`, "Changed since it was proposed: it was empty",
		`name="fields" value="mission" checked`)
	steward.PostForm("/proposals/1/accept", url.Values{"all": {"1"}})
	mustContain(t, steward.Get("/proposals"), "review the proposal field by field")
	steward.PostForm("/proposals/1/accept", url.Values{"fields": {"mission", "email"}})
	mustContain(t, steward.Get("/proposals"), "choose to overwrite it")
	if got, _ := a.Directory.Organization(context.Background(), o.ID); got.Email != "desk@pantry.example.org" || got.Mission != "" {
		t.Fatalf("a refused review was applied: %+v", got)
	}

	r = steward.PostForm("/proposals/1/accept", url.Values{"overwrite": {"email"}, "review_note": {"Mission not agreed yet"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.StatusCode)
	}
	mustContain(t, steward.Get("/proposals"), "accepted in part: 1 field applied, 1 field declined")
	if got, _ := a.Directory.Organization(context.Background(), o.ID); got.Email != "hi@pantry.example.org" || got.Mission != "" {
		t.Fatalf("after accepting the email only: %+v", got)
	}
	mustContain(t, staff.Get("/organizations/"+o.ID+"/freshness"), "Email <span class=\"small\">(applied)</span>",
		"Mission <span class=\"small muted\">(declined)</span>", "Mission not agreed yet")
}

func TestVerificationPages(t *testing.T) {
	a, o := freshApp(t)
	if _, err := a.DB.Exec(`UPDATE organizations SET last_verified_at = $1`, a.DB.Now().AddDate(-2, 0, 0)); err != nil {
		t.Fatal(err)
	}
	steward := a.SignIn(t, "steward@example.org")
	list := steward.Get("/verification")
	mustContain(t, list, "Needs verification", `id="stale-count">1<`, "Pantry One", "not verified in the last 365 days",
		`action="/verification/verify"`, `name="csrf_token"`, `value="organization"`)
	// A service not verified is listed, and opens to be checked.
	sv, err := a.Directory.CreateService(context.Background(), account.SystemActor("test"), o.ID, directory.ServiceInput{Name: "Saturday pantry"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DB.Exec(`UPDATE services SET last_verified_at = NULL WHERE id = $1`, sv.ID); err != nil {
		t.Fatal(err)
	}
	mustContain(t, steward.Get("/verification"), `id="stale-count">2<`, `<span class="tag">service</span> <a href="/services/`+sv.ID+`">Saturday pantry</a>`)
	if _, err := a.DB.Exec(`DELETE FROM services WHERE id = $1`, sv.ID); err != nil {
		t.Fatal(err)
	}
	mustContain(t, steward.Get("/verification?older_than_days=1000"), `id="stale-count">0<`, "Everything was verified in the last 1,000 days")
	if r := steward.Get("/verification?older_than_days=soon"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad age: %d", r.StatusCode)
	}
	r := steward.PostForm("/verification/verify", url.Values{"kind": {"organization"}, "id": {o.ID}, "next": {"/verification?older_than_days=30"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/verification?older_than_days=30" {
		t.Fatalf("verify: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, steward.Get("/verification"), "Pantry One was marked as verified today", `id="stale-count">0<`)
	r = steward.PostForm("/organizations/"+o.ID+"/verify", url.Values{})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/organizations/"+o.ID {
		t.Fatalf("verify from the organization: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	fresh := steward.Get("/organizations/" + o.ID + "/freshness")
	mustContain(t, fresh, "Mark verified", "verified Pantry One", "steward@example.org")

	staff := a.SignIn(t, "staff@example.org")
	if r := staff.Get("/verification"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("staff list: %d", r.StatusCode)
	}
	if r := staff.PostForm("/organizations/"+o.ID+"/verify", url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("staff verify: %d", r.StatusCode)
	}
	page := staff.Get("/organizations/" + o.ID + "/freshness")
	mustContain(t, page, "Propose an update")
	if strings.Contains(page.Body, "Mark verified") {
		t.Error("staff offered the verify button")
	}
	// The verify form needs the CSRF token like every form.
	if r := steward.PostForm("/verification/verify", url.Values{"csrf_token": {""}, "kind": {"organization"}, "id": {o.ID}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("no token: %d", r.StatusCode)
	}
}

func TestResourceGuidePages(t *testing.T) {
	a, o := freshApp(t)
	now := a.DB.Now()
	for _, q := range []string{
		`INSERT INTO services (id, organization_id, name, status, eligibility_description, created_at, updated_at) VALUES ('s1', '` + o.ID + `', 'Despensa José', 'active', 'Everyone', $1, $1)`,
		`INSERT INTO locations (id, organization_id, name) VALUES ('l1', '` + o.ID + `', 'Main')`,
		`INSERT INTO addresses (id, location_id, address_1, city, state_province, postal_code, country, address_type) VALUES ('a1', 'l1', '1 Elm St', 'Redwood City', 'CA', '94063', 'US', 'physical')`,
		`INSERT INTO service_at_locations (id, service_id, location_id) VALUES ('sal1', 's1', 'l1')`,
	} {
		var err error
		if strings.Contains(q, "$1") {
			_, err = a.DB.Exec(q, now)
		} else {
			_, err = a.DB.Exec(q)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	c := a.SignIn(t, "member@example.org")
	mustContain(t, c.Get("/guide"), "Resource guide", `<option value="food"`, `<option value="Redwood City">`)
	mustContain(t, c.Get("/guide?sector=food&area=Redwood+City"), "Food resources in Redwood City", "1 service", "Despensa José",
		`href="/guide/print?area=Redwood&#43;City&amp;sector=food"`, `href="/guide.pdf?area=Redwood&#43;City&amp;sector=food"`)
	if r := c.Get("/guide?sector=astrology"); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad sector: %d", r.StatusCode)
	}
	printed := c.Get("/guide/print?sector=food")
	mustContain(t, printed, `<link rel="stylesheet" href="/static/guide.css">`, "Food resources", "Despensa José", "Pantry One",
		"1 Elm St, Redwood City, CA 94063", "Who can use it", "Anyone: no requirements")
	if strings.Contains(printed.Body, "Skip to content") || strings.Contains(printed.Body, "/static/style.css") {
		t.Error("the printable guide carries the application's layout")
	}
	if css := c.Get("/static/guide.css"); css.StatusCode != http.StatusOK || !strings.Contains(css.Body, "@media print") {
		t.Fatalf("guide.css: %d", css.StatusCode)
	}
	pdf := c.Get("/guide.pdf?sector=food")
	if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-1.") ||
		!strings.HasPrefix(pdf.Header.Get("Content-Disposition"), `attachment; filename="food-resources-`) {
		t.Fatalf("pdf: %d %q %q", pdf.StatusCode, pdf.Header.Get("Content-Type"), pdf.Header.Get("Content-Disposition"))
	}
	if r := a.NewClient(t).Get("/guide.pdf"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous pdf: %d", r.StatusCode)
	}
}

// TestNewOrganizationProposalPages: a staff member proposes an organization
// with the checks of the form to add one; the steward corrects it, is told
// on the form when the corrected name is taken, and adds it; the staff
// member sees it accepted.
func TestNewOrganizationProposalPages(t *testing.T) {
	a, _ := freshApp(t)
	staff := a.SignIn(t, "staff@example.org")
	steward := a.SignIn(t, "steward@example.org")
	member := a.SignIn(t, "member@example.org")

	mustContain(t, staff.Get("/organizations"), `href="/organizations/propose"`, "Propose an organization", "Your proposals")
	if list := steward.Get("/organizations"); strings.Contains(list.Body, `href="/organizations/propose"`) {
		t.Error("the steward is offered to propose rather than add")
	}
	if r := member.Get("/organizations/propose"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("someone who works nowhere: %d", r.StatusCode)
	}

	r := staff.PostForm("/organizations/propose", url.Values{"name": {""}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty: %d", r.StatusCode)
	}
	mustContain(t, r, "Please correct the 2 fields marked below", `id="name-error"`, "Description is required")
	r = staff.PostForm("/organizations/propose", url.Values{"name": {"pantry one"}, "description": {"Food"}})
	mustContain(t, r, "already in the directory")
	r = staff.PostForm("/organizations/propose", url.Values{"name": {"Pantry One Annex"}, "description": {"Runs a second pantry."},
		"email": {"two@pantry.example.org"}, "sectors": {"food"}, "note": {"Our sister pantry"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/proposals" {
		t.Fatalf("propose: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, staff.Get("/proposals"), "Pantry One Annex was sent to the directory stewards", "New organization", "pending")

	queue := steward.Get("/proposals")
	mustContain(t, queue, "New organization", "Pantry One Annex", "Our sister pantry", `href="/proposals/1/edit"`,
		"Perhaps already in the directory", `>Pantry One</a>`)
	mustContain(t, steward.Get("/proposals/1/edit"), "Correct and add Pantry One Annex", `value="Pantry One Annex"`,
		`value="two@pantry.example.org"`, `name="edited" value="1"`)
	if r := staff.Get("/proposals/1/edit"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("the proposer corrects: %d", r.StatusCode)
	}

	form := url.Values{"edited": {"1"}, "name": {"Pantry One"}, "description": {"Runs a second pantry."}, "sectors": {"food"}}
	r = steward.PostForm("/proposals/1/accept", form)
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a taken name: %d", r.StatusCode)
	}
	mustContain(t, r, "already in the directory", `value="Pantry One"`)
	form.Set("name", "Pantry Two East")
	form.Set("review_note", "Named for its street")
	if r := steward.PostForm("/proposals/1/accept", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, steward.Get("/proposals"), "Pantry Two East was added to the directory")
	mine := staff.Get("/proposals")
	mustContain(t, mine, "accepted</span> by steward@example.org", "applied</span> <span class=\"small\">as “Pantry Two East”",
		"Named for its street")
	if !strings.Contains(mine.Body, `<tr class="changed" data-field="email">`) || !strings.Contains(mine.Body, "declined") {
		t.Fatalf("the e-mail left out is not declined: %s", mine.Body)
	}
}
