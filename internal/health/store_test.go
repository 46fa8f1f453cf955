package health_test

import (
	"context"
	"errors"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/health"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

type cast struct {
	health                 *health.Store
	id                     int64
	staff, pantry, library account.Actor
	pantryID, libraryID    string
}

func newCast(t *testing.T, db *store.DB) cast {
	t.Helper()
	ctx, sys := context.Background(), account.SystemActor("test")
	dir, accounts, ini := directory.NewStore(db), account.NewStore(db), initiative.NewStore(db)
	org := func(name string) string {
		o, err := dir.CreateOrganization(ctx, sys, "", directory.OrganizationInput{Name: name, Description: name + "."})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	backbone := org("Samaritan House")
	c := cast{health: health.NewStore(db), pantryID: org("Food Pantry"), libraryID: org("Public Library")}
	in, err := ini.Create(ctx, sys, initiative.Input{Name: "Aging Well", BackboneOrganizationID: backbone})
	if err != nil {
		t.Fatal(err)
	}
	c.id = in.ID
	for _, o := range []string{c.pantryID, c.libraryID} {
		if err := ini.AddMember(ctx, sys, in.ID, o, "core_partner", "active"); err != nil {
			t.Fatal(err)
		}
	}
	person := func(email, org string) account.Actor {
		u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: email, Name: email,
			Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		if err := accounts.SetMembership(ctx, sys, u.ID, org, account.OrgStaff); err != nil {
			t.Fatal(err)
		}
		return account.UserActor(u, "")
	}
	c.staff = person("staff@example.org", backbone)
	if err := ini.SetUserRole(ctx, sys, in.ID, c.staff.User.ID, account.InitiativeBackboneStaff); err != nil {
		t.Fatal(err)
	}
	c.pantry, c.library = person("pantry@example.org", c.pantryID), person("library@example.org", c.libraryID)
	return c
}

// TestContributions walks a pledge, a delivery, the backbone's
// confirmation and the balance, on both engines, with the callers the
// rules refuse.
func TestContributions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, c := context.Background(), newCast(t, db)
		pledge := health.ContributionInput{OrganizationID: c.libraryID, Entry: "pledge", Kind: "staff",
			Period: "2026-q3", Quantity: 0.5, Unit: "FTE", Description: "A librarian for the help desk"}
		if _, err := c.health.Record(ctx, c.pantry, c.id, pledge); !errors.Is(err, errs.ErrForbidden) {
			t.Fatalf("the pantry records for the library: %v", err)
		}
		p, err := c.health.Record(ctx, c.library, c.id, pledge)
		if err != nil {
			t.Fatal(err)
		}
		if p.Period != "2026-Q3" || p.Unit != "fte" || p.Confirmed() || p.Amount() != "0.5 FTE" {
			t.Errorf("pledge %+v", p)
		}
		bad := pledge
		bad.Quantity, bad.Kind, bad.EvidenceURL = 0, "favours", "javascript:alert(1)"
		var v *errs.ValidationError
		if _, err := c.health.Record(ctx, c.library, c.id, bad); !errors.As(err, &v) || v.Fields["quantity"] == "" ||
			v.Fields["kind"] == "" || v.Fields["evidence_url"] == "" {
			t.Errorf("a bad entry: %v", err)
		}
		d, err := c.health.Record(ctx, c.staff, c.id, health.ContributionInput{OrganizationID: c.libraryID,
			Entry: "delivery", Kind: "staff", Period: "2026-Q3", Quantity: 0.4, Unit: "fte",
			EvidenceNote: "Timesheets", EvidenceURL: "https://example.org/timesheets"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.health.Confirm(ctx, c.library, c.id, d.ID); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("the library confirms its own entry: %v", err)
		}
		if d, err = c.health.Confirm(ctx, c.staff, c.id, d.ID); err != nil || !d.Confirmed() {
			t.Fatalf("confirm: %v %+v", err, d)
		}
		var conflict *errs.ConflictError
		if _, err := c.health.Confirm(ctx, c.staff, c.id, d.ID); !errors.As(err, &conflict) {
			t.Errorf("confirmed twice: %v", err)
		}
		if err := c.health.SetHourRate(ctx, c.library, c.id, 30); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("the library sets the rate: %v", err)
		}
		if err := c.health.SetHourRate(ctx, c.staff, c.id, 30); err != nil {
			t.Fatal(err)
		}
		if _, err := c.health.RecordBenefit(ctx, c.pantry, c.id, health.BenefitInput{OrganizationID: c.pantryID,
			Kind: "referrals", Period: "2026-Q3", Amount: 12}); err != nil {
			t.Fatal(err)
		}
		b, err := c.health.Balance(ctx, c.pantry, c.id)
		if err != nil {
			t.Fatal(err)
		}
		var lib health.MemberBalance
		for _, m := range b.Members {
			if m.OrganizationID == c.libraryID {
				lib = m
			}
		}
		// 0.4 FTE for a quarter: 208 hours at $30.
		if b.HourRate != 30 || lib.Valued != 6240 || lib.Lines[0].PledgedWords() != "0.5 FTE" || b.Voters != 3 {
			t.Errorf("balance %+v, library %+v", b, lib)
		}
		list, err := c.health.Contributions(ctx, c.pantry, c.id)
		if err != nil || len(list) != 2 {
			t.Errorf("contributions %v %+v", err, list)
		}
		outsider := account.UserActor(&account.User{ID: 999, Email: "x@example.org", Role: account.RoleMember}, "")
		if _, err := c.health.Balance(ctx, outsider, c.id); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("an outsider reads the private balance: %v", err)
		}
	})
}

// TestOffersAndNeeds posts an offer and a need, finds the suggested match,
// proposes it for the needing side, has the offering side accept it and
// records how it went.
func TestOffersAndNeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, c := context.Background(), newCast(t, db)
		offer, err := c.health.Post(ctx, c.library, c.id, health.PostInput{OrganizationID: c.libraryID,
			Side: "offer", Category: "space", Title: "Meeting room on Tuesdays"})
		if err != nil {
			t.Fatal(err)
		}
		need, err := c.health.Post(ctx, c.pantry, c.id, health.PostInput{OrganizationID: c.pantryID,
			Side: "need", Category: "space", Title: "A room for our Tuesday cooking class"})
		if err != nil {
			t.Fatal(err)
		}
		board, err := c.health.Board(ctx, c.pantry, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if len(board.Suggestions) != 1 || board.Suggestions[0].Offer.ID != offer.ID {
			t.Fatalf("suggestions %+v", board.Suggestions)
		}
		m, err := c.health.ProposeMatch(ctx, c.pantry, c.id, offer.ID, need.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.ProposedByOrganizationID != c.pantryID || m.Answerer().OrganizationID != c.libraryID ||
			m.Reason == "" {
			t.Errorf("match %+v", m)
		}
		if _, err := c.health.AnswerMatch(ctx, c.pantry, c.id, m.ID, "accept"); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("the proposer accepts its own proposal: %v", err)
		}
		if _, err := c.health.AnswerMatch(ctx, c.staff, c.id, m.ID, "accept"); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("backbone staff accept for the library: %v", err)
		}
		var conflict *errs.ConflictError
		if _, err := c.health.RecordOutcome(ctx, c.pantry, c.id, m.ID, "Went well"); !errors.As(err, &conflict) {
			t.Errorf("an outcome before it is accepted: %v", err)
		}
		if m, err = c.health.AnswerMatch(ctx, c.library, c.id, m.ID, "accept"); err != nil || m.Status != "accepted" {
			t.Fatalf("accept: %v %+v", err, m)
		}
		if m, err = c.health.RecordOutcome(ctx, c.pantry, c.id, m.ID, "Eight classes held"); err != nil ||
			m.Outcome != "Eight classes held" {
			t.Fatalf("outcome: %v %+v", err, m)
		}
		if board, err = c.health.Board(ctx, c.pantry, c.id); err != nil || len(board.Suggestions) != 0 ||
			len(board.Matches) != 1 {
			t.Errorf("board after the match: %v %+v", err, board)
		}
		if _, err := c.health.ClosePost(ctx, c.pantry, c.id, offer.ID); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("the pantry closes the library's offer: %v", err)
		}
		if p, err := c.health.ClosePost(ctx, c.library, c.id, offer.ID); err != nil || p.Status != "closed" {
			t.Errorf("close: %v %+v", err, p)
		}
	})
}
