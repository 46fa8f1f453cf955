package hsdsapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/hsdsapi"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// Ids from the specification's examples and the Ohana sample.
const (
	exampleService  = "ac148810-d857-441c-9679-408f346de14b"
	exampleOrg      = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
	exampleSAL      = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
	exampleTerm     = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
	childTerm       = "7d0c55b4-6f0e-4b8a-9a51-2f4c8e3b1a01" // testdata/taxonomy_terms.json
	exampleTaxonomy = "5c4d79d7-cc55-470e-9f1f-8cad074e4892"
	archivedName    = "Peninsula Family Service"
)

// fixture is a directory holding the specification's examples and the
// Ohana sample, with one organization archived, and the API over it.
type fixture struct {
	db       *store.DB
	dir      *directory.Store
	api      http.Handler
	archived string   // the archived organization's id
	hidden   []string // its services' ids
}

// newFixture fills db with the directory, imported once per engine in the
// test process and copied, and serves the API over it.
func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	archived := storetest.Fixture(t, db, "hsds", buildFixture)
	f := &fixture{db: db, dir: directory.NewStore(db), archived: archived.archived, hidden: slices.Clone(archived.hidden)}
	f.api = hsdsapi.New(f.dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return f
}

// buildFixture imports the directory and archives an organization.
func buildFixture(t testing.TB, db *store.DB) fixture {
	ctx := context.Background()
	f := fixture{dir: directory.NewStore(db)}
	for _, p := range []string{"testdata/hsds/csv", "testdata/hsds/examples/service_full.json", "testdata/hsds/examples/organization_full.json",
		"testdata/hsds/examples/service_at_location_full.json", "testdata/hsds/examples/taxonomy_term.json", "testdata/ohana-smc", "testdata/taxonomy_terms.json"} {
		b, err := hsds.ReadPath(p)
		if err != nil {
			t.Fatalf("read %s: %v", p, err)
		}
		if _, err := f.dir.SaveBundle(ctx, account.SystemActor("test"), b); err != nil {
			t.Fatalf("import %s: %v", p, err)
		}
	}
	if err := db.QueryRow(`SELECT id FROM organizations WHERE name = $1`, archivedName).Scan(&f.archived); err != nil {
		t.Fatal(err)
	}
	if _, err := f.dir.SetArchived(ctx, account.SystemActor("test"), f.archived, true); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT id FROM services WHERE organization_id = $1`, f.archived)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		f.hidden = append(f.hidden, id)
	}
	if len(f.hidden) == 0 {
		t.Fatalf("%s has no services: the archive test would prove nothing", archivedName)
	}
	return fixture{archived: f.archived, hidden: f.hidden}
}

// count runs a COUNT query.
func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// do sends a request to the API.
func (f *fixture) do(method, url string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	f.api.ServeHTTP(rec, httptest.NewRequest(method, url, nil))
	return rec
}

// get sends a GET that must answer 200 with JSON, and decodes it.
func (f *fixture) get(t *testing.T, url string, into any) []byte {
	t.Helper()
	rec := f.do(http.MethodGet, url)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("GET %s: Content-Type %q", url, ct)
	}
	if into != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return rec.Body.Bytes()
}

// listPage is the specification's paged list.
type listPage struct {
	TotalItems int              `json:"total_items"`
	TotalPages int              `json:"total_pages"`
	PageNumber int              `json:"page_number"`
	Size       int              `json:"size"`
	FirstPage  bool             `json:"first_page"`
	LastPage   bool             `json:"last_page"`
	Empty      bool             `json:"empty"`
	Contents   []map[string]any `json:"contents"`
}

func (p listPage) ids() []string {
	out := make([]string, len(p.Contents))
	for i, c := range p.Contents {
		out[i], _ = c["id"].(string)
	}
	return out
}

// list GETs a page of a list.
func (f *fixture) list(t *testing.T, url string) listPage {
	t.Helper()
	var p listPage
	f.get(t, url, &p)
	return p
}

// allIDs walks every page of a list and returns the ids in order.
func (f *fixture) allIDs(t *testing.T, url string) []string {
	t.Helper()
	var ids []string
	for n := 1; ; n++ {
		p := f.list(t, url+pageSep(url)+"per_page=7&page="+strconv.Itoa(n))
		ids = append(ids, p.ids()...)
		if p.LastPage || p.Empty {
			return ids
		}
	}
}

func pageSep(url string) string {
	if strings.Contains(url, "?") {
		return "&"
	}
	return "?"
}
