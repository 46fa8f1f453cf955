package initiative_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// workFixture is an initiative with a backbone (health), two active members
// (pantry, library) and three organizations that are not yet members.
type workFixture struct {
	ctx                                           context.Context
	db                                            *store.DB
	s                                             *initiative.Store
	accounts                                      *account.Store
	ini                                           *initiative.Initiative
	health, pantry, library, fund, clinic, school string
}

func newWorkFixture(t *testing.T, db *store.DB) *workFixture {
	t.Helper()
	ctx := context.Background()
	f := &workFixture{ctx: ctx, db: db, s: initiative.NewStore(db), accounts: account.NewStore(db, account.WithPasswordCost(account.TestPasswordCost))}
	org := func(id, name string) string {
		if _, err := db.ExecContext(ctx, `INSERT INTO organizations (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`,
			id, name, db.Now()); err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.health, f.pantry, f.library = org("org-health", "County Health"), org("org-pantry", "Food Pantry"), org("org-library", "Public Library")
	f.fund, f.clinic, f.school = org("org-fund", "Community Fund"), org("org-clinic", "Free Clinic"), org("org-school", "Adult School")
	var err error
	f.ini, err = f.s.Create(ctx, actor, initiative.Input{Name: "Aging Well", BackboneOrganizationID: f.health})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ id, role string }{{f.pantry, "core_partner"}, {f.library, "supporting_partner"}} {
		if err := f.s.AddMember(ctx, actor, f.ini.ID, m.id, m.role, "active"); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// user adds a user and returns its id.
func (f *workFixture) user(t *testing.T, name string) int64 {
	t.Helper()
	u, err := f.accounts.CreateUser(f.ctx, actor, account.NewUser{Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org",
		Name: name, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// audit returns the summaries of the initiative's audit events, newest first.
func (f *workFixture) audit(t *testing.T) []string {
	t.Helper()
	events, err := f.accounts.ListAudit(f.ctx, account.AuditFilter{EntityType: "initiative", EntityID: fmt.Sprint(f.ini.ID), Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.Summary
	}
	return out
}

// checkField fails unless err is a validation error with a message for field.
func checkField(t *testing.T, err error, field string) {
	t.Helper()
	var v *errs.ValidationError
	if !errors.As(err, &v) || v.Fields[field] == "" {
		t.Fatalf("want a message for %s, got %v", field, err)
	}
}

// checkConflict fails unless err is a conflict whose message mentions text.
func checkConflict(t *testing.T, err error, text string) {
	t.Helper()
	var c *errs.ConflictError
	if !errors.As(err, &c) || !strings.Contains(c.Message, text) {
		t.Fatalf("want a conflict mentioning %q, got %v", text, err)
	}
}

func TestVoting(t *testing.T) {
	for role, want := range map[string]bool{"backbone": true, "core_partner": true, "supporting_partner": true, "funder": false, "community": false, "": false} {
		if got := initiative.Voting(role); got != want {
			t.Errorf("Voting(%q) = %v, want %v", role, got, want)
		}
	}
}

func TestMemberLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		ctx, s, id := f.ctx, f.s, f.ini.ID
		person := func(name, org, orgRole, initiativeRole string) account.Actor {
			t.Helper()
			u, err := f.accounts.UserByID(ctx, f.user(t, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.accounts.SetMembership(ctx, actor, u.ID, org, orgRole); err != nil {
				t.Fatal(err)
			}
			if initiativeRole != "" {
				if err := s.SetUserRole(ctx, actor, id, u.ID, initiativeRole); err != nil {
					t.Fatal(err)
				}
			}
			return account.UserActor(u, "")
		}
		staff := person("Backbone Staff", f.health, account.OrgStaff, account.InitiativeBackboneStaff)
		fund := person("Fund Admin", f.fund, account.OrgAdmin, "")
		clinic := person("Clinic Admin", f.clinic, account.OrgAdmin, "")
		pantry := person("Pantry Admin", f.pantry, account.OrgAdmin, "")

		checkField(t, s.Invite(ctx, staff, id, f.fund, "sponsor"), "role")
		checkField(t, s.Invite(ctx, staff, id, "", "funder"), "organization_id")
		checkField(t, s.Invite(ctx, staff, id, "org-missing", "funder"), "organization_id")
		if err := s.Invite(ctx, staff, 9999, f.fund, "funder"); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("unknown initiative: %v", err)
		}
		checkConflict(t, s.Respond(ctx, actor, id, f.fund, true), "no invitation")

		if err := s.Invite(ctx, staff, id, f.fund, " Funder "); err != nil {
			t.Fatal(err)
		}
		checkConflict(t, s.Invite(ctx, staff, id, f.fund, "funder"), "already been invited")
		checkConflict(t, s.Invite(ctx, staff, id, f.pantry, "funder"), "already a member")
		checkConflict(t, s.Leave(ctx, actor, id, f.fund, ""), "decline the invitation instead")
		if err := s.Respond(ctx, fund, id, f.fund, true); err != nil {
			t.Fatal(err)
		}
		checkConflict(t, s.Respond(ctx, fund, id, f.fund, true), "already a member")

		if err := s.Invite(ctx, staff, id, f.clinic, "core_partner"); err != nil {
			t.Fatal(err)
		}
		if err := s.Respond(ctx, clinic, id, f.clinic, false); err != nil {
			t.Fatal(err)
		}
		checkConflict(t, s.Respond(ctx, clinic, id, f.clinic, true), "no open invitation")
		checkConflict(t, s.ChangeRole(ctx, staff, id, f.clinic, "funder", ""), "is not a member")

		checkField(t, s.Leave(ctx, pantry, id, f.pantry, strings.Repeat("r", 2001)), "reason")
		if err := s.Leave(ctx, pantry, id, f.pantry, "Lost its grant"); err != nil {
			t.Fatal(err)
		}
		checkConflict(t, s.Leave(ctx, actor, id, f.pantry, ""), "already left")
		checkConflict(t, s.Leave(ctx, actor, id, f.school, ""), "not a member")

		checkField(t, s.ChangeRole(ctx, staff, id, f.fund, "boss", ""), "role")
		if err := s.ChangeRole(ctx, staff, id, f.fund, "core_partner", "Now runs a program"); err != nil {
			t.Fatal(err)
		}
		if err := s.ChangeRole(ctx, staff, id, f.fund, "core_partner", ""); err != nil {
			t.Fatalf("same role: %v", err)
		}

		// A member that left can be invited again and rejoin, answering
		// though it no longer sees the private initiative.
		if err := s.Invite(ctx, staff, id, f.pantry, "supporting_partner"); err != nil {
			t.Fatal(err)
		}
		if err := s.Respond(ctx, pantry, id, f.pantry, true); err != nil {
			t.Fatal(err)
		}

		ms, err := s.Members(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]string{}
		for _, m := range ms {
			status[m.OrganizationID] = m.Role + "/" + m.Status
			if m.OrganizationID == f.pantry && (m.JoinedAt == nil || m.LeftAt != nil) {
				t.Fatalf("rejoined member %+v", m)
			}
		}
		want := map[string]string{f.health: "backbone/active", f.pantry: "supporting_partner/active", f.library: "supporting_partner/active",
			f.fund: "core_partner/active", f.clinic: "core_partner/declined"}
		if fmt.Sprint(status) != fmt.Sprint(want) {
			t.Fatalf("members %v, want %v", status, want)
		}

		hist, err := s.MemberHistory(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var moves []string
		for _, e := range hist {
			moves = append(moves, fmt.Sprintf("%s:%s>%s", e.OrganizationID, e.FromStatus, e.ToStatus))
		}
		wantMoves := []string{"org-health:>active", // the backbone joins with the initiative
			"org-pantry:>active", "org-library:>active", "org-fund:>invited", "org-fund:invited>active",
			"org-clinic:>invited", "org-clinic:invited>declined", "org-pantry:active>left", "org-fund:active>active",
			"org-pantry:left>invited", "org-pantry:invited>active"}
		if got := strings.Join(moves, " "); got != strings.Join(wantMoves, " ") {
			t.Fatalf("history\n got %s\nwant %s", got, strings.Join(wantMoves, " "))
		}
		left := hist[7]
		if left.Reason != "Lost its grant" || left.Actor != "pantry.admin@example.org" || left.UserID != pantry.UserID || left.At.IsZero() || left.OrganizationName != "Food Pantry" {
			t.Fatalf("leave event %+v", left)
		}
		if role := hist[8]; role.FromRole != "funder" || role.ToRole != "core_partner" || role.Reason != "Now runs a program" {
			t.Fatalf("role event %+v", role)
		}
		if _, err := s.MemberHistory(ctx, 9999); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("history of unknown initiative: %v", err)
		}

		summaries := f.audit(t)
		for _, want := range []string{"invited Community Fund to join Aging Well as a funder", "Community Fund joined Aging Well as a funder",
			"Free Clinic declined the invitation to join Aging Well", "Food Pantry left Aging Well: Lost its grant",
			"Community Fund is now a core partner of Aging Well (was a funder)"} {
			if !strings.Contains(strings.Join(summaries, "\n"), want) {
				t.Errorf("no audit event %q in\n%s", want, strings.Join(summaries, "\n"))
			}
		}
		// Refused moves and the unchanged role wrote nothing: 3 events for
		// the fixture, 1 for the staff's role, 8 for the moves above.
		if len(summaries) != 12 {
			t.Fatalf("%d audit events:\n%s", len(summaries), strings.Join(summaries, "\n"))
		}
	})
}
