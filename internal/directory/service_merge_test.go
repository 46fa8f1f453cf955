package directory_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestServiceDuplicateKeys(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Food Pantry", "food pantry"},
		{"The Food-Pantry Program", "food pantry"},
		{"FOOD PANTRY SERVICES", "food pantry"},
		{"Meals & Shelter", "meals shelter"},
		{"Services", "services"}, // nothing but common words: kept
	} {
		if got := directory.ServiceNameKey(c.in); got != c.want {
			t.Errorf("ServiceNameKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{" Help@Pantry.org ", "help@pantry.org"}, {"n/a", ""}, {"help@localhost", ""},
	} {
		if got := directory.EmailKey(c.in); got != c.want {
			t.Errorf("EmailKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestServiceMergeCoversEveryReference(t *testing.T) {
	files, err := filepath.Glob("../store/migrations*.go")
	if err != nil || len(files) == 0 {
		t.Fatal(err, files)
	}
	table := regexp.MustCompile(`CREATE TABLE (\w+) \(`)
	column := regexp.MustCompile(`^\s*(?:ALTER TABLE (\w+) ADD COLUMN )?(\w+) TEXT[^,]*REFERENCES services \(id\)`)
	known := directory.ServiceMergeRefColumns()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		current := ""
		for _, line := range strings.Split(string(src), "\n") {
			if m := table.FindStringSubmatch(line); m != nil {
				current = m[1]
			}
			m := column.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			tbl := current
			if m[1] != "" {
				tbl = m[1]
			}
			if strings.HasPrefix(tbl, "service_merges") || tbl == "service_aliases" ||
				tbl == "service_duplicate_dismissals" {
				continue
			}
			if !slices.Contains(known, tbl+"."+m[2]) {
				t.Errorf("%s: %s.%s names a service, and a merge does not move it", filepath.Base(f), tbl, m[2])
			}
		}
	}
}

// serviceDuplicatesBundle holds the service duplicates of a real county's
// file: one organization's pantry written twice (names equal but for case,
// punctuation and "Program", one phone), the same pantry under another
// organization with the same e-mail, a third "Food Pantry" that shares
// only its name (no evidence across organizations), and two services of
// one organization that share only a building.
func serviceDuplicatesBundle() *hsds.Bundle {
	str := func(table, id string, v map[string]string) hsds.Record {
		return hsds.Record{Source: table + " " + id, Table: table, ID: id, Values: v}
	}
	return &hsds.Bundle{
		Organizations: []hsds.OrganizationRecord{
			{ID: "o-svdp", Name: "St. Vincent de Paul"}, {ID: "o-church", Name: "Grace Church"},
			{ID: "o-other", Name: "Harbor Aid"},
		},
		Locations: []hsds.LocationRecord{
			{ID: "l-hall", OrganizationID: "o-svdp", Name: "Parish hall"},
			{ID: "l-annex", OrganizationID: "o-svdp", Name: "Annex"},
		},
		Addresses: []hsds.AddressRecord{{ID: "a-hall", LocationID: "l-hall", Type: "physical", Address1: "1 Oak St",
			City: "San Mateo", StateProvince: "CA", PostalCode: "94401", Country: "US"}},
		Services: []hsds.ServiceRecord{
			{ID: "s-pantry", OrganizationID: "o-svdp", Name: "Food Pantry", Status: "active",
				Description: "Groceries weekly.", Email: "pantry@svdp.org"},
			{ID: "s-pantry-2", OrganizationID: "o-svdp", Name: "FOOD-PANTRY Program", Status: "inactive",
				Description: "Bags of groceries every Tuesday."},
			{ID: "s-church", OrganizationID: "o-church", Name: "Food pantry", Status: "active",
				Email: "Pantry@SVDP.org"},
			{ID: "s-harbor", OrganizationID: "o-other", Name: "Food Pantry", Status: "active"},
			{ID: "s-rent", OrganizationID: "o-svdp", Name: "Rent help", Status: "active"},
		},
		ServiceAtLocations: []hsds.ServiceAtLocationRecord{
			{ID: "sal-1", ServiceID: "s-pantry", LocationID: "l-hall"},
			{ID: "sal-2", ServiceID: "s-pantry-2", LocationID: "l-hall"},
			{ID: "sal-3", ServiceID: "s-pantry-2", LocationID: "l-annex"},
			{ID: "sal-4", ServiceID: "s-rent", LocationID: "l-hall"},
		},
		Phones: []hsds.PhoneRecord{
			{ID: "p1", ServiceID: "s-pantry", Number: "(650) 555-0100"},
			{ID: "p2", ServiceID: "s-pantry-2", Number: "650.555.0100"},
			{ID: "p3", ServiceID: "s-pantry-2", Number: "650 555 0111", Type: "fax"},
		},
		Records: []hsds.Record{
			str("taxonomy", "tx", map[string]string{"name": "Keywords", "description": "Keywords"}),
			str("taxonomy_term", "t-food", map[string]string{"name": "Food", "taxonomy_id": "tx",
				"description": "Food", "taxonomy": "Keywords"}),
			str("taxonomy_term", "t-groc", map[string]string{"name": "Groceries", "taxonomy_id": "tx",
				"description": "Groceries", "taxonomy": "Keywords"}),
			str("attribute", "at1", map[string]string{"link_id": "s-pantry", "taxonomy_term_id": "t-food",
				"link_type": "service", "link_entity": "service"}),
			str("attribute", "at2", map[string]string{"link_id": "s-pantry-2", "taxonomy_term_id": "t-food",
				"link_type": "service", "link_entity": "service"}),
			str("attribute", "at3", map[string]string{"link_id": "s-pantry-2", "taxonomy_term_id": "t-groc",
				"link_type": "service", "link_entity": "service"}),
			str("language", "lg1", map[string]string{"service_id": "s-pantry", "code": "en", "name": "English"}),
			str("language", "lg2", map[string]string{"service_id": "s-pantry-2", "code": "en", "name": "English"}),
			str("language", "lg3", map[string]string{"service_id": "s-pantry-2", "code": "es", "name": "Spanish"}),
			str("schedule", "sc1", map[string]string{"service_id": "s-pantry-2", "byday": "TU", "freq": "WEEKLY",
				"opens_at": "09:00", "closes_at": "12:00"}),
		},
	}
}

func serviceEvidence(p directory.ServiceDuplicatePair) []string {
	var out []string
	for _, e := range p.Evidence {
		out = append(out, e.Kind)
	}
	return out
}

func TestFindServiceDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		if _, err := s.SaveBundle(ctx, actor, serviceDuplicatesBundle()); err != nil {
			t.Fatal(err)
		}
		pairs, total, err := s.FindServiceDuplicates(ctx, actor, 50)
		if err != nil {
			t.Fatal(err)
		}
		// Within one organization first; across two, the name and the
		// e-mail shared. Harbor Aid's pantry shares only its name, the
		// pantry written twice has no e-mail, Rent help shares only a
		// building: no evidence.
		if total != 2 || len(pairs) != 2 {
			t.Fatalf("%d pairs: %+v", total, pairs)
		}
		if p := pairs[0]; p.A.ID != "s-pantry" || p.B.ID != "s-pantry-2" || !p.SameOrganization ||
			!slices.Equal(serviceEvidence(p), []string{"name", "phone", "address"}) || p.Score != 8 {
			t.Errorf("first %+v", p)
		}
		if p := pairs[1]; p.A.ID != "s-church" || p.B.ID != "s-pantry" || p.SameOrganization ||
			!slices.Equal(serviceEvidence(p), []string{"name", "email"}) || p.Score != 7 {
			t.Errorf("second %+v", p)
		}

		if err := s.DismissServiceDuplicate(ctx, actor, "s-pantry", "s-church"); err != nil {
			t.Fatal(err)
		}
		if err := s.DismissServiceDuplicate(ctx, actor, "s-church", "s-pantry"); err != nil {
			t.Fatalf("twice: %v", err)
		}
		if pairs, total, _ := s.FindServiceDuplicates(ctx, actor, 50); total != 1 || pairs[0].B.ID != "s-pantry-2" {
			t.Errorf("after dismissing: %d %+v", total, pairs)
		}
		if err := s.DismissServiceDuplicate(ctx, actor, "s-church", "s-church"); !isValidation(err) {
			t.Errorf("one service: %v", err)
		}
		nobody := account.Actor{}
		if _, _, err := s.FindServiceDuplicates(ctx, nobody, 50); !errors.Is(err, errs.ErrUnauthenticated) &&
			!errors.Is(err, errs.ErrForbidden) {
			t.Errorf("anonymous: %v", err)
		}
	})
}

func TestServiceMergeAndUndo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		bundle := serviceDuplicatesBundle()
		if _, err := s.SaveBundle(ctx, actor, bundle); err != nil {
			t.Fatal(err)
		}
		before, err := directory.ServiceReferenceSnapshot(ctx, db)
		if err != nil {
			t.Fatal(err)
		}

		p, err := s.PreviewServiceMerge(ctx, actor, "s-pantry", "s-pantry-2")
		if err != nil {
			t.Fatal(err)
		}
		// The annex, both phones (one written otherwise), the schedule,
		// Spanish and Groceries move; the hall, English and Food the kept
		// pantry has already.
		want := map[string]int{"service_at_locations.service_id": 1, "phones.service_id": 2,
			"schedules.service_id": 1, "languages.service_id": 1, "attributes.link_id": 1}
		if !mapsEqual(p.Moves, want) {
			t.Errorf("moves %v, want %v", p.Moves, want)
		}
		var diff []string
		for _, d := range p.Differences {
			diff = append(diff, d.Name)
		}
		if !slices.Equal(diff, []string{"name", "description"}) {
			t.Errorf("differences %v", diff)
		}
		if _, err := s.MergeServices(ctx, actor, directory.MergeInput{KeepID: "s-pantry", MergeID: "s-pantry-2",
			Take: []string{"year_incorporated"}}); !isValidation(err) {
			t.Errorf("an organization's field: %v", err)
		}
		if _, err := s.MergeServices(ctx, account.Actor{}, directory.MergeInput{KeepID: "s-pantry",
			MergeID: "s-pantry-2"}); err == nil {
			t.Error("anonymous merged")
		}

		m, err := s.MergeServices(ctx, actor, directory.MergeInput{KeepID: "s-pantry", MergeID: "s-pantry-2",
			Take: []string{"description"}})
		if err != nil {
			t.Fatal(err)
		}
		if m.Merged.Status != "defunct" || m.MergedStatus != "inactive" || !mapsEqual(m.Moves, want) {
			t.Errorf("merge %+v", m)
		}
		kept, err := s.Service(ctx, actor, "s-pantry")
		if err != nil {
			t.Fatal(err)
		}
		if kept.Description != "Bags of groceries every Tuesday." || len(kept.Languages) != 2 {
			t.Errorf("kept %+v", kept.ServiceInput)
		}
		// A search sends nobody to the merged service, found by its words
		// or listed; the undo brings it back.
		found := func(q directory.SearchQuery) bool {
			q.Limit = 100
			page, err := s.Search(ctx, actor, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Items {
				if r.ServiceID == "s-pantry-2" {
					return true
				}
			}
			return false
		}
		byWords := directory.SearchQuery{Text: m.Merged.Name}
		if found(byWords) || found(directory.SearchQuery{}) {
			t.Error("the merged service is found by a search")
		}
		if _, total, _ := s.FindServiceDuplicates(ctx, actor, 50); total != 1 { // the church's
			t.Errorf("after the merge: %d pairs", total)
		}
		if _, err := s.MergeServices(ctx, actor, directory.MergeInput{KeepID: "s-church",
			MergeID: "s-pantry-2"}); !isConflict(err) {
			t.Errorf("merged twice: %v", err)
		}

		// Undone, exactly.
		if _, err := s.UndoServiceMerge(ctx, actor, m.ID); err != nil {
			t.Fatal(err)
		}
		after, err := directory.ServiceReferenceSnapshot(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if after != before {
			t.Errorf("undo did not restore:\n%s\nwant\n%s", after, before)
		}
		if !found(byWords) {
			t.Error("the merge undone, the service is not found again")
		}
		if _, err := s.UndoServiceMerge(ctx, actor, m.ID); !isConflict(err) {
			t.Errorf("undone twice: %v", err)
		}
		events, err := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "organization",
			EntityID: "o-svdp"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action)
		}
		if !slices.Contains(actions, "merge_service") || !slices.Contains(actions, "unmerge_service") {
			t.Errorf("history %v", actions)
		}

		// Merged again across organizations, then the same file imported
		// again: the merged id matches the kept service.
		m, err = s.MergeServices(ctx, actor, directory.MergeInput{KeepID: "s-pantry", MergeID: "s-church"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveBundle(ctx, actor, serviceDuplicatesBundle()); err != nil {
			t.Fatal(err)
		}
		var status string
		err = db.QueryRowContext(ctx, `SELECT status FROM services WHERE id = 's-church'`).Scan(&status)
		if err != nil || status != "defunct" {
			t.Errorf("re-import revived the merged service: %q %v", status, err)
		}
		if _, err := s.UndoServiceMerge(ctx, actor, m.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func isValidation(err error) bool {
	var v *errs.ValidationError
	return errors.As(err, &v)
}

func isConflict(err error) bool {
	var c *errs.ConflictError
	return errors.As(err, &c)
}
