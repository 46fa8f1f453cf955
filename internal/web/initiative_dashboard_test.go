package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/store"
	"backbone/internal/testutil/apptest"
	"backbone/internal/testutil/storetest"
)

func TestDashboard(t *testing.T) {
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	c := a.NewClient(t)
	if r := c.PostForm("/login", url.Values{"email": {"partner@example.org"}, "password": {demo.Password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.StatusCode)
	}
	path := fmt.Sprintf("/initiatives/%d/dashboard", res.InitiativeID)
	r := c.Get(path)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("dashboard: %d", r.StatusCode)
	}
	mustContain(t, r, "Deliver 15,000 home-delivered meals a month", "Home-delivered meals · monthly", "of the way",
		`class="status status-`, "<svg", "Late reports", "Redwood City Public Library</strong>: Isolated older adults connected",
		"I have someone to talk to on Tuesdays now", "shared with consent", "Who contributed in", "Samaritan House", "of 3 reporting organizations have reported")
	if strings.Contains(r.Body, "%!") {
		t.Fatal("a value was not formatted")
	}
	// Dates and periods in one style: "31 Dec 2027", "Nov 2026", never a
	// key such as 2027-12-31 or 2026-11 in what people read (the charts'
	// tooltips included).
	text := regexp.MustCompile(`(?s)<[^>]*>|<style.*?</style>`).ReplaceAllString(r.Body, " ")
	if m := regexp.MustCompile(`\b\d{4}-(\d\d|Q\d|H\d)(-\d\d)?\b`).FindAllString(text, -1); len(m) > 0 {
		t.Errorf("the dashboard writes dates as keys: %q", m)
	}
	// The downloads keep the page's filters.
	mustContain(t, c.Get(path+"?from=2026-01-01&to=&member="), `href="`+path+`.pdf?from=2026-01-01"`, `href="`+path+`.csv?from=2026-01-01"`)
	// The progress report, with the page's filters, is a PDF to download.
	mustContain(t, r, `href="`+path+`.pdf"`, "Progress report (PDF)", `data-print hidden`)
	if pdf := c.Get(path + ".pdf?from=2026-01-01"); pdf.StatusCode != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF-1.") ||
		pdf.Header.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(pdf.Header.Get("Content-Disposition"), "aging-well-in-san-mateo-county-progress-2026-12-07.pdf") {
		t.Fatalf("progress report: %d %q %v", pdf.StatusCode, pdf.Body[:min(len(pdf.Body), 20)], pdf.Header)
	}
	if r := c.Get(path + ".pdf?from=2030-01-01&to=2020-01-01"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("a report of reversed dates: %d", r.StatusCode)
	}
	if r := c.Get(path + "?from=2030-01-01&to=2020-01-01"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("reversed dates: %d", r.StatusCode)
	}
	mustContain(t, c.Get(path+"?from=2000-01-01&to=2000-12-31"), "No values reported yet")
	csv := c.Get(path + ".csv")
	if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.Body, "goal,goal_revision,indicator,unit,period,combined_value") ||
		strings.Count(csv.Body, "Home-delivered meals") != 18 {
		t.Fatalf("csv: %q", csv.Body[:min(len(csv.Body), 300)])
	}
	mustContain(t, c.Get(path[:len(path)-len("/dashboard")]+"/late"), "Late reports", "Isolated older adults connected, ", "Redwood City Public Library", "1 in all")
	// The goal's page lists every member's part, and who has not reported.
	var isolated int64
	if err := db.QueryRow(`SELECT goal_id FROM goal_revisions WHERE statement LIKE 'Connect 400%'`).Scan(&isolated); err != nil {
		t.Fatal(err)
	}
	mustContain(t, c.Get(fmt.Sprintf("/initiatives/%d/goals/%d", res.InitiativeID, isolated)), `id="contributions"`, "Each member's part in",
		"Redwood City Public Library", "not yet", "Peninsula Family Service")
	// One member's own numbers: its part of the meals total, with its share.
	var samaritan string
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = 'Samaritan House'`).Scan(&samaritan); err != nil {
		t.Fatal(err)
	}
	mine := c.Get(path + "?member=" + samaritan)
	mustContain(t, mine, `id="member-view"`, "Showing the numbers <strong>Samaritan House</strong> reported", "part of the total", "% of the", "total (")
	if strings.Contains(mine.Body, "Who contributed in") {
		t.Fatal("a member's view lists every contributor")
	}
	memberCSV := c.Get(path + ".csv?member=" + samaritan)
	if !strings.Contains(memberCSV.Body, ","+samaritan+",") {
		t.Fatalf("member csv: %q", memberCSV.Body[:min(len(memberCSV.Body), 400)])
	}
	if r := c.Get(path + "?member=org-nobody"); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "not a member of this initiative") {
		t.Fatalf("unknown member: %d", r.StatusCode)
	}
	// The goals as they stood on a day before they were set: none yet.
	mustContain(t, c.Get(path+"?as_of=2001-01-01"), `id="as-of-view"`, "no measurable goals yet")
	if r := c.Get(path + "?as_of=yesterday"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad as_of: %d", r.StatusCode)
	}
	// The library's admin is reminded on the home page of the number it owes.
	if _, err := db.Exec(`INSERT INTO memberships (user_id, organization_id, role, created_at) SELECT u.id, o.id, 'admin', CURRENT_TIMESTAMP
		FROM users u, organizations o WHERE u.email = 'partner@example.org' AND o.name = 'Redwood City Public Library'`); err != nil {
		t.Fatal(err)
	}
	mustContain(t, c.Get("/"), "What waits for you", "Report Isolated older adults connected", "for Redwood City Public Library")
	// Someone with no part in a private initiative does not see its dashboard.
	if _, err := db.Exec(`UPDATE initiatives SET is_public = FALSE`); err != nil {
		t.Fatal(err)
	}
	a.AddUser(t, "outsider@example.org", "member")
	if r := a.SignIn(t, "outsider@example.org").Get(path); r.StatusCode != http.StatusNotFound {
		t.Fatalf("outsider: %d", r.StatusCode)
	}
}

func TestReportNumbers(t *testing.T) {
	f := newDemoFixture(t)
	res := f.res
	signIn := func(email string) *apptest.Client { return f.signIn(t, email) }
	partner := signIn("partner@example.org")
	path := fmt.Sprintf("/initiatives/%d/report", res.InitiativeID)
	page := partner.Get(path)
	mustContain(t, page, "Home-delivered meals (meals, monthly) for Samaritan House", "Uploading files is for the initiative's backbone staff")
	item := regexpFind(t, page.Body, `<option value="(\d+\|[0-9a-f-]+)"[^>]*>Home-delivered meals`)
	r := partner.PostForm(path, url.Values{"item": {item}, "period": {"2025-Q1"}, "value": {"12"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("quarter for a monthly indicator: %d", r.StatusCode)
	}
	mustContain(t, r, "reported monthly")
	r = partner.PostForm(path, url.Values{"item": {item}, "period": {"2025-03"}, "value": {"lots"}})
	mustContain(t, r, `&#34;lots&#34; is not a number`)
	if r := partner.PostForm(path, url.Values{"item": {item}, "period": {"2025-03"}, "value": {"1,234"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, partner.Get(path), "Recorded 1,234 for 2025-03.")
	partner.PostForm(path, url.Values{"item": {item}, "period": {"2025-03"}, "value": {"1300"}})
	mustContain(t, partner.Get(path), "Corrected 2025-03 to 1,300; the earlier value is kept")
	// Reporting for an organization one does not speak for is refused.
	other := strings.Replace(item, strings.SplitN(item, "|", 2)[1], "nope", 1)
	if r := partner.PostForm(path, url.Values{"item": {other}, "period": {"2025-03"}, "value": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("for another organization: %d", r.StatusCode)
	}
	tpl := partner.Get(path + "/template")
	if !strings.HasPrefix(tpl.Header.Get("Content-Type"), "text/csv") || !strings.Contains(tpl.Body, "indicator,organization,period,value") {
		t.Fatalf("template: %q", tpl.Body[:min(200, len(tpl.Body))])
	}
	// Uploads: backbone staff only, all or nothing.
	if r := uploadTo(t, partner, path+"/upload", "m.csv", tpl.Body); r.StatusCode != http.StatusForbidden {
		t.Fatalf("partner uploads: %d", r.StatusCode)
	}
	coord := signIn("coordinator@example.org")
	r = uploadTo(t, coord, path+"/upload", "m.csv", "indicator,organization,period,value\nHome-delivered meals,Samaritan House,2024-02,10\nNo such indicator,Samaritan House,2024-02,5\n")
	mustContain(t, r, "Nothing was imported: m.csv row 3: indicator")
	r = uploadTo(t, coord, path+"/upload", "m.csv", "indicator,organization,period,value\nHome-delivered meals,Samaritan House,2024-02,10\n")
	mustContain(t, r, "Imported m.csv: 1 new value, 0 corrections")
}

func regexpFind(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no match for %s", pattern)
	}
	return m[1]
}

// uploadTo posts one file in a multipart form, with the CSRF token.
func uploadTo(t *testing.T, c *apptest.Client, path, name, body string) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.CSRF())
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(body))
	mw.Close()
	return c.PostMultipart(path, mw.FormDataContentType(), &buf)
}

func TestGoalsAndIndicators(t *testing.T) {
	db := storetest.SQLite(t)
	res, err := demo.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	a := apptest.New(t, db)
	signIn := func(email string) *apptest.Client {
		c := a.NewClient(t)
		c.PostForm("/login", url.Values{"email": {email}, "password": {demo.Password}})
		return c
	}
	coord, partner := signIn("coordinator@example.org"), signIn("partner@example.org")
	base := fmt.Sprintf("/initiatives/%d", res.InitiativeID)
	page := coord.Get(base + "/measures")
	mustContain(t, page, "Deliver 15,000 home-delivered meals", "Home-delivered meals", "Add an indicator", "Check it")
	if r := partner.PostForm(base+"/indicators", url.Values{"name": {"X"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("partner adds an indicator: %d", r.StatusCode)
	}
	r := coord.PostForm(base+"/indicators", url.Values{"name": {""}, "aggregation": {"sum"}, "frequency": {"monthly"}, "direction": {"higher"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid indicator: %d", r.StatusCode)
	}
	mustContain(t, r, `id="name-error"`)
	member := regexpFind(t, page.Body, `name="reporters" value="([0-9a-f-]+)"`)
	if r := coord.PostForm(base+"/indicators", url.Values{"name": {"Volunteer hours"}, "definition": {"Hours volunteers gave to partner programs in the quarter."}, "unit": {"hours"}, "aggregation": {"sum"}, "frequency": {"quarterly"},
		"direction": {"higher"}, "reporters": {member}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add indicator: %d %s", r.StatusCode, r.Body)
	}
	// The SMART check runs before saving and says what is missing.
	r = coord.PostForm(base+"/goals", url.Values{"statement": {"More volunteers"}, "action": {"check"}})
	mustContain(t, r, "The SMART check says:", "Specific:", "Measurable:", "Time-bound:")
	r = coord.PostForm(base+"/goals", url.Values{"statement": {"More volunteers"}, "target": {"many"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad target: %d", r.StatusCode)
	}
	r = coord.PostForm(base+"/goals", url.Values{"statement": {"Give 2,000 volunteer hours a quarter"}, "target": {"2000"}, "baseline": {"800"}, "unit": {"hours"},
		"starts_on": {"2026-01-01"}, "due_on": {"2027-12-31"}})
	goalPath := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(goalPath, base+"/goals/") {
		t.Fatalf("add goal: %d %q", r.StatusCode, goalPath)
	}
	mustContain(t, coord.Get(goalPath), "Give 2,000 volunteer hours a quarter", "Specific:", "Revision 1")
	// Revisions need a reason and keep the earlier version.
	form := url.Values{"statement": {"Give 2,500 volunteer hours a quarter"}, "target": {"2500"}, "baseline": {"800"}, "unit": {"hours"},
		"starts_on": {"2026-01-01"}, "due_on": {"2027-12-31"}}
	if r := coord.PostForm(goalPath, form); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("revision without a reason: %d", r.StatusCode)
	}
	form.Set("reason", "Two new partners joined")
	if r := coord.PostForm(goalPath, form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revise: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, coord.Get(goalPath), "Give 2,500 volunteer hours a quarter", "Two new partners joined", "Revision 2")
	if r := partner.PostForm(goalPath, form); r.StatusCode != http.StatusForbidden {
		t.Fatalf("partner revises: %d", r.StatusCode)
	}
	// Stories: members' people may add them; consent is required.
	r = partner.PostForm(base+"/stories", url.Values{"title": {"A good day"}, "body": {"She came back."}, "kind": {"quote"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("story without consent: %d", r.StatusCode)
	}
	if r := partner.PostForm(base+"/stories", url.Values{"title": {"A good day"}, "body": {"She came back."}, "kind": {"quote"},
		"consent_by": {"Maria"}, "consent_on": {"2026-11-01"}, "consent_how": {"verbally, recorded by the case worker"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("story: %d %s", r.StatusCode, r.Body)
	}
	mustContain(t, partner.Get(base+"/dashboard"), "A good day")
}

// demoFixture is a test Backbone with the demo loaded.
type demoFixture struct {
	db  *store.DB
	a   *apptest.App
	res *demo.Result
}

// newDemoFixture loads the demo once in the test process (its logins hashed
// cheaply) and gives each test a copy.
func newDemoFixture(t *testing.T) *demoFixture {
	t.Helper()
	db := storetest.SQLite(t)
	res := *storetest.Fixture(t, db, "demo", func(t testing.TB, db *store.DB) *demo.Result {
		res, err := demo.Load(context.Background(), db, account.WithPasswordCost(account.TestPasswordCost))
		if err != nil {
			t.Fatal(err)
		}
		return res
	})
	return &demoFixture{db: db, a: apptest.New(t, db), res: &res}
}

// signIn signs in as one of the demo's people, with the demo password.
func (f *demoFixture) signIn(t *testing.T, email string) *apptest.Client {
	t.Helper()
	c := f.a.NewClient(t)
	if r := c.PostForm("/login", url.Values{"email": {email}, "password": {demo.Password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", email, r.StatusCode)
	}
	return c
}
