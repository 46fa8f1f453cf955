package api

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"backbone/internal/testutil/filetest"
)

// TestPlanViewEndpoints: the lake's admin keeps a plan with an overdue
// action; her open actions and the supervisor's page put it first, a
// platform admin sees it across units, and staff of no organization are
// refused the page. The plan, the library and the roles come as PDFs on A4
// and Letter, read back with pdftotext; a stranger to the plan is refused
// its PDF.
func TestPlanViewEndpoints(t *testing.T) {
	eachEngine(t, func(t *testing.T, app *testApp) {
		want := func(what string, status, got int, body, schema string) {
			t.Helper()
			if got != status {
				t.Fatalf("%s: status %d, want %d: %s", what, got, status, body)
			}
			if schema != "" {
				checkSchema(t, schema, []byte(body))
			}
		}
		id := func(body string) int64 {
			var v struct{ ID int64 }
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			return v.ID
		}
		st, out := call(t, app, "POST", prefix+"/plans", "lake", `{"title":"Reach the harbor"}`)
		want("the lake's plan", 201, st, out, "Plan")
		one := fmt.Sprintf("%s/plans/%d", prefix, id(out))
		st, out = call(t, app, "POST", one+"/areas", "lake", `{"kind":"tie","tie_id":"{tie}"}`)
		want("an area", 201, st, out, "PlanArea")
		area := id(out)
		for _, a := range []struct{ title, due string }{{"Call the harbor", "2099-01-01"}, {"Ask Rosa", "2001-01-15"}} {
			st, out = call(t, app, "POST", one+"/actions", "lake", fmt.Sprintf(
				`{"area_id":%d,"strategy":"seek_mentors","title":%q,"due_on":%q}`, area, a.title, a.due))
			want("an action", 201, st, out, "PlanAction")
		}

		st, out = call(t, app, "GET", prefix+"/plans/my-actions", "", "")
		want("nobody's actions", 401, st, out, "")
		st, out = call(t, app, "GET", prefix+"/plans/my-actions", "lake", "")
		want("her open actions", 200, st, out, "PlanActionRowList")
		if strings.Index(out, "Ask Rosa") > strings.Index(out, "Call the harbor") ||
			!strings.Contains(out, `"plan_title":"Reach the harbor"`) {
			t.Errorf("the overdue action is not first: %s", out)
		}

		st, out = call(t, app, "GET", prefix+"/plans/team", "staff", "")
		want("staff of no organization open the team page", 403, st, out, "")
		st, out = call(t, app, "GET", prefix+"/plans/team", "", "")
		want("nobody opens the team page", 401, st, out, "")
		st, out = call(t, app, "GET", prefix+"/plans/team?unit=harbor", "lake", "")
		want("a unit out of reach", 422, st, out, "")
		if !strings.Contains(out, "unit") {
			t.Errorf("the problem does not name the parameter: %s", out)
		}
		for _, who := range []string{"lake", "admin"} {
			st, out = call(t, app, "GET", prefix+"/plans/team?unit=lake", who, "")
			want(who+"'s team page", 200, st, out, "PlanTeam")
			var team struct {
				Overdue []struct{ Title, Person, PlanTitle string } `json:"overdue_actions"`
				Units   []struct{ ID string }
			}
			if err := json.Unmarshal([]byte(out), &team); err != nil {
				t.Fatal(err)
			}
			if len(team.Overdue) != 1 || team.Overdue[0].Title != "Ask Rosa" || len(team.Units) != 1 {
				t.Errorf("%s's team page: %s", who, out)
			}
		}
		st, out = call(t, app, "GET", prefix+"/plans/team", "harbor", "")
		want("the harbor's team page", 200, st, out, "PlanTeam")
		if strings.Contains(out, "Reach the harbor") {
			t.Errorf("the harbor's admin sees the lake's plan: %s", out)
		}

		heads := regexp.MustCompile(`Relationship area\s{2,}Strategies and actions\s{2,}How I will know`)
		st, out = getPDF(t, app, one+"/handout.pdf?paper=a4", "lake")
		want("the plan's PDF", 200, st, out, "")
		if !heads.MatchString(out) || !strings.Contains(out, "Ask Rosa") || !strings.Contains(out, "OVERDUE") {
			t.Errorf("the plan's PDF:\n%s", out)
		}
		st, out = call(t, app, "GET", one+"/handout.pdf?paper=legal", "lake", "")
		want("legal paper", 422, st, out, "")
		st, out = call(t, app, "GET", one+"/handout.pdf", "harbor", "")
		want("a stranger prints the plan", 403, st, out, "")
		st, out = getPDF(t, app, prefix+"/strategies.pdf?paper=letter", "harbor")
		want("the library's PDF", 200, st, out, "")
		if !strings.Contains(out, "Anticipate and plan for roadblocks") {
			t.Errorf("the library's PDF:\n%s", out)
		}
		st, out = call(t, app, "GET", prefix+"/strategies.pdf", "", "")
		want("nobody prints the library", 401, st, out, "")
		st, out = call(t, app, "GET", prefix+"/strategies/roles", "harbor", "")
		want("the roles", 200, st, out, "PlanRoleList")
		st, out = getPDF(t, app, prefix+"/strategies/roles.pdf", "harbor")
		want("the roles' PDF", 200, st, out, "")
		if !strings.Contains(out, "Supervisor") || !strings.Contains(out, "Front-line worker") {
			t.Errorf("the roles' PDF:\n%s", out)
		}
		st, out = call(t, app, "GET", prefix+"/strategies/roles.pdf", "", "")
		want("nobody prints the roles", 401, st, out, "")
	})
}

// getPDF fetches a PDF and returns its text as pdftotext -layout reads it,
// or the problem when it is refused.
func getPDF(t *testing.T, app *testApp, url, token string) (int, string) {
	t.Helper()
	for k, v := range app.vars {
		url = strings.ReplaceAll(url, k, v)
	}
	req := httptest.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+app.tokens[token])
	rec := httptest.NewRecorder()
	app.handler.ServeHTTP(rec, req)
	if rec.Code != 200 {
		return rec.Code, rec.Body.String()
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("%s: Content-Type %q", url, ct)
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(filetest.Tool(t, "pdftotext", "poppler-utils"), "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return rec.Code, string(out)
}
