package directory_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"backbone/internal/directory"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestHSDSObjectIsTheExportedObject checks that the API's objects, read a
// few rows at a time, are the export's objects, read whole.
func TestHSDSObjectIsTheExportedObject(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importAll(t, db, hsdsCSV, filepath.Join(hsdsExamples, "service_full.json"), filepath.Join(hsdsExamples, "organization_full.json"),
			filepath.Join(hsdsExamples, "service_at_location_full.json"), sample)
		dir, _ := export(t, db)
		s := directory.NewStore(db)
		for _, f := range []struct{ file, resource string }{{"services.json", "service"}, {"organizations.json", "organization"}} {
			data, err := os.ReadFile(filepath.Join(dir, f.file))
			if err != nil {
				t.Fatal(err)
			}
			var exported []map[string]any
			if err := json.Unmarshal(data, &exported); err != nil {
				t.Fatal(err)
			}
			for _, want := range exported {
				obj, err := s.HSDSObject(context.Background(), f.resource, want["id"].(string), true)
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := json.Marshal(obj)
				var got map[string]any
				_ = json.Unmarshal(raw, &got)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %v differs from the export:\n%s", f.resource, want["id"], clip(raw))
				}
			}
			page, err := s.HSDSList(context.Background(), f.resource, directory.HSDSQuery{Limit: 1000}, directory.HSDSFull, true)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != len(exported) || len(page.Objects) != len(exported) {
				t.Fatalf("list %s: %d of %d", f.resource, len(page.Objects), len(exported))
			}
		}
	})
}
