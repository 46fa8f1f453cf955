package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/browser"
)

// TestBrowserPeopleAdmin is the first hour of a partnership in a real
// browser, on the demo: the platform admin adds a person with a temporary
// password Backbone makes up, working for Samaritan House as staff, and
// gives them a role in the demo initiative; the person signs in, must
// choose their own password, and lands on home. The admin disables them
// and they can no longer sign in. The coordinator (an admin of San Mateo
// County Health) may not start an initiative until the admin lets any
// organization's admin in the settings; then they start one.
func TestBrowserPeopleAdmin(t *testing.T) {
	b := browser.Start(t)
	f := newDemoFixture(t)
	base := f.a.URL
	signIn := func(email, password string) {
		t.Helper()
		b.Go(base + "/login")
		b.Fill("#email", email)
		b.Fill("#password", password)
		b.Submit("form[action='/login'] button[type=submit]")
	}
	signOut := func() { t.Helper(); b.Submit("form[action='/logout'] button") }

	signIn("admin@example.org", demo.Password)
	b.Submit("header nav a[href='/people']")
	b.Submit("#add-person-link")
	if !b.HasText("main", "hand them a temporary password yourself") {
		t.Fatalf("the form does not say who hands the password over: %q", b.Text("main"))
	}
	b.Fill("#name", "Rosa Delgado")
	b.Fill("#email", "partner@example.org")
	b.Fill("#org_q", "Samaritan")
	b.Submit("button[name=find]")
	if got := b.Value("#name"); got != "Rosa Delgado" {
		t.Fatalf("finding an organization lost the name: %q", got)
	}
	var samaritan string
	b.Eval(
		`Array.from(document.querySelectorAll('#organization_id option')).find(o => o.textContent === 'Samaritan `+
			`House').value`,
		&samaritan,
	)
	b.Select("#organization_id", samaritan)
	b.Select("#organization_role", "staff")
	b.Submit("#add-person button.primary")
	if !b.HasText("#email-error", "an account with the email partner@example.org already exists") {
		t.Fatalf("a duplicate email is not refused on its field: %q", b.Text("main"))
	}
	b.Fill("#email", "rosa@example.org")
	b.Select("#organization_id", samaritan)
	b.Submit("#add-person button.primary")
	if !b.HasText("#temporary-password", "Added Rosa Delgado.") {
		t.Fatalf("not added: %q", b.Text("main"))
	}
	temporary := b.Text("#temporary-password-value")
	if !b.HasText("#organizations", "Samaritan House") || b.Value("#org-role-"+samaritan) != "staff" {
		t.Fatalf("not staff of Samaritan House: %q", b.Text("#organizations"))
	}
	rosa, err := f.a.Accounts.UserByEmail(context.Background(), "rosa@example.org")
	if err != nil {
		t.Fatal(err)
	}
	personPage := fmt.Sprintf("%s/people/%d", base, rosa.ID)

	b.Select("#initiative_id", fmt.Sprint(f.res.InitiativeID))
	b.Select("#initiative_role", "partner_lead")
	b.Submit("#give-initiative-role button[type=submit]")
	if !b.HasText(".flash-success", "Rosa Delgado now has the partner lead role in "+demo.InitiativeName+".") ||
		!b.HasText("#initiatives", demo.InitiativeName) {
		t.Fatalf("no role in the initiative: %q", b.Text("main"))
	}
	b.Screenshot(t.TempDir() + "/person.png")
	b.SetWidth(390)
	for _, page := range []string{personPage, base + "/people/new", base + "/settings", base + "/people"} {
		b.Go(page)
		var wide bool
		b.Eval(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &wide)
		if wide {
			t.Errorf("%s scrolls sideways at 390px", page)
		}
	}
	b.ResetWidth()
	b.Go(personPage)
	signOut()

	signIn("rosa@example.org", temporary)
	if !strings.Contains(b.URL(), "/account/choose-password") || !b.HasText("h1", "Choose your password") {
		t.Fatalf("signing in with a temporary password: %s %q", b.URL(), b.Text("main"))
	}
	b.Go(base + "/initiatives")
	if !strings.Contains(b.URL(), "/account/choose-password") {
		t.Fatalf("another page before choosing a password: %s", b.URL())
	}
	b.Go(base + "/account/choose-password") // from the sign-in, as they came, not on to the initiatives
	b.Fill("#new_password", "rosa's own password")
	b.Fill("#confirm_password", "rosa's own password")
	b.Submit("#choose-password button[type=submit]")
	if !strings.HasSuffix(b.URL(), "/") ||
		!b.HasText(".flash-success", "Your password is set. Welcome to Backbone, Rosa Delgado.") {
		t.Fatalf("not home after choosing: %s %q", b.URL(), b.Text("main"))
	}
	signOut()

	signIn("admin@example.org", demo.Password)
	b.Go(personPage)
	b.Eval(`window.confirm = () => true`, nil)
	b.Submit("#disable-form button")
	if !b.HasText(".flash-success", "Rosa Delgado can no longer sign in") {
		t.Fatalf("not disabled: %q", b.Text("main"))
	}
	signOut()
	signIn("rosa@example.org", "rosa's own password")
	if !strings.Contains(b.URL(), "/login") || !b.HasText("main", "do not match an active account") {
		t.Fatalf("a disabled person signs in: %s %q", b.URL(), b.Text("main"))
	}

	signIn("coordinator@example.org", demo.Password)
	b.Go(base + "/initiatives")
	if b.Exists("a[href='/initiatives/new']") {
		t.Fatal("the coordinator is offered to start an initiative before the setting allows")
	}
	signOut()

	signIn("admin@example.org", demo.Password)
	var tops []float64
	b.Eval(`Array.from(document.querySelectorAll('header nav li')).map(e => e.getBoundingClientRect().top)`, &tops)
	for _, top := range tops {
		if top != tops[0] {
			t.Fatalf("the admin's menu wraps at %dpx: %v", 1280, tops)
		}
	}
	b.Submit("header nav a[href='/settings']")
	b.Check("#starters-stewards_and_organization_admins")
	b.Submit("#settings-form button[type=submit]")
	if !b.HasText(".flash-success", "Settings saved.") {
		t.Fatalf("settings not saved: %q", b.Text("main"))
	}
	signOut()

	signIn("coordinator@example.org", demo.Password)
	b.Go(base + "/initiatives")
	b.Submit("a[href='/initiatives/new']")
	b.Fill("#name", "Meals on the Coast")
	b.Submit("form.form button[type=submit]")
	if !b.HasText(".flash-success", "Meals on the Coast was started. You are its backbone staff.") {
		t.Fatalf("the coordinator did not start an initiative: %q", b.Text("main"))
	}
}
