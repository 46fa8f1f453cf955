package account_test

import (
	"context"
	"testing"

	"backbone/internal/account"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestDescribeAudit: an event names its records by their names, never by
// their ids; a record that no longer exists is named by its kind.
func TestDescribeAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		const pantry, gone = "0b6f9a0e-3c1d-4e55-9a7e-1f2d3c4b5a69", "f02f6c33-28a5-5068-89da-99685ebe0781"
		if _, err := db.ExecContext(ctx, `INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, 'Food Pantry', $2, $2)`,
			pantry, db.Now()); err != nil {
			t.Fatal(err)
		}
		for _, ev := range []account.Event{
			{Action: "milestone_reached", EntityType: "organization", EntityID: pantry,
				Summary: pantry + " passed its own milestone of 4,000 on “Meals”"},
			{Action: "goal_create", EntityType: "organization", EntityID: pantry, Summary: "Set the goal “Feed everyone”"},
			{Action: "update", EntityType: "organization", EntityID: gone, Summary: "edited " + gone},
			{Action: "create", EntityType: "initiative", EntityID: "999", Summary: "started Aging Well"},
			{Action: "login", EntityType: "session", EntityID: "x", Summary: "signed in"},
		} {
			ev.At = db.Now()
			if err := account.Record(ctx, db, sys, ev); err != nil {
				t.Fatal(err)
			}
		}
		events, err := s.ListAudit(ctx, account.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		entries, err := s.DescribeAudit(ctx, events)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			got = append(got, e.Headline())
		}
		want := []string{
			"signed in",
			"started Aging Well (an initiative that no longer exists)",
			"edited an organization that no longer exists",
			"Food Pantry: Set the goal “Feed everyone”",
			"Food Pantry passed its own milestone of 4,000 on “Meals”",
		}
		if len(got) != len(want) {
			t.Fatalf("got %q", got)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("entry %d: %q, want %q", i, got[i], want[i])
			}
		}
		if !entries[2].Gone || entries[4].Gone {
			t.Errorf("gone: %v %v", entries[2].Gone, entries[4].Gone)
		}
	})
}
