package hsdsapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// scenario is one request and what its answer must hold.
type scenario struct {
	name, method, url string
	status            int
	contains          []string
}

func TestScenarios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		scenarios := []scenario{
			{"unknown service", "GET", "/hsds/services/no-such-id", 404, []string{`"status":404`, "/problems/hsds/not-found"}},
			{"unknown organization", "GET", "/hsds/organizations/no-such-id", 404, nil},
			{"unknown taxonomy", "GET", "/hsds/taxonomies/no-such-id", 404, nil},
			{"unknown term", "GET", "/hsds/taxonomy_terms/no-such-id", 404, nil},
			{"an id with a NUL", "GET", "/hsds/services/no%00such", 404, []string{"/problems/hsds/not-found"}},
			{"an id that is not UTF-8", "GET", "/hsds/organizations/caf%E9", 404, []string{"/problems/hsds/not-found", `"instance":"/hsds/organizations/caf%E9"`}},
			{"unknown service at location", "GET", "/hsds/service_at_locations/no-such-id", 404, nil},
			{"archived organization", "GET", "/hsds/organizations/" + f.archived, 404, nil},
			{"service of an archived organization", "GET", "/hsds/services/" + f.hidden[0], 404, nil},
			{"no such endpoint", "GET", "/hsds/locations", 404, []string{"no-route"}},
			{"POST", "POST", "/hsds/services", 405, []string{"read-only"}},
			{"PUT", "PUT", "/hsds/services/" + exampleService, 405, nil},
			{"PATCH", "PATCH", "/hsds/organizations/" + exampleOrg, 405, nil},
			{"DELETE", "DELETE", "/hsds/taxonomies", 405, nil},
			{"proximity is refused", "GET", "/hsds/service_at_locations?postcode=94010&proximity=1000", 400,
				[]string{"/problems/hsds/unsupported", `"parameter":"proximity"`, "not supported"}},
			{"unknown parameter", "GET", "/hsds/services?color=red", 400, []string{`"parameter":"color"`}},
			{"parameter of another endpoint", "GET", "/hsds/taxonomies?organization_id=x", 400, nil},
			{"parameter twice", "GET", "/hsds/services?page=1&page=2", 400, nil},
			{"page zero", "GET", "/hsds/services?page=0", 400, []string{`"parameter":"page"`}},
			{"page not a number", "GET", "/hsds/services?page=two", 400, nil},
			{"per_page too large", "GET", "/hsds/services?per_page=100000", 400, []string{`"parameter":"per_page"`}},
			{"bad boolean", "GET", "/hsds/services?full=yes", 400, []string{`"parameter":"full"`}},
			{"a NUL in the search", "GET", "/hsds/services?search=food%00bank", 400, []string{`"parameter":"search"`, `NUL`}},
			{"not UTF-8", "GET", "/hsds/organizations?search=%FF", 400, []string{`"parameter":"search"`}},
			{"bad date", "GET", "/hsds/services?modified_after=yesterday", 400, []string{`"parameter":"modified_after"`}},
			{"minimal and full", "GET", "/hsds/services?minimal=true&full=true", 400, nil},
			{"full_service without full", "GET", "/hsds/organizations?full_service=true", 400, []string{`"parameter":"full_service"`}},
			{"unknown format", "GET", "/hsds/services?format=xml", 400, []string{`"parameter":"format"`}},
			{"ndjson with paging", "GET", "/hsds/services?format=ndjson&page=2", 400, nil},
			{"detail takes no search", "GET", "/hsds/services/" + exampleService + "?search=x", 400, nil},
		}
		for _, s := range scenarios {
			rec := f.do(s.method, s.url)
			body := rec.Body.String()
			if rec.Code != s.status {
				t.Errorf("%s: %s %s answered %d, want %d: %s", s.name, s.method, s.url, rec.Code, s.status, body)
				continue
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s: Content-Type %q", s.name, ct)
			}
			var p map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p["title"] == "" || p["detail"] == "" || p["status"] != float64(s.status) {
				t.Errorf("%s: not a problem document: %s", s.name, body)
			}
			for _, want := range s.contains {
				if !strings.Contains(body, want) {
					t.Errorf("%s: body lacks %q: %s", s.name, want, body)
				}
			}
			if s.status == 405 && rec.Header().Get("Allow") != "GET, HEAD, OPTIONS" {
				t.Errorf("%s: Allow %q", s.name, rec.Header().Get("Allow"))
			}
		}
	})
}

func TestCORSAndMethods(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t))
	rec := f.do("GET", "/hsds/services")
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("GET without CORS: %v", rec.Header())
	}
	rec = f.do("OPTIONS", "/hsds/services")
	if rec.Code != http.StatusNoContent || !strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Fatalf("preflight %d %v", rec.Code, rec.Header())
	}
	rec = f.do("HEAD", "/hsds/services/"+exampleService)
	if rec.Code != http.StatusOK {
		t.Fatalf("HEAD %d", rec.Code)
	}
}

func TestPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		total := f.count(t, `SELECT COUNT(*) FROM services s JOIN organizations o ON o.id = s.organization_id WHERE o.archived_at IS NULL`)
		const per = 5
		pages := (total + per - 1) / per
		if total <= 2*per {
			t.Fatalf("only %d services: paging is not exercised", total)
		}
		var seen []string
		for n := 1; n <= pages+1; n++ {
			p := f.list(t, "/hsds/services?per_page=5&page="+itoaInt(n))
			size := min(per, max(0, total-(n-1)*per))
			want := listPage{TotalItems: total, TotalPages: pages, PageNumber: n, Size: size, FirstPage: n == 1, LastPage: n >= pages, Empty: size == 0}
			p.Contents, want.Contents = nil, nil
			got := p
			got.Contents = nil
			if got.TotalItems != want.TotalItems || got.TotalPages != want.TotalPages || got.PageNumber != want.PageNumber ||
				got.FirstPage != want.FirstPage || got.LastPage != want.LastPage || got.Empty != want.Empty {
				t.Errorf("page %d: %+v, want %+v", n, got, want)
			}
			q := f.list(t, "/hsds/services?per_page=5&page="+itoaInt(n))
			if len(q.Contents) != size || q.Size != size {
				t.Errorf("page %d holds %d (size %d), want %d", n, len(q.Contents), q.Size, size)
			}
			seen = append(seen, q.ids()...)
		}
		all := slices.Clone(seen)
		slices.Sort(all)
		if len(slices.Compact(all)) != total || len(seen) != total {
			t.Fatalf("the pages hold %d ids (%d distinct), want %d", len(seen), len(slices.Compact(all)), total)
		}
		// The default page and the minimal form, which fits in one page.
		var p listPage
		p = f.list(t, "/hsds/services")
		if p.PageNumber != 1 || p.Size != min(total, 50) {
			t.Errorf("default page %+v", p)
		}
		p = f.list(t, "/hsds/services?minimal=true")
		if p.Size != total || p.TotalPages != 1 {
			t.Errorf("minimal: %d of %d in %d pages", p.Size, total, p.TotalPages)
		}
		for _, c := range p.Contents {
			for k := range c {
				if !slices.Contains([]string{"id", "name", "status", "last_modified"}, k) {
					t.Errorf("minimal service has %s", k)
				}
			}
		}
		// No match: zero pages, an empty first page.
		p = f.list(t, "/hsds/services?search=zzzznothing")
		if p.TotalItems != 0 || p.TotalPages != 0 || !p.Empty || !p.FirstPage || !p.LastPage || p.Contents == nil {
			t.Errorf("empty result %+v", p)
		}
	})
}

func itoaInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var p listPage
		// organization_id: exactly that organization's services, each saying so.
		p = f.list(t, "/hsds/services?per_page=200&organization_id="+exampleOrg)
		if want := f.count(t, `SELECT COUNT(*) FROM services WHERE organization_id = $1`, exampleOrg); p.TotalItems != want || want == 0 {
			t.Errorf("organization_id: %d, want %d", p.TotalItems, want)
		}
		for _, c := range p.Contents {
			if org, _ := c["organization"].(map[string]any); org["id"] != exampleOrg || c["organization_id"] != exampleOrg {
				t.Errorf("organization_id: service %v of %v", c["id"], c["organization_id"])
			}
		}
		// taxonomy_term_id and taxonomy_id: the example service carries the example term.
		for _, url := range []string{"/hsds/services?taxonomy_term_id=" + exampleTerm, "/hsds/services?taxonomy_id=" + exampleTaxonomy,
			"/hsds/service_at_locations?taxonomy_term_id=" + exampleTerm} {
			p = f.list(t, url)
			ids := p.ids()
			if p.TotalItems == 0 || (strings.Contains(url, "/services?") && !slices.Contains(ids, exampleService)) {
				t.Errorf("%s: %v", url, ids)
			}
		}
		p = f.list(t, "/hsds/services?taxonomy_term_id=no-such-term")
		if p.TotalItems != 0 {
			t.Errorf("an unknown term matched %d", p.TotalItems)
		}
		// search: names, descriptions and term names, any case.
		p = f.list(t, "/hsds/services?search=COUNSELLING")
		if !slices.Contains(p.ids(), exampleService) {
			t.Errorf("search: %v", p.ids())
		}
		// search on services is the spec's full-text search, the
		// directory's own: stemmed words, every one required, in names,
		// the organization's name, taxonomy terms and descriptions; the
		// same services as the directory's search finds (published only).
		// The directory's search also tries the synonyms a steward keeps,
		// which the specification's search does not: compared without them.
		if _, _, err := f.dir.PutSynonyms(context.Background(), account.SystemActor("test"), nil); err != nil {
			t.Fatal(err)
		}
		for _, words := range []string{"meals", "meal", "FOOD", "health services", "counseling"} {
			p = f.list(t, "/hsds/services?per_page=200&search="+url.QueryEscape(words))
			want := map[string]bool{}
			for off := 0; ; off += 100 {
				q := directory.SearchQuery{Text: words, Limit: 100, Offset: off, Sort: "name"}
				d, err := f.dir.Search(context.Background(), account.SystemActor("test"), q)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range d.Items {
					want[r.ServiceID] = true
				}
				if len(d.Items) < 100 {
					break
				}
			}
			if p.TotalItems != len(want) || len(want) == 0 {
				t.Errorf("search %q: %d services, the directory's search %d", words, p.TotalItems, len(want))
			}
			for _, id := range p.ids() {
				if !want[id] {
					t.Errorf("search %q: %s is not among the directory's results", words, id)
				}
			}
		}
		if a, b := f.list(t, "/hsds/services?search=meals").TotalItems, f.list(t, "/hsds/services?search=meal").TotalItems; a != b {
			t.Errorf("search is not stemmed: meals %d, meal %d", a, b)
		}
		if p = f.list(t, "/hsds/services?search=the+of"); p.TotalItems != 0 {
			t.Errorf("stop words alone matched %d", p.TotalItems)
		}
		p = f.list(t, "/hsds/organizations?search=peninsula")
		if p.TotalItems == 0 {
			t.Error("organization search found nothing")
		}
		// modified_after: everything was changed just now.
		p = f.list(t, "/hsds/services?modified_after=2000-01-01")
		all := p.TotalItems
		p = f.list(t, "/hsds/services?modified_after=2999-01-01T00:00:00Z")
		if all == 0 || p.TotalItems != 0 {
			t.Errorf("modified_after: %d since 2000, %d since 2999", all, p.TotalItems)
		}
		// Taxonomy terms: by taxonomy, by parent, top only.
		p = f.list(t, "/hsds/taxonomy_terms?taxonomy_id="+exampleTaxonomy)
		if !slices.Contains(p.ids(), exampleTerm) {
			t.Errorf("taxonomy_id: %v", p.ids())
		}
		p = f.list(t, "/hsds/taxonomy_terms?parent_id="+exampleTerm)
		if !slices.Equal(p.ids(), []string{childTerm}) {
			t.Errorf("parent_id: %v", p.ids())
		}
		p = f.list(t, "/hsds/taxonomy_terms?top_only=true&per_page=200")
		if slices.Contains(p.ids(), childTerm) || !slices.Contains(p.ids(), exampleTerm) || p.TotalItems != f.count(t, `SELECT COUNT(*) FROM taxonomy_terms WHERE parent_id IS NULL`) {
			t.Errorf("top_only: %v", p.ids())
		}
		// postcode: service at locations whose location has that postal code.
		p = f.list(t, "/hsds/service_at_locations?postcode=ABC%201234")
		if !slices.Contains(p.ids(), exampleSAL) {
			t.Errorf("postcode: %v", p.ids())
		}
		// A ZIP code finds the addresses written with its extension
		// (San Mateo County writes some "94025-9881"), not another code.
		p = f.list(t, "/hsds/service_at_locations?postcode=94025")
		zip4 := f.count(t, `SELECT COUNT(DISTINCT x.id) FROM service_at_locations x JOIN addresses ad ON ad.location_id = x.location_id WHERE ad.postal_code = '94025-9881'`)
		if want := f.count(t, `SELECT COUNT(DISTINCT x.id) FROM service_at_locations x JOIN addresses ad ON ad.location_id = x.location_id
			WHERE ad.postal_code IN ('94025', '94025-9881')`); zip4 == 0 || p.TotalItems != want {
			t.Errorf("postcode=94025: %d, want %d (%d at 94025-9881)", p.TotalItems, want, zip4)
		}
		p = f.list(t, "/hsds/service_at_locations?postcode=00000")
		if p.TotalItems != 0 {
			t.Errorf("an unknown postcode matched %d", p.TotalItems)
		}
		// full nests; the list form does not.
		p = f.list(t, "/hsds/services?full=true&organization_id="+exampleOrg)
		if _, ok := p.Contents[0]["service_at_locations"]; !ok {
			t.Errorf("full=true: %v", p.Contents[0])
		}
		p = f.list(t, "/hsds/services?organization_id="+exampleOrg)
		if _, ok := p.Contents[0]["service_at_locations"]; ok {
			t.Errorf("the list form nests: %v", p.Contents[0])
		}
	})
}

func TestArchivedOrganizationsAreNotPublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, list := range []string{"/hsds/organizations", "/hsds/services", "/hsds/services?minimal=true", "/hsds/service_at_locations"} {
			for _, id := range f.allIDs(t, list) {
				if id == f.archived || slices.Contains(f.hidden, id) {
					t.Errorf("%s lists %s of the archived organization", list, id)
				}
			}
		}
		var p listPage
		p = f.list(t, "/hsds/service_at_locations?per_page=200&full=true")
		// Counted without them too (the unfiltered list has a count of its own).
		sals := `SELECT COUNT(*) FROM service_at_locations x JOIN services s ON s.id = x.service_id JOIN organizations o ON o.id = s.organization_id WHERE `
		if want := f.count(t, sals+`o.archived_at IS NULL`); p.TotalItems != want || f.count(t, sals+`o.archived_at IS NOT NULL`) == 0 {
			t.Errorf("service at locations: total %d, want %d", p.TotalItems, want)
		}
		for _, c := range p.Contents {
			if s, _ := c["service"].(map[string]any); slices.Contains(f.hidden, s["id"].(string)) {
				t.Errorf("service at location %v is of a hidden service", c["id"])
			}
		}
		p = f.list(t, "/hsds/services?organization_id="+f.archived)
		if p.TotalItems != 0 {
			t.Errorf("organization_id of the archived organization: %d", p.TotalItems)
		}
		// The ndjson stream hides them too, and holds every other service.
		rec := f.do("GET", "/hsds/services?format=ndjson")
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("ndjson: %d %v", rec.Code, rec.Header())
		}
		n := 0
		sc := bufio.NewScanner(rec.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var obj map[string]any
			if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
				t.Fatalf("ndjson line %d: %v", n+1, err)
			}
			if slices.Contains(f.hidden, obj["id"].(string)) {
				t.Errorf("ndjson streams hidden service %v", obj["id"])
			}
			n++
		}
		p = f.list(t, "/hsds/services")
		if n != p.TotalItems {
			t.Errorf("ndjson streamed %d, the list counts %d", n, p.TotalItems)
		}
	})
}

// FuzzList: whatever the query of a list or a record, the API answers with
// a problem (4xx) or with JSON (or newline-delimited JSON), never a server
// error.
func FuzzList(f *testing.F) {
	fx := newFixture(f, storetest.SQLite(f))
	paths := []string{"/hsds/services", "/hsds/service_at_locations", "/hsds/organizations", "/hsds/taxonomies", "/hsds/taxonomy_terms",
		"/hsds/services/" + exampleService, "/hsds/organizations/" + exampleOrg, "/hsds/"}
	for _, seed := range []struct {
		path  uint8
		query string
	}{
		{0, "search=food&taxonomy_term_id=" + exampleTerm}, {1, "postcode=94025&search=help&page=2&per_page=3"},
		{0, "modified_after=2020-01-01T00:00:00Z&minimal=true&taxonomy_id=" + exampleTaxonomy}, {2, "search=%25_&full=true&full_service=true"},
		{1, "proximity=37.5,-122.2"}, {0, "format=ndjson&search=the"}, {4, "top_only=true&parent_id=" + exampleTerm},
		{0, "search=%20&organization_id=" + exampleOrg + "&page=999999"}, {5, "full_service=1"}, {0, "per_page=0"}, {1, "search=+"},
	} {
		f.Add(seed.path, seed.query)
	}
	f.Fuzz(func(t *testing.T, which uint8, query string) {
		req, err := http.NewRequest(http.MethodGet, "http://backbone.test"+paths[int(which)%len(paths)]+"?"+query, nil)
		if err != nil {
			return // not a URL a client could send
		}
		rec := httptest.NewRecorder()
		fx.api.ServeHTTP(rec, req)
		body := rec.Body.Bytes()
		if rec.Code >= 500 {
			t.Fatalf("%s: %d %s", req.URL, rec.Code, body)
		}
		if rec.Code == http.StatusOK && rec.Header().Get("Content-Type") == "application/x-ndjson" {
			for _, line := range bytes.Split(bytes.TrimSpace(body), []byte("\n")) {
				if len(line) > 0 && !json.Valid(line) {
					t.Fatalf("%s: a line that is not JSON: %s", req.URL, line)
				}
			}
		} else if !json.Valid(body) {
			t.Fatalf("%s: %d, not JSON: %s", req.URL, rec.Code, body)
		}
	})
}
