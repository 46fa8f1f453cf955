package app_test

import (
	"bufio"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"backbone/internal/api"
	"backbone/internal/hsdsapi"
	"backbone/internal/testutil/storetest"
	"backbone/internal/web"
)

// matrixFile is the authorization matrix: for every route of the web
// interface, the JSON API and the HSDS API, what each kind of person gets.
// TestAuthorizationMatrix checks every cell of it on both engines; run it
// with -update to write the file from what the routes answer (then read
// the diff: a cell that changed is a rule that changed).
const matrixFile = "../../docs/authorization.md"

var update = flag.Bool("update", false, "write "+matrixFile+" from what the routes answer")

// The outcomes a cell can hold.
const (
	allowed   = "yes"   // the operation ran (or refused the empty input as invalid: after the rule let it)
	forbidden = "403"   // known, but not allowed
	hidden    = "404"   // not allowed to know the record exists
	signIn    = "login" // nobody signed in: sent to sign in (401 in the API)
)

// personas are the matrix's columns, in order.
var personas = []struct{ key, title string }{
	{"anyone", "Anyone (not signed in)"},
	{"admin", "Platform admin"},
	{"steward", "Directory steward"},
	{"member", "Member of no organization"},
	{"orgadmin", "Organization admin"},
	{"orgstaff", "Organization staff"},
	{"backbone", "Backbone staff"},
	{"lead", "Partner lead"},
	{"partner", "Initiative member"},
	{"viewer", "Initiative viewer"},
}

// cell is one route as one persona meets it.
type row struct {
	surface string // web, api, hsds
	method  string
	pattern string
}

func (r row) String() string { return r.surface + " " + r.method + " " + r.pattern }

// routeRows derives the matrix's rows from the routers' own tables.
func routeRows() []row {
	var rows []row
	for _, rt := range web.Routes() {
		rows = append(rows, row{"web", rt.Method, rt.Pattern})
	}
	for _, rt := range api.Routes() {
		rows = append(rows, row{"api", rt.Method, rt.Pattern})
	}
	for _, p := range hsdsapi.Routes() {
		rows = append(rows, row{"hsds", http.MethodGet, p})
	}
	return rows
}

// TestAuthorizationMatrix sends every route's request as every persona, on
// a fixture where each persona has its place (see matrixFixture), and
// checks what each gets against the matrix. A route the routers serve
// without a row in the matrix fails, and so does a row of a route no
// longer served.
func TestAuthorizationMatrix(t *testing.T) {
	rows := routeRows()
	want, err := readMatrix(matrixFile)
	if err != nil && !*update {
		t.Fatal(err)
	}
	results := map[string]map[string]map[string]string{} // engine → row → persona → outcome
	var mu sync.Mutex
	t.Run("engines", func(t *testing.T) {
		for _, eng := range []string{"sqlite", "postgres"} {
			t.Run(eng, func(t *testing.T) {
				t.Parallel()
				checkEngine(t, eng, rows, want, func(got map[string]map[string]string) {
					mu.Lock()
					results[eng] = got
					mu.Unlock()
				})
			})
		}
	})
	served := map[string]bool{}
	for _, r := range rows {
		served[r.String()] = true
	}
	for k := range want {
		if !served[k] {
			t.Errorf("%s: the matrix has a row for a route no router serves", k)
		}
	}
	if *update {
		if pg, ok := results["postgres"]; ok && len(pg) > 0 {
			for k, cells := range results["sqlite"] {
				for p, v := range cells {
					if pg[k][p] != v {
						t.Errorf("%s as %s: SQLite says %s, PostgreSQL %s", k, p, v, pg[k][p])
					}
				}
			}
		}
		if err := writeMatrix(matrixFile, rows, results["sqlite"]); err != nil {
			t.Fatal(err)
		}
	}
}

// checkEngine runs the matrix on one engine, hands what each got to keep,
// and (unless the matrix is being written) checks it against want.
func checkEngine(t *testing.T, engine string, rows []row, want map[string]map[string]string,
	keep func(map[string]map[string]string)) {
	if engine == "postgres" {
		storetest.PostgresURL(t) // skips without PostgreSQL
	}
	got := runMatrix(t, engine, rows)
	keep(got)
	if *update {
		return
	}
	for _, r := range rows {
		w, ok := want[r.String()]
		if !ok {
			t.Errorf("%s has no row in %s: add it (go test ./internal/app -run TestAuthorizationMatrix -update) "+
				"and read the diff", r, matrixFile)
			continue
		}
		for _, p := range personas {
			if g := got[r.String()][p.key]; g != w[p.key] {
				t.Errorf("%s as %s: got %s, the matrix says %s", r, p.title, g, w[p.key])
			}
		}
	}
}

// outcome classifies an answer.
func outcome(surface string, res *http.Response) string {
	switch {
	case res.StatusCode == http.StatusUnauthorized:
		return signIn
	case surface == "web" && res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"):
		return signIn
	case res.StatusCode == http.StatusForbidden:
		return forbidden
	case res.StatusCode == http.StatusNotFound:
		return hidden
	case res.StatusCode >= 500:
		return fmt.Sprintf("error %d", res.StatusCode)
	}
	return allowed
}

// changed reports whether an allowed request may have changed the fixture:
// a write that succeeded rather than one refused as invalid.
func changed(method string, res *http.Response) bool {
	return method != http.MethodGet && method != http.MethodHead && res.StatusCode < 400
}

// serve sends one request to h and returns the answer.
func serve(h http.Handler, req *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

var cellText = regexp.MustCompile(`^\| (web|api|hsds) \| (GET|POST|PUT|PATCH|DELETE) \| ` + "`([^`]+)`" + ` \|(.*)\|$`)

// readMatrix reads the matrix file: row → persona → outcome.
func readMatrix(path string) (map[string]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the authorization matrix: %w (write it with -update)", err)
	}
	defer f.Close()
	out := map[string]map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		m := cellText.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		cells := strings.Split(m[4], "|")
		if len(cells) != len(personas) {
			return nil, fmt.Errorf("%s:%d: %d cells, want %d", path, line, len(cells), len(personas))
		}
		r := row{m[1], m[2], m[3]}
		out[r.String()] = map[string]string{}
		for i, c := range cells {
			out[r.String()][personas[i].key] = strings.TrimSpace(c)
		}
	}
	return out, sc.Err()
}

// writeMatrix writes the matrix file from the outcomes.
func writeMatrix(path string, rows []row, got map[string]map[string]string) error {
	var b strings.Builder
	b.WriteString(matrixIntro)
	titles := make([]string, len(personas))
	for i, p := range personas {
		titles[i] = p.title
	}
	sections := []struct{ surface, title string }{
		{"web", "Web pages"}, {"api", "JSON API (`/api/v1`)"}, {"hsds", "Open Referral HSDS API (`/hsds`)"},
	}
	for _, s := range sections {
		fmt.Fprintf(&b, "\n## %s\n\n| | Method | Route | %s |\n|---|---|---|%s\n", s.title, strings.Join(titles, " | "),
			strings.Repeat("---|", len(personas)))
		var mine []row
		for _, r := range rows {
			if r.surface == s.surface {
				mine = append(mine, r)
			}
		}
		sort.SliceStable(mine, func(i, j int) bool { return mine[i].pattern < mine[j].pattern })
		for _, r := range mine {
			cells := make([]string, len(personas))
			for i, p := range personas {
				cells[i] = got[r.String()][p.key]
			}
			fmt.Fprintf(&b, "| %s | %s | `%s` | %s |\n", r.surface, r.method, r.pattern, strings.Join(cells, " | "))
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

const matrixIntro = `# Who may do what: the authorization matrix

Generated by ` + "`go test ./internal/app -run TestAuthorizationMatrix -update`" + `, and checked, cell by cell, on
SQLite and PostgreSQL by the same test without ` + "`-update`" + `. The rows are every route the web interface,
the JSON API and the HSDS API serve, read from their routers; a new route without a row fails the test.
The rules themselves live in one place, the rule book (` + "`internal/account/rules_*.go`" + `), and are applied
where each operation is carried out, so the web and the API cannot differ.

Each column is a kind of person, in a fixture where each has exactly one place:

- **Anyone**: nobody signed in.
- **Platform admin**, **Directory steward**: platform roles, of no organization.
- **Member of no organization**: signed in, with no role anywhere.
- **Organization admin**, **Organization staff**: of the organization in the path (` + "`/organizations/{id}`" + `,
  its services, locations, goals, its tie); that organization is invited to the initiative but not yet a
  member (its admin answers the invitation), and is the prospective partner of its compatibility check.
- **Backbone staff**: of the initiative in the path (a private one), and of no organization.
- **Partner lead**: staff of a member organization of the initiative, and its partner lead.
- **Initiative member**: staff of the same member organization, with no role of their own.
- **Initiative viewer**: may read the initiative, of no organization.

What a cell says:

- **yes**: the request was let through: it ran, or it was refused as invalid input after the rules let it;
- **403**: the person may see the record but not do this;
- **404**: the person may not know the record exists (a private initiative, to an outsider);
- **login**: sign in first (the web redirects to the sign-in page; the API answers 401).

A request carries what its rule depends on (the organization acted for, the person given a role: see
` + "`internal/app/authz_inputs_test.go`" + `); any other write sends an empty form or body, which a person the rule
lets through sees refused as invalid ("yes" all the same).

Private links are public routes whose secret is the key: a partner survey's (` + "`/survey/{token}`" + `), and the
calendar and updates feed links (` + "`/calendar/{file}`" + `, ` + "`/initiatives/{id}/updates.atom?token=`" + `), which
calendar programs and feed readers fetch without signing in. The matrix sends a working secret, so every
column reads "yes"; a link reads as the person who made it, with the rights they have when it is read, and
an unknown or revoked secret is 404 to everyone.

## Rules the web and the API used to decide differently, decided once

- **Compatibility checks** are read by the initiative's backbone staff and the assessed organization's
  people only (` + "`assessment.view`" + `). The web showed both sides' confidential notes to every member of the
  initiative (to anyone signed in, for a public one); the API refused them. The API's rule won: the notes
  are candid, and written for the two sides. The list gives each reader the checks they may read.
- **Withdrawing a proposal**: the person who proposed it while they still work for the proposing
  organization, those who act for that organization (its admins, its partner leads), or backbone staff
  (` + "`decision.withdraw`" + `). The web allowed the proposer or backbone staff, the API the organization's admins or
  backbone staff. The union won: each has a real claim on the proposal, and nobody who had the right lost it.
- **A member leaves** by its own decision: those who act for it (` + "`member.leave`" + `). The API also let backbone
  staff make an organization leave; that is now its own operation, removing a member, with a reason and
  the backbone named in the history (` + "`member.remove`" + `), in both the web and the API.
- **Answering an invitation** is the invited organization's decision: those who act for it
  (` + "`member.answer`" + `). The API also let backbone staff accept on its behalf; it no longer does (they may
  withdraw the invitation by removing the member).
- **Managing a survey wave** (opening, reading, reminding, closing, keeping or updating the recorded ties its answers
  differ from): the directory's stewards, or the
  backbone staff of the wave's initiative (` + "`survey.manage`" + `). The web swallowed this check's errors
  (` + "`ok, _ :=`" + `); no permission error is discarded now.
`
