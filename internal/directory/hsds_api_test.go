package directory_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

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

// TestHSDSOrganizationSearch: the HSDS API's organizations search finds
// organizations by the words of their name, alternate name and
// description, stemmed as services' are, every word required, archived
// ones left out; the index follows an organization's edits, on both
// engines.
func TestHSDSOrganizationSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		ids := map[string]string{}
		for _, in := range []directory.OrganizationInput{
			{Name: "Eastside Shelters", Description: "Beds for families."},
			{Name: "Harbor Food Bank", AlternateName: "HFB", Description: "A pantry and hot meals for seniors."},
			{Name: "Peninsula Legal Aid", Description: "Free counsel for tenants."},
			{Name: "Old Shelter", Description: "Closed."},
		} {
			o, err := s.CreateOrganization(ctx, actor, "", in)
			if err != nil {
				t.Fatal(err)
			}
			ids[in.Name] = o.ID
		}
		if _, err := s.SetArchived(ctx, actor, ids["Old Shelter"], true); err != nil {
			t.Fatal(err)
		}
		found := func(search string, want ...string) {
			t.Helper()
			p, err := s.HSDSList(ctx, "organization", directory.HSDSQuery{Search: search, Limit: 10}, directory.HSDSMinimal, false)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range p.Objects {
				got = append(got, o["name"].(string))
			}
			if p.Total != len(want) || !slices.Equal(got, want) {
				t.Errorf("search %q: %d %v, want %v", search, p.Total, got, want)
			}
		}
		found("shelter", "Eastside Shelters") // stemmed; the archived one left out
		found("SENIORS meals", "Harbor Food Bank")
		found("pantries", "Harbor Food Bank")
		found("hfb", "Harbor Food Bank")
		found("meals tenants") // every word
		found("the of")        // stop words alone
		found("penin")         // words, not parts of them
		found("  ", "Eastside Shelters", "Harbor Food Bank", "Peninsula Legal Aid")
		found(`"legal" OR aid*`, "Peninsula Legal Aid") // the engine's query syntax is only text

		o, err := s.Organization(ctx, ids["Eastside Shelters"])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateOrganization(ctx, actor, o.ID, o.Version, directory.OrganizationInput{Name: "Eastside Housing", Description: "Rooms for families."}); err != nil {
			t.Fatal(err)
		}
		found("shelter")
		found("rooms housing", "Eastside Housing")

		// A word in many organizations, page by page, in either form of
		// page (gathering the matches, or walking the organizations by
		// name), with one of them archived and some changed later.
		var want, changed []string
		for i := 1; i <= 30; i++ {
			o, err := s.CreateOrganization(ctx, actor, "", directory.OrganizationInput{Name: fmt.Sprintf("Family Place %02d", i), Description: "Support for families."})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case i == 5:
				if _, err := s.SetArchived(ctx, actor, o.ID, true); err != nil {
					t.Fatal(err)
				}
			case i%3 == 0:
				if _, err := db.ExecContext(ctx, `UPDATE organizations SET updated_at = $1 WHERE id = $2`, time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), o.ID); err != nil {
					t.Fatal(err)
				}
				changed = append(changed, o.Name)
				want = append(want, o.Name)
			default:
				want = append(want, o.Name)
			}
		}
		want = append([]string{"Eastside Housing"}, want...)
		for _, form := range []string{"", "gather", "walk"} {
			restore := directory.SetServicePageForm(form)
			for _, c := range []struct {
				after time.Time
				want  []string
			}{{time.Time{}, want}, {time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), changed}} {
				var got []string
				for offset := 0; ; offset += 7 {
					p, err := s.HSDSList(ctx, "organization", directory.HSDSQuery{Search: "family", ModifiedAfter: c.after, Limit: 7, Offset: offset}, directory.HSDSMinimal, false)
					if err != nil {
						t.Fatal(err)
					}
					if p.Total != len(c.want) {
						t.Errorf("form %q, changed after %v: total %d, want %d", form, c.after, p.Total, len(c.want))
					}
					if len(p.Objects) == 0 {
						break
					}
					for _, o := range p.Objects {
						got = append(got, o["name"].(string))
					}
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("form %q, changed after %v: pages %v, want %v", form, c.after, got, c.want)
				}
			}
			restore()
		}
	})
}

// TestOrganizationWordsMigration: organizations written before migration
// 27 are found by their words after it, on both engines.
func TestOrganizationWordsMigration(t *testing.T) {
	for engine, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "old.db") },
		"postgres": func(t *testing.T) string { return storetest.SchemaURL(t, storetest.PostgresURL(t)) },
	} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.MigrateTo(ctx, 26); err != nil {
				t.Fatal(err)
			}
			now := db.Now()
			for _, o := range [][3]string{{"o1", "Harbor Aid", "Meals for seniors."}, {"o2", "Eastside Shelters", "Beds."}} {
				if _, err := db.ExecContext(ctx, `INSERT INTO organizations (id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
					o[0], o[1], o[2], now); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			p, err := directory.NewStore(db).HSDSList(ctx, "organization", directory.HSDSQuery{Search: "meal senior", Limit: 10}, directory.HSDSMinimal, false)
			if err != nil || p.Total != 1 || p.Objects[0]["id"] != "o1" {
				t.Fatalf("after the migration: %v %+v", err, p)
			}
		})
	}
}
