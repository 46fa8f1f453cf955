package directory_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"backbone/internal/account"
	"backbone/internal/demo"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestDuplicateKeys(t *testing.T) {
	for _, c := range []struct {
		fn       func(string) string
		in, want string
	}{
		{directory.NameKey, "St. Vincent De Paul Society", "st vincent de paul society"},
		{directory.NameKey, "St Vincent de Paul Society, Inc.", "st vincent de paul society"},
		{directory.NameKey, "The Samaritan House LLC", "samaritan house"},
		{directory.NameKey, "Samaritan House Corp.", "samaritan house"},
		{directory.NameKey, "Food & Shelter Co", "food and shelter"},
		{directory.NameKey, "St. Mary's", "st marys"},
		{directory.NameKey, "The Inc", "inc"},
		{directory.PhoneKey, "(650) 555-0100", "6505550100"},
		{directory.PhoneKey, "+1 650.555.0100", "6505550100"},
		{directory.PhoneKey, "911", ""},
		{directory.WebsiteKey, "https://www.SVdP.org/help", "svdp.org"},
		{directory.WebsiteKey, "svdp.org", "svdp.org"},
		{directory.WebsiteKey, "https://facebook.com/svdp/about", "facebook.com/svdp"},
		{directory.WebsiteKey, "https://facebook.com/", ""},
		{directory.WebsiteKey, "n/a", ""},
	} {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("key of %q = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ street, city, postal, want string }{
		{"1 Main Street, Suite 4", "San Mateo", "94401-1234", "1 main st ste 4, 94401"},
		{"1 main st. ste 4", "San Mateo", "94401", "1 main st ste 4, 94401"},
		{"PO Box 9", "Redwood City", "", "po box 9, redwood city"},
		{"", "Redwood City", "94063", ""},
	} {
		if got := directory.AddressKey(c.street, c.city, c.postal); got != c.want {
			t.Errorf("address key of %q = %q, want %q", c.street, got, c.want)
		}
	}
}

// duplicatesBundle is a small directory with the duplicates of a real
// county's file: two names that differ in case and punctuation with one
// phone, two that share an address, and one alone.
func duplicatesBundle() *hsds.Bundle {
	return &hsds.Bundle{
		Organizations: []hsds.OrganizationRecord{
			{ID: "o-depaul-1", Name: "Society of St. Vincent De Paul", Website: "https://www.svdp-sm.org"},
			{ID: "o-depaul-2", Name: "Society of St Vincent de Paul, Inc.", Email: "help@svdp-sm.org"},
			{ID: "o-harbor", Name: "Harbor Aid"},
			{ID: "o-haven", Name: "Haven House"},
			{ID: "o-alone", Name: "Lonely Pantry"},
		},
		Phones: []hsds.PhoneRecord{
			{ID: "p1", OrganizationID: "o-depaul-1", Number: "(650) 555-0100"},
			{ID: "p2", OrganizationID: "o-depaul-2", Number: "+1 650.555.0100"},
			{ID: "p3", OrganizationID: "o-alone", Number: "650-555-0199"},
		},
		Locations: []hsds.LocationRecord{
			{ID: "l1", OrganizationID: "o-harbor", Name: "Harbor Hall"},
			{ID: "l2", OrganizationID: "o-haven", Name: "Haven Hall"},
		},
		Addresses: []hsds.AddressRecord{
			{
				ID:            "a1",
				LocationID:    "l1",
				Type:          "physical",
				Address1:      "12 Oak Street Suite 4",
				City:          "San Mateo",
				StateProvince: "CA",
				PostalCode:    "94401",
				Country:       "US",
			},
			{
				ID:            "a2",
				LocationID:    "l2",
				Type:          "physical",
				Address1:      "12 OAK ST., Suite 4",
				City:          "San Mateo",
				StateProvince: "CA",
				PostalCode:    "94401",
				Country:       "US",
			},
		},
		Services: []hsds.ServiceRecord{
			{ID: "s1", OrganizationID: "o-depaul-1", Name: "Food pantry", Status: "active"},
			{ID: "s2", OrganizationID: "o-depaul-2", Name: "Rent help", Status: "active"},
		},
	}
}

func TestFindDuplicates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		if _, err := s.SaveBundle(ctx, actor, duplicatesBundle()); err != nil {
			t.Fatal(err)
		}
		pairs, total, err := s.FindDuplicates(ctx, actor, 50)
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(pairs) != 2 {
			t.Fatalf("pairs %+v", pairs)
		}
		// Name and phone come before an address alone.
		first := pairs[0]
		if first.A.ID != "o-depaul-1" || first.B.ID != "o-depaul-2" || first.Score != 7 ||
			!slices.Equal(kinds(first), []string{"name", "phone"}) {
			t.Errorf("first %+v", first)
		}
		if pairs[1].A.ID != "o-harbor" || pairs[1].B.ID != "o-haven" ||
			!slices.Equal(kinds(pairs[1]), []string{"address"}) {
			t.Errorf("second %+v", pairs[1])
		}

		// Dismissed for good, and only stewards may.
		if err := s.DismissDuplicate(ctx, actor, "o-haven", "o-harbor"); err != nil {
			t.Fatal(err)
		}
		if err := s.DismissDuplicate(ctx, actor, "o-haven", "o-harbor"); err != nil {
			t.Fatalf("twice: %v", err)
		}
		pairs, _, err = s.FindDuplicates(ctx, actor, 50)
		if err != nil || len(pairs) != 1 || pairs[0].A.ID != "o-depaul-1" {
			t.Fatalf("after dismissing: %+v %v", pairs, err)
		}
		nobody := account.Actor{}
		if _, _, err := s.FindDuplicates(ctx, nobody, 50); !errors.Is(err, errs.ErrUnauthenticated) &&
			!errors.Is(err, errs.ErrForbidden) {
			t.Errorf("anonymous: %v", err)
		}
	})
}

func kinds(p directory.DuplicatePair) []string {
	var out []string
	for _, e := range p.Evidence {
		out = append(out, e.Kind)
	}
	slices.Sort(out)
	return out
}

// TestMergeCoversEveryReference keeps the merge's list of references
// complete: every column of the schema that REFERENCES organizations is
// moved by a merge.
func TestMergeCoversEveryReference(t *testing.T) {
	files, err := filepath.Glob("../store/migrations*.go")
	if err != nil || len(files) == 0 {
		t.Fatal(err, files)
	}
	table := regexp.MustCompile(`CREATE TABLE (\w+) \(`)
	column := regexp.MustCompile(`^\s*(\w+) TEXT[^,]*REFERENCES organizations \(id\)`)
	known := directory.MergeRefColumns()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		current := ""
		for _, line := range regexp.MustCompile("\n").Split(string(src), -1) {
			if m := table.FindStringSubmatch(line); m != nil {
				current = m[1]
			}
			m := column.FindStringSubmatch(line)
			if m == nil || current == "organization_merges" || current == "organization_aliases" ||
				current == "duplicate_dismissals" {
				continue
			}
			if !slices.Contains(known, current+"."+m[1]) {
				t.Errorf(
					"%s: %s.%s names an organization, and a merge does not move it",
					filepath.Base(f),
					current,
					m[1],
				)
			}
		}
	}
}

func TestMergeAndUndo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Fixture(t, db, "demo", func(t testing.TB, db *store.DB) int64 {
			res, err := demo.Load(ctx, db, account.WithPasswordCost(account.TestPasswordCost))
			if err != nil {
				t.Fatal(err)
			}
			return res.InitiativeID
		})
		s := directory.NewStore(db)

		// The two organizations with the most references.
		rows, err := db.QueryContext(ctx, `SELECT id FROM organizations WHERE archived_at IS NULL ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		counts := map[string]map[string]int{}
		for _, id := range ids {
			if counts[id], err = directory.ReferenceCounts(ctx, db, id); err != nil {
				t.Fatal(err)
			}
		}
		total := func(id string) int {
			n := 0
			for _, c := range counts[id] {
				n += c
			}
			return n
		}
		slices.SortStableFunc(ids, func(a, b string) int { return total(b) - total(a) })
		merged, kept := ids[0], ids[1]
		t.Logf("merging %s (%v) into %s (%v)", merged, counts[merged], kept, counts[kept])
		if len(counts[merged]) < 8 {
			t.Fatalf("the demo's busiest organization names few kinds of record: %v", counts[merged])
		}

		before, err := directory.ReferenceSnapshot(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		preview, err := s.PreviewMerge(ctx, actor, kept, merged)
		if err != nil {
			t.Fatal(err)
		}
		if len(preview.Differences) == 0 || preview.Differences[0].Name != "name" {
			t.Fatalf("differences %+v", preview.Differences)
		}
		m, err := s.MergeOrganizations(
			ctx,
			actor,
			directory.MergeInput{KeepID: kept, MergeID: merged, Take: []string{"mission"}},
		)
		if err != nil {
			t.Fatal(err)
		}
		for ref, n := range preview.Moves {
			if m.Moves[ref] != n {
				t.Errorf("%s: previewed %d, moved %d", ref, n, m.Moves[ref])
			}
		}

		// Whatever could move moved; what stays is what the kept record
		// already had (the same membership, a tie between the two).
		after, err := directory.ReferenceCounts(ctx, db, merged)
		if err != nil {
			t.Fatal(err)
		}
		for ref, n := range counts[merged] {
			if after[ref]+m.Moves[ref] != n {
				t.Errorf("%s: %d rows named the merged record, %d moved, %d stay", ref, n, m.Moves[ref], after[ref])
			}
		}
		if len(m.Moves) < 6 {
			t.Errorf("moved only %v", m.Moves)
		}
		o, err := s.Organization(ctx, merged)
		if err != nil || !o.Archived() {
			t.Fatalf("merged record %+v %v", o, err)
		}
		k, _ := s.Organization(ctx, kept)
		if k.Name != preview.Kept.Name {
			t.Errorf("the kept name changed to %q", k.Name)
		}
		// A second merge of the merged record is refused.
		_, err = s.MergeOrganizations(ctx, actor, directory.MergeInput{KeepID: kept, MergeID: merged})
		var conflict *errs.ConflictError
		if !errors.As(err, &conflict) {
			t.Errorf("merging again: %v", err)
		}

		undone, err := s.UndoMerge(ctx, actor, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !undone.Undone() {
			t.Errorf("not marked undone: %+v", undone)
		}
		restored, err := directory.ReferenceSnapshot(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if restored != before {
			t.Errorf("the undo did not restore exactly:\n%s", firstDifference(before, restored))
		}
		if _, err := s.UndoMerge(ctx, actor, m.ID); !errors.As(err, &conflict) {
			t.Errorf("undoing twice: %v", err)
		}
	})
}

func firstDifference(a, b string) string {
	la, lb := regexp.MustCompile("\n").Split(a, -1), regexp.MustCompile("\n").Split(b, -1)
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "before: " + la[i] + "\nafter:  " + lb[i]
		}
	}
	return "lengths differ"
}

func TestReimportAfterMerge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		if _, err := s.SaveBundle(ctx, actor, duplicatesBundle()); err != nil {
			t.Fatal(err)
		}
		m, err := s.MergeOrganizations(ctx, actor, directory.MergeInput{KeepID: "o-depaul-1", MergeID: "o-depaul-2",
			Take: []string{"email"}})
		if err != nil {
			t.Fatal(err)
		}
		if m.Moves["services.organization_id"] != 1 || m.Moves["phones.organization_id"] != 1 {
			t.Fatalf("moved %v", m.Moves)
		}
		kept, _ := s.Organization(ctx, "o-depaul-1")
		if kept.Email != "help@svdp-sm.org" || kept.Name != "Society of St. Vincent De Paul" {
			t.Errorf("kept %+v", kept)
		}

		// The same file again: the merged record is not brought back, and
		// its services stay with the kept one.
		if _, err := s.SaveBundle(ctx, actor, duplicatesBundle()); err != nil {
			t.Fatal(err)
		}
		merged, _ := s.Organization(ctx, "o-depaul-2")
		if !merged.Archived() {
			t.Errorf("the re-import brought back the merged record")
		}
		svcs, err := s.ServicesOf(ctx, actor, "o-depaul-1")
		if err != nil || len(svcs) != 2 {
			t.Fatalf("kept record's services %d %v", len(svcs), err)
		}
		// Search finds the moved service under the kept record.
		found, err := s.Search(ctx, actor, directory.SearchQuery{Text: "rent help"})
		if err != nil || len(found.Items) != 1 || found.Items[0].OrganizationID != "o-depaul-1" {
			t.Errorf("search after the merge: %+v %v", found, err)
		}
		page, err := s.ListOrganizations(ctx, directory.OrganizationFilter{})
		if err != nil || page.Total != 4 {
			t.Errorf("active organizations %d %v", page.Total, err)
		}

		// Undone, the merged record and its service come back.
		if _, err := s.UndoMerge(ctx, actor, m.ID); err != nil {
			t.Fatal(err)
		}
		if svcs, _ := s.ServicesOf(ctx, actor, "o-depaul-2"); len(svcs) != 1 || svcs[0].ID != "s2" {
			t.Errorf("merged record's services after undo %+v", svcs)
		}
		kept, _ = s.Organization(ctx, "o-depaul-1")
		if kept.Email != "" {
			t.Errorf("the undo kept the email taken: %q", kept.Email)
		}
	})
}
