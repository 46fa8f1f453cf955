package directory_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

func TestVerifyAndNeedsVerification(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		fresh, err := s.CreateOrganization(ctx, actor, "fresh", input("Fresh Start"))
		if err != nil {
			t.Fatal(err)
		}
		old, err := s.CreateOrganization(ctx, actor, "old", input("Old Oak"))
		if err != nil {
			t.Fatal(err)
		}
		never, err := s.CreateOrganization(ctx, actor, "never", input("Never Checked"))
		if err != nil {
			t.Fatal(err)
		}
		twoYears := db.Now().Add(-2 * 365 * 24 * time.Hour)
		freshExec(t, db, `UPDATE organizations SET last_verified_at = $1 WHERE id = $2`, twoYears, old.ID)
		freshExec(t, db, `UPDATE organizations SET last_verified_at = NULL WHERE id = $1`, never.ID)
		freshExec(t, db, `INSERT INTO services (id, organization_id, name, status, last_verified_at, created_at, updated_at)
			VALUES ('svc', 'fresh', 'Hot Meals', 'active', $1, $2, $2)`, twoYears.Add(time.Hour), db.Now())

		page, err := s.NeedsVerification(ctx, actor, directory.DefaultVerificationAge, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range page.Items {
			got = append(got, r.Kind+":"+r.ID)
		}
		want := []string{"organization:never", "organization:old", "service:svc"}
		if page.Total != 3 || !sameStrings(got, want) {
			t.Fatalf("needs verification = %v (total %d), want %v", got, page.Total, want)
		}
		if page.Items[0].LastVerifiedAt != nil || page.Items[1].LastVerifiedAt == nil || page.Items[2].OrganizationName != "Fresh Start" {
			t.Fatalf("items %+v", page.Items)
		}
		// A shorter age lists the fresh one too; paging follows the same order.
		page, err = s.NeedsVerification(ctx, actor, 0, 2, 2)
		if err != nil || page.Total != 4 || len(page.Items) != 2 || page.Items[0].ID != "svc" || page.Items[1].ID != fresh.ID {
			t.Fatalf("age 0, second page: %v %+v", err, page)
		}
		if _, err := s.NeedsVerification(ctx, actor, -time.Hour, 500, -1); err == nil {
			t.Fatal("bad parameters accepted")
		}

		steward := newPeople(t, db, fresh.ID, old.ID).steward
		v, err := s.Verify(ctx, steward, directory.KindOrganization, old.ID)
		if err != nil || v.Name != "Old Oak" || v.VerifiedBy != "steward@example.org" {
			t.Fatalf("verify: %v %+v", err, v)
		}
		if _, err := s.Verify(ctx, steward, directory.KindService, "svc"); err != nil {
			t.Fatal(err)
		}
		got2, _ := s.Organization(ctx, old.ID)
		if got2.LastVerifiedAt == nil || db.Now().Sub(*got2.LastVerifiedAt) > time.Minute || got2.Version != old.Version {
			t.Fatalf("after verify: %+v", got2)
		}
		page, _ = s.NeedsVerification(ctx, actor, directory.DefaultVerificationAge, 10, 0)
		if page.Total != 1 || page.Items[0].ID != never.ID {
			t.Fatalf("after verify: %+v", page)
		}
		if _, err := s.Verify(ctx, steward, directory.KindOrganization, "missing"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("verify missing: %v", err)
		}
		if _, err := s.Verify(ctx, steward, "planet", old.ID); err == nil {
			t.Fatal("unknown kind accepted")
		}
		events, err := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "service", EntityID: "svc"})
		if err != nil || len(events) != 1 || events[0].Action != "verify" || events[0].Actor != "steward@example.org" {
			t.Fatalf("audit: %v %+v", err, events)
		}
	})
}

func TestProposals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o, other := twoOrganizations(t, s)
		who := newPeople(t, db, o.ID, other.ID)
		staff, steward := who.orgStaff, who.steward

		in := directory.InputOf(o)
		if _, err := s.ProposeOrganizationUpdate(ctx, staff, o.ID, o.Version, in, ""); err == nil {
			t.Fatal("a proposal with no change was accepted")
		}
		in.Mission = "Un techo para cada familia"
		in.Email = "hola@casa.example.org"
		p, err := s.ProposeOrganizationUpdate(ctx, staff, o.ID, o.Version, in, "New mission from the board")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != directory.ProposalPending || p.ProposedBy != "staff@example.org" || p.Stale || len(p.Fields) != 2 || p.EntityName != "Casa de Acogida" {
			t.Fatalf("proposal %+v", p)
		}
		want := []directory.FieldChange{
			{Field: "mission", Label: "Mission", Current: "", Proposed: "Un techo para cada familia", Changed: true},
			{Field: "email", Label: "Email", Current: "", Proposed: "hola@casa.example.org", Changed: true},
		}
		if len(p.Changes) != 2 || p.Changes[0] != want[0] || p.Changes[1] != want[1] {
			t.Fatalf("diff = %+v", p.Changes)
		}
		// The record is not changed until a steward accepts.
		if got, _ := s.Organization(ctx, o.ID); got.Mission != "" {
			t.Fatalf("proposal changed the record: %+v", got)
		}
		page, err := s.ListProposals(ctx, steward, directory.ProposalFilter{})
		if err != nil || page.Total != 1 || page.Items[0].ID != p.ID {
			t.Fatalf("queue: %v %+v", err, page)
		}
		if _, err := s.RejectProposal(ctx, steward, p.ID, " "); err == nil {
			t.Fatal("reject without a note")
		}
		acc, err := s.AcceptProposal(ctx, steward, p.ID, directory.ProposalReview{})
		if err != nil {
			t.Fatal(err)
		}
		if acc.Status != directory.ProposalAccepted || acc.ReviewedBy != "steward@example.org" || acc.ReviewedAt == nil {
			t.Fatalf("accepted %+v", acc)
		}
		got, _ := s.Organization(ctx, o.ID)
		if got.Mission != "Un techo para cada familia" || got.Email != "hola@casa.example.org" || got.Version != o.Version+1 || got.Name != o.Name {
			t.Fatalf("after accept: %+v", got)
		}
		var conflict *errs.ConflictError
		if _, err := s.AcceptProposal(ctx, steward, p.ID, directory.ProposalReview{}); !errors.As(err, &conflict) {
			t.Fatalf("accept twice: %v", err)
		}

		// A proposal overtaken by an edit of one of its fields is stale, and
		// that field is a conflict: accepting it all is refused.
		in = directory.InputOf(got)
		in.Website = "casa.example.org"
		in.Description = "Shelter."
		stale, err := s.ProposeOrganizationUpdate(ctx, staff, o.ID, 0, in, "")
		if err != nil {
			t.Fatal(err)
		}
		edit := directory.InputOf(got)
		edit.Description = "Shelter and meals."
		if _, err := s.UpdateOrganization(ctx, actor, o.ID, got.Version, edit); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.Proposal(ctx, staff, o.ID, stale.ID); !p.Stale || p.CurrentVersion != got.Version+1 || p.Conflicts() != 1 {
			t.Fatalf("not seen as stale: %+v", p)
		}
		_, err = s.AcceptProposal(ctx, steward, stale.ID, directory.ProposalReview{})
		if !errors.As(err, &conflict) || conflict.Field != "description" {
			t.Fatalf("accept stale: %v", err)
		}
		if p, _ := s.Proposal(ctx, staff, o.ID, stale.ID); p.Status != directory.ProposalPending {
			t.Fatalf("refused accept changed the status: %+v", p)
		}
		if after, _ := s.Organization(ctx, o.ID); after.Website != "" {
			t.Fatalf("refused accept wrote %q", after.Website)
		}
		rej, err := s.RejectProposal(ctx, steward, stale.ID, "Please propose it again")
		if err != nil || rej.Status != directory.ProposalRejected || rej.ReviewNote != "Please propose it again" {
			t.Fatalf("reject: %v %+v", err, rej)
		}
		// Proposing from an old version is refused at once.
		if _, err := s.ProposeOrganizationUpdate(ctx, staff, o.ID, 1, in, ""); !errors.As(err, &conflict) {
			t.Fatalf("propose from version 1: %v", err)
		}
		all, _ := s.ListProposals(ctx, actor, directory.ProposalFilter{Status: "all", OrganizationID: o.ID})
		if all.Total != 2 {
			t.Fatalf("all proposals: %+v", all)
		}
		if _, err := s.Proposal(ctx, staff, o.ID, 999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("missing proposal: %v", err)
		}
		events, _ := account.NewStore(db).ListAudit(ctx, account.AuditFilter{EntityType: "organization", EntityID: o.ID})
		actions := map[string]int{}
		for _, e := range events {
			actions[e.Action]++
		}
		if actions["propose"] != 2 || actions["accept"] != 1 || actions["reject"] != 1 || actions["update"] != 2 {
			t.Fatalf("audit actions %v", actions)
		}
	})
}

func TestProposalDiff(t *testing.T) {
	year := 1998
	current := directory.OrganizationInput{Name: "A", Sectors: []string{"food"}, YearIncorporated: &year}
	got := directory.ProposalDiff(map[string]any{"sectors": []any{"food", "housing"}, "year_incorporated": nil, "name": "A"},
		nil, current)
	want := []directory.FieldChange{
		{Field: "name", Label: "Name", Current: "A", Proposed: "A"},
		{Field: "sectors", Label: "Sectors", Current: "food", Proposed: "food, housing", Changed: true},
		{Field: "year_incorporated", Label: "Year incorporated", Current: "1998", Proposed: "", Changed: true},
	}
	if len(got) != len(want) {
		t.Fatalf("diff = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func freshExec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestNeedsVerificationPages: in a synthetic directory where some records
// were never verified, some verified at the same moments (ties) and some
// lately, and an organization is archived, every page of the list, for
// several ages, is the page of the plain reading of the list (every stale
// record sorted whole, as the list was read before it merged indexed
// parts), and the total is its length.
func TestNeedsVerificationPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, b := synthStore(t, db, 300, 11)
		now := db.Now().Truncate(time.Second)
		moments := []any{nil, nil, now.AddDate(-3, 0, 0), now.AddDate(-2, 0, 0), now.AddDate(-2, 0, 0), now.AddDate(0, -1, 0), now.Add(time.Hour)}
		for i, o := range b.Organizations {
			freshExec(t, db, `UPDATE organizations SET last_verified_at = $1 WHERE id = $2`, moments[i%len(moments)], o.ID)
		}
		for i, sv := range b.Services {
			freshExec(t, db, `UPDATE services SET last_verified_at = $1 WHERE id = $2`, moments[(i*3)%len(moments)], sv.ID)
		}
		freshExec(t, db, `UPDATE organizations SET archived_at = $1 WHERE id = $2`, now, b.Organizations[3].ID)
		plain := func(cutoff time.Time) []string {
			rows, err := db.QueryContext(ctx, `SELECT r.kind, r.id FROM (
				SELECT 'organization' AS kind, o.id AS id, o.name AS name, o.name AS organization_name, o.last_verified_at AS last_verified_at
				FROM organizations o WHERE o.archived_at IS NULL AND (o.last_verified_at IS NULL OR o.last_verified_at < $1)
				UNION ALL
				SELECT 'service', sv.id, sv.name, o.name, sv.last_verified_at
				FROM services sv JOIN organizations o ON o.id = sv.organization_id
				WHERE o.archived_at IS NULL AND (sv.last_verified_at IS NULL OR sv.last_verified_at < $1)) r
				ORDER BY CASE WHEN r.last_verified_at IS NULL THEN 0 ELSE 1 END, r.last_verified_at, lower(r.organization_name), r.kind, lower(r.name), r.id`, cutoff)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var kind, id string
				rows.Scan(&kind, &id)
				out = append(out, kind+":"+id)
			}
			return out
		}
		for _, age := range []time.Duration{directory.DefaultVerificationAge, 7 * 24 * time.Hour, 0} {
			want := plain(now.Add(-age))
			var got []string
			for offset := 0; ; offset += 23 {
				page, err := s.NeedsVerification(ctx, actor, age, 23, offset)
				if err != nil {
					t.Fatal(err)
				}
				if page.Total != len(want) {
					t.Fatalf("age %v: total %d, want %d", age, page.Total, len(want))
				}
				for _, r := range page.Items {
					got = append(got, r.Kind+":"+r.ID)
				}
				if len(page.Items) < 23 {
					break
				}
			}
			if len(want) < 100 || !slices.Equal(got, want) {
				t.Fatalf("age %v: %d records, want %d in the plain order\ngot  %v\nwant %v", age, len(got), len(want), got, want)
			}
		}
	})
}
