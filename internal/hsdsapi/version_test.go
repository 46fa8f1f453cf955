package hsdsapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"backbone/internal/account"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestVersion31: version=3.1 on a detail and a list answers 3.1's objects,
// valid against the 3.1 schemas; without it the API stays 3.0; an unknown
// version is refused, on both engines.
func TestVersion31(t *testing.T) {
	const shelter = "f75b808e-7bdb-11ef-afaa-ab00a77dc5c4"
	schemas, err := filepath.Abs("../hsds/testdata/hsds-3.1/schema")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	service, err := c.Compile(filepath.Join(schemas, "service.json"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, url string, obj any) {
		t.Helper()
		raw, _ := json.Marshal(obj)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if err := service.Validate(inst); err != nil {
			t.Errorf("%s does not fit the 3.1 service schema: %v", url, err)
		}
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b, err := hsds.ReadPath("../hsds/testdata/hsds-3.1/services.json")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.dir.SaveBundle(context.Background(), account.SystemActor("test"), b); err != nil {
			t.Fatal(err)
		}
		url := "/hsds/services/" + shelter + "?version=3.1"
		var obj map[string]any
		body := f.get(t, url, &obj)
		check(t, url, obj)
		for _, want := range []string{`"capacities"`, `"additional_urls"`, `"additional_websites"`,
			`"label":"Night shelter"`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("%s lacks %s", url, want)
			}
		}
		if body := f.get(t, "/hsds/services/"+shelter, nil); strings.Contains(string(body), "capacities") {
			t.Error("the 3.0 object carries capacities")
		}
		var page listPage
		f.get(t, "/hsds/services?full=true&per_page=100&version=3.1", &page)
		if page.TotalItems == 0 {
			t.Fatal("no services")
		}
		for _, s := range page.Contents {
			check(t, "/hsds/services?full=true&version=3.1", s)
		}
		if rec := f.do("GET", "/hsds/services?version=2.9"); rec.Code != 400 ||
			!strings.Contains(rec.Body.String(), "version must be one of 3.0, 3.1") {
			t.Errorf("version=2.9: %d %s", rec.Code, rec.Body)
		}
	})
}
