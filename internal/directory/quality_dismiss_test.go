package directory_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestQualityRightAsItIs: a steward finds the phone that is words right as
// it is (a vanity number); the finding leaves the list and the counts, is
// kept with who, when and the note, shows in the dismissed view, comes back
// on its own once the phone's record changes, and is restored on demand.
func TestQualityRightAsItIs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		clock := storetest.Clock(t, db)
		if _, err := s.SaveBundle(ctx, actor, readPath(t, qualityFixture)); err != nil {
			t.Fatal(err)
		}
		report := func(dismissed bool) *directory.QualityReport {
			t.Helper()
			r, err := s.QualityReport(ctx, actor, directory.QualityFilter{Dismissed: dismissed})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		count := func(r *directory.QualityReport, kind string) int {
			for _, c := range r.Counts {
				if c.Kind == kind {
					return c.Count
				}
			}
			return -1
		}
		before := report(false)
		var phone directory.QualityProblem
		for _, p := range before.Problems {
			if p.Kind == directory.QualityPhoneNotNumber && p.RecordID == qWordPhone {
				phone = p
			}
		}
		if phone.Kind == "" || before.Dismissed != 0 {
			t.Fatalf("no word phone in %+v", before.Problems)
		}
		key := directory.QualityKey{Kind: phone.Kind, Record: phone.Record, RecordID: phone.RecordID,
			Field: phone.Field, Value: phone.Value}

		for _, who := range []account.Actor{{}, memberActor(t, db)} {
			if err := s.DismissQualityProblem(ctx, who, key, ""); !errors.Is(err, errs.ErrForbidden) &&
				!errors.Is(err, errs.ErrUnauthenticated) {
				t.Errorf("%q dismissed: %v", who.Label, err)
			}
		}
		if err := s.DismissQualityProblem(ctx, actor, directory.QualityKey{Kind: "bad", Record: "phone"},
			""); !isValidation(err) {
			t.Errorf("a bad key: %v", err)
		}
		if err := s.DismissQualityProblem(ctx, actor, directory.QualityKey{Kind: phone.Kind, Record: "phone",
			RecordID: "nope", Field: "number"}, ""); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("no such record: %v", err)
		}

		err := s.DismissQualityProblem(ctx, actor, key, "  A vanity number: callers dial the letters. ")
		if err != nil {
			t.Fatal(err)
		}
		after := report(false)
		if after.Total != before.Total-1 || after.Dismissed != 1 ||
			count(after, directory.QualityPhoneNotNumber) != count(before, directory.QualityPhoneNotNumber)-1 {
			t.Errorf("after dismissing: total %d (was %d), dismissed %d", after.Total, before.Total, after.Dismissed)
		}
		for _, p := range after.Problems {
			if p.RecordID == qWordPhone && p.Kind == directory.QualityPhoneNotNumber {
				t.Error("the dismissed finding is still listed")
			}
		}
		view := report(true)
		if view.Total != 1 || len(view.Problems) != 1 || view.Problems[0].Dismissal == nil {
			t.Fatalf("dismissed view %+v", view)
		}
		if d := view.Problems[0].Dismissal; d.Note != "A vanity number: callers dial the letters." ||
			d.DismissedBy != actor.Label || d.DismissedAt.Sub(clock.Now()).Abs() > time.Minute {
			t.Errorf("dismissal %+v", d)
		}

		// Restored on demand.
		if err := s.RestoreQualityProblem(ctx, actor, key); err != nil {
			t.Fatal(err)
		}
		if r := report(false); r.Total != before.Total || r.Dismissed != 0 {
			t.Errorf("after restoring: %d, %d dismissed", r.Total, r.Dismissed)
		}
		if err := s.RestoreQualityProblem(ctx, actor, key); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("restored twice: %v", err)
		}

		// Dismissed again, then the phone's record changes (its
		// description, not the number): the finding comes back by itself.
		if err := s.DismissQualityProblem(ctx, actor, key, ""); err != nil {
			t.Fatal(err)
		}
		if r := report(false); r.Dismissed != 1 {
			t.Fatalf("dismissed again: %d", r.Dismissed)
		}
		if _, err := db.ExecContext(ctx, `UPDATE phones SET description = 'Main line' WHERE id = $1`,
			qWordPhone); err != nil {
			t.Fatal(err)
		}
		if r := report(false); r.Total != before.Total || r.Dismissed != 0 || len(report(true).Problems) != 0 {
			t.Errorf("after the record changed: %d (want %d), %d dismissed", r.Total, before.Total, r.Dismissed)
		}
	})
}

// memberActor is a signed-in person who is not a steward.
func memberActor(t *testing.T, db *store.DB) account.Actor {
	t.Helper()
	accounts := account.NewStore(db)
	u, err := accounts.CreateUser(context.Background(), actor, account.NewUser{Email: "m@example.org",
		Name: "Member", Password: "a long enough password", Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	return account.UserActor(u, "")
}
