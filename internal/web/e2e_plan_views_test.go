package web_test

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/browser"
	"backbone/internal/testutil/filetest"
	"backbone/internal/testutil/storetest"
)

// TestBrowserPlanViews is the end of the plan's journey on the demo: the
// partner's "My plan" lists her open actions, the overdue first; the plan's
// PDF (A4 and Letter) prints the three columns with the action in them, and
// so does its printable page; the strategy library prints and links to the
// roles by job level. Samaritan House's supervisor (an admin of it) sees
// the plan on the team page with its overdue action first; the county's
// admin, once Samaritan House is its unit, sees it per unit; the partner's
// colleague on staff is refused the page.
func TestBrowserPlanViews(t *testing.T) {
	b := browser.Start(t)
	db := storetest.SQLite(t)
	if _, err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	ctx, sys := context.Background(), account.SystemActor("test")
	accounts := account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost))
	org := func(name string) string {
		var id string
		if err := db.QueryRow(`SELECT id FROM organizations WHERE name = $1`, name).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	samaritan, county := org("Samaritan House"), org("San Mateo County Health")
	for _, p := range []struct{ email, org, role string }{
		{"supervisor@example.org", samaritan, account.OrgAdmin},
		{"director@example.org", county, account.OrgAdmin},
		{"worker@example.org", samaritan, account.OrgStaff},
	} {
		u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: p.email, Name: strings.Split(p.email, "@")[0],
			Password: demo.Password})
		if err != nil {
			t.Fatal(err)
		}
		if err := accounts.SetMembership(ctx, sys, u.ID, p.org, p.role); err != nil {
			t.Fatal(err)
		}
	}
	signIn := func(email string) {
		b.Go(a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("form[action='/login'] button[type=submit]")
	}
	fetchPDF := func(path string) string {
		t.Helper()
		var got struct {
			Status int    `json:"status"`
			Type   string `json:"type"`
			Body   string `json:"body"`
		}
		b.Eval(`(async () => {
			const r = await fetch(`+"`"+`${location.origin}`+path+"`"+`);
			const bytes = new Uint8Array(await r.arrayBuffer());
			let s = ""; for (const x of bytes) s += String.fromCharCode(x);
			return {status: r.status, type: r.headers.get("Content-Type"), body: btoa(s)};
		})()`, &got)
		raw, err := base64.StdEncoding.DecodeString(got.Body)
		if err != nil || got.Status != 200 || got.Type != "application/pdf" {
			t.Fatalf("%s: %d %s %v", path, got.Status, got.Type, err)
		}
		return pdfLayoutText(t, raw)
	}

	// The worker's view: her open actions, the overdue first.
	signIn("partner@example.org")
	b.Go(a.URL + "/plans")
	if !b.Exists("a[href='/plans/team']") {
		t.Error("My plan does not offer Samaritan House's admin the team page")
	}
	first := b.Text("#my-actions tbody tr:first-child")
	if !strings.Contains(first, "Send them our route map") || !strings.Contains(first, "overdue") {
		t.Fatalf("the overdue action is not first: %q", b.Text("#my-actions"))
	}

	// The plan prints three columns, on A4 and on Letter.
	b.Click("#my-actions tbody tr:first-child a")
	planURL := strings.SplitN(b.URL(), "#", 2)[0]
	id := planURL[strings.LastIndex(planURL, "/")+1:]
	if !b.Exists(".print-links a[href='/plans/"+id+"/handout.pdf?paper=a4']") ||
		!b.Exists(".print-links a[href='/plans/"+id+"/print']") {
		t.Fatalf("no Print and PDF links: %q", b.Text(".head-row"))
	}
	heads := regexp.MustCompile(`Relationship area\s{2,}Strategies and actions\s{2,}How I will know`)
	for _, paper := range []string{"a4", "letter"} {
		text := fetchPDF("/plans/" + id + "/handout.pdf?paper=" + paper)
		if !heads.MatchString(text) || !strings.Contains(text, "Send them our route map") ||
			!strings.Contains(text, "The tie reaches coordination") || !strings.Contains(text, "When added") {
			t.Fatalf("the %s PDF:\n%s", paper, text)
		}
	}
	b.Click(".print-links a[href$='/print']")
	if !b.HasText("table.handout thead", "Strategies and actions") ||
		!b.HasText("table.handout", "Send them our route map") {
		t.Fatalf("the printable plan: %q", b.Text("body"))
	}

	// The library prints, and links to the roles, which print too.
	b.Go(a.URL + "/strategies")
	if text := fetchPDF("/strategies.pdf?paper=a4"); !strings.Contains(text, "Seek out experienced") {
		t.Fatalf("the library's PDF:\n%s", text)
	}
	b.Click("a[href='/strategies/roles']")
	if !b.HasText("#supervisor", "team's page") {
		t.Fatalf("the roles: %q", b.Text("main"))
	}
	if text := fetchPDF("/strategies/roles.pdf?paper=letter"); !strings.Contains(text, "Front-line worker") {
		t.Fatalf("the roles' PDF:\n%s", text)
	}
	b.Submit("form[action='/logout'] button")

	// The supervisor's page: the plan, its overdue action first.
	signIn("supervisor@example.org")
	b.Go(a.URL + "/plans")
	b.Click("a[href='/plans/team']")
	row := b.Text("#overdue tbody tr:first-child")
	for _, s := range []string{"Demo Partner", "Sort out the meal routes", "Send them our route map", "overdue"} {
		if !strings.Contains(row, s) {
			t.Fatalf("the first overdue row lacks %q: %q", s, b.Text("main"))
		}
	}
	if !b.HasText("#team-plans", "Sort out the meal routes with Peninsula Volunteers") || b.Exists("#unit-totals") {
		t.Fatalf("the team's plans: %q", b.Text("main"))
	}
	// The plan's review, due in a week, with the reviews due.
	if !b.HasText("#team-reviews", "Sort out the meal routes with Peninsula Volunteers") {
		t.Fatalf("the reviews due: %q", b.Text("#team-reviews"))
	}
	b.SetWidth(390)
	b.Go(a.URL + "/plans/team")
	var wide bool
	b.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &wide)
	if wide {
		t.Error("the team page overflows at 390 px")
	}
	b.ResetWidth()
	b.Submit("form[action='/logout'] button")

	// The county's director: nothing until Samaritan House is its unit,
	// then the plan per unit.
	signIn("director@example.org")
	b.Go(a.URL + "/plans/team")
	if b.HasText("main", "Sort out the meal routes") {
		t.Fatal("the county's director sees a plan of an organization that is not its unit")
	}
	if _, err := db.Exec(`UPDATE organizations SET parent_organization_id = $1 WHERE id = $2`, county,
		samaritan); err != nil {
		t.Fatal(err)
	}
	b.Go(a.URL + "/plans/team")
	if !b.HasText("#unit-totals", "Samaritan House") || !b.HasText("#overdue", "Send them our route map") {
		t.Fatalf("the director's page: %q", b.Text("main"))
	}
	b.Select("#unit", samaritan)
	b.Submit("#unit-filter button[type=submit]")
	if !strings.Contains(b.URL(), "unit="+samaritan) || !b.HasText("#team-plans", "Sort out the meal routes") {
		t.Fatalf("one unit: %s %q", b.URL(), b.Text("main"))
	}
	b.Submit("form[action='/logout'] button")

	// Staff are refused the page.
	signIn("worker@example.org")
	if status := b.Visit(a.URL + "/plans/team"); status != 403 {
		t.Errorf("staff open the team page: %d", status)
	}
}

// pdfLayoutText reads a PDF's text with poppler's pdftotext, keeping the
// layout, so that columns side by side stay on one line.
func pdfLayoutText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filetest.Tool(t, "pdftotext", "poppler-utils"), "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
