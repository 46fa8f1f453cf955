package directory_test

import (
	"context"
	"errors"
	"testing"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestProposalFieldByField: a steward accepts some fields of an update and
// declines the rest; a field changed in the record since the proposal was
// made is flagged and only overwritten when the steward says so; the
// proposal keeps what was applied and declined.
func TestProposalFieldByField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o, other := twoOrganizations(t, s)
		who := newPeople(t, db, o.ID, other.ID)

		in := directory.InputOf(o)
		in.Mission = "A roof for every family"
		in.Email = "hello@casa.example.org"
		in.Website = "casa.example.org"
		p, err := s.ProposeOrganizationUpdate(ctx, who.orgStaff, o.ID, o.Version, in, "")
		if err != nil {
			t.Fatal(err)
		}

		// Someone changes the email in the record meanwhile.
		edit := directory.InputOf(o)
		edit.Email = "office@casa.example.org"
		if _, err := s.UpdateOrganization(ctx, actor, o.ID, o.Version, edit); err != nil {
			t.Fatal(err)
		}
		p, err = s.Proposal(ctx, who.steward, o.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		conflicts := map[string]bool{}
		for _, c := range p.Changes {
			conflicts[c.Field] = c.Conflict
		}
		if !conflicts["email"] || conflicts["mission"] || conflicts["website"] || p.Conflicts() != 1 {
			t.Fatalf("conflicts = %v", conflicts)
		}

		var conflict *errs.ConflictError
		var invalid *errs.ValidationError
		for _, tc := range []struct {
			name   string
			review directory.ProposalReview
			field  string // the field the refusal names
		}{
			{"accept all with a conflict", directory.ProposalReview{}, "email"},
			{"a conflicting field ticked without overwrite", directory.ProposalReview{Fields: []string{"mission", "email"}}, "email"},
			{"a field not proposed", directory.ProposalReview{Fields: []string{"name"}}, "fields"},
			{"no field at all", directory.ProposalReview{Fields: []string{}}, "fields"},
			{"a value for no field", directory.ProposalReview{Fields: []string{"mission"}, Values: map[string]any{"colour": "x"}}, "values"},
		} {
			_, err := s.AcceptProposal(ctx, who.steward, p.ID, tc.review)
			switch {
			case errors.As(err, &conflict) && conflict.Field == tc.field:
			case errors.As(err, &invalid) && invalid.Fields[tc.field] != "":
			default:
				t.Errorf("%s: %v, want a refusal naming %s", tc.name, err, tc.field)
			}
		}
		if got, _ := s.Organization(ctx, o.ID); got.Mission != "" || got.Email != "office@casa.example.org" {
			t.Fatalf("a refused review changed the record: %+v", got)
		}

		acc, err := s.AcceptProposal(ctx, who.steward, p.ID, directory.ProposalReview{
			Fields: []string{"mission"}, Note: "The website is not theirs"})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.Organization(ctx, o.ID)
		if got.Mission != "A roof for every family" || got.Email != "office@casa.example.org" || got.Website != "" {
			t.Fatalf("after a partial accept: %+v", got)
		}
		if acc.Status != directory.ProposalAccepted || len(acc.Applied) != 1 || acc.Applied["mission"] == nil ||
			!sameStrings(acc.Declined, []string{"email", "website"}) {
			t.Fatalf("accepted %+v (applied %v, declined %v)", acc, acc.Applied, acc.Declined)
		}
		outcomes := map[string]string{}
		for _, c := range acc.Changes {
			outcomes[c.Field] = c.Outcome
		}
		if outcomes["mission"] != directory.FieldApplied || outcomes["email"] != directory.FieldDeclined {
			t.Fatalf("outcomes %v", outcomes)
		}

		// The proposer sees the outcome among their own proposals.
		mine, err := s.ListProposals(ctx, who.orgStaff, directory.ProposalFilter{Status: "all", Mine: true})
		if err != nil || mine.Total != 1 || mine.Items[0].ID != p.ID || len(mine.Items[0].Declined) != 2 {
			t.Fatalf("mine: %v %+v", err, mine)
		}
		if theirs, _ := s.ListProposals(ctx, who.otherAdmin, directory.ProposalFilter{Status: "all", Mine: true}); theirs.Total != 0 {
			t.Fatalf("another person's own proposals: %+v", theirs)
		}

		// Overwriting a conflicting field is a choice the steward names.
		in = directory.InputOf(got)
		in.Email = "new@casa.example.org"
		q, err := s.ProposeOrganizationUpdate(ctx, who.orgStaff, o.ID, 0, in, "")
		if err != nil {
			t.Fatal(err)
		}
		edit = directory.InputOf(got)
		edit.Email = "other@casa.example.org"
		if _, err := s.UpdateOrganization(ctx, actor, o.ID, got.Version, edit); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AcceptProposal(ctx, who.steward, q.ID, directory.ProposalReview{Overwrite: []string{"email"}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Organization(ctx, o.ID); got.Email != "new@casa.example.org" {
			t.Fatalf("overwrite: %+v", got)
		}
		events, _ := account.NewStore(db).
			ListAudit(ctx, account.AuditFilter{EntityType: "organization", EntityID: o.ID})
		partial := false
		for _, e := range events {
			partial = partial ||
				e.Summary == "accepted 1 of the 3 fields of the update to Casa de Acogida proposed by staff@example.org "+
					"(proposal 1)"
		}
		if !partial {
			t.Fatalf("no audit entry of the partial accept in %+v", events)
		}
	})
}

// TestProposeNewOrganization: someone who works for an organization
// proposes a new one; the steward sees organizations with a like name,
// corrects a value and accepts it field by field (the name is required),
// which adds it in one transaction; another is rejected.
func TestProposeNewOrganization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		o, other := twoOrganizations(t, s)
		who := newPeople(t, db, o.ID, other.ID)

		in := input("Harbour House Shelter")
		in.Mission = "Beds tonight"
		in.Email = "beds@harbour.example.org"
		in.Sectors = []string{"housing"}

		checkMay(t, "propose an organization", func(a account.Actor) error {
			_, err := s.ProposeOrganization(ctx, a, input("Nobody's Pantry"), "")
			return err
		}, may{"nobody", who.nobody, errs.ErrUnauthenticated}, may{"member of none", who.member, errs.ErrForbidden})

		var invalid *errs.ValidationError
		if _, err := s.ProposeOrganization(ctx, who.orgStaff, directory.OrganizationInput{Name: "X"}, ""); !errors.As(
			err,
			&invalid,
		) ||
			invalid.Fields["description"] == "" {
			t.Fatalf("proposal without a description: %v", err)
		}
		var conflict *errs.ConflictError
		if _, err := s.ProposeOrganization(ctx, who.orgStaff, input("harbor house"), ""); !errors.As(err, &conflict) ||
			conflict.Field != "name" {
			t.Fatalf("proposal of a name the directory has: %v", err)
		}

		p, err := s.ProposeOrganization(ctx, who.orgStaff, in, "They opened last month")
		if err != nil {
			t.Fatal(err)
		}
		if !p.NewOrganization() || p.EntityID != "" || p.EntityName != "Harbour House Shelter" ||
			p.Status != directory.ProposalPending {
			t.Fatalf("proposal %+v", p)
		}
		if len(p.Similar) != 1 || p.Similar[0].ID != other.ID {
			t.Fatalf("similar = %+v, want Harbor House", p.Similar)
		}
		queue, err := s.ListProposals(ctx, who.steward, directory.ProposalFilter{})
		if err != nil || queue.Total != 1 || !queue.Items[0].NewOrganization() {
			t.Fatalf("queue: %v %+v", err, queue)
		}

		if _, err := s.AcceptProposal(ctx, who.steward, p.ID,
			directory.ProposalReview{Fields: []string{"description"}}); !errors.As(
			err,
			&invalid,
		) {
			t.Fatalf("accept without the name: %v", err)
		}
		// A correction that breaks the rules of the form is refused, naming the field.
		_, err = s.AcceptProposal(
			ctx,
			who.steward,
			p.ID,
			directory.ProposalReview{Fields: []string{"name", "description"},
				Values: map[string]any{"name": " "}},
		)
		if !errors.As(err, &invalid) || invalid.Fields["name"] == "" {
			t.Fatalf("accept with an empty name: %v", err)
		}

		acc, err := s.AcceptProposal(ctx, who.steward, p.ID, directory.ProposalReview{
			Fields: []string{"name", "description", "mission", "sectors"},
			Values: map[string]any{"name": "Harbour House Family Shelter"}})
		if err != nil {
			t.Fatal(err)
		}
		if acc.EntityID == "" || acc.EntityName != "Harbour House Family Shelter" ||
			!sameStrings(acc.Declined, []string{"email"}) {
			t.Fatalf("accepted %+v", acc)
		}
		made, err := s.Organization(ctx, acc.EntityID)
		if err != nil || made.Mission != "Beds tonight" || made.Email != "" ||
			!sameStrings(made.Sectors, []string{"housing"}) {
			t.Fatalf("made %v %+v", err, made)
		}
		events, _ := account.NewStore(db).
			ListAudit(ctx, account.AuditFilter{EntityType: "organization", EntityID: made.ID})
		found := false
		for _, e := range events {
			found = found ||
				e.Summary == "accepted the proposal of staff@example.org for Harbour House Family Shelter (proposal 1)"
		}
		if !found {
			t.Fatalf("no audit entry of the accept in %+v", events)
		}

		// A second proposal of the same organization now warns of the new one, and is rejected.
		dup, err := s.ProposeOrganization(ctx, who.otherAdmin, input("The Harbour House Family Shelter, Inc."), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(dup.Similar) != 1 || dup.Similar[0].ID != made.ID {
			t.Fatalf("no similar names for %q", dup.EntityName)
		}
		if _, err := s.RejectProposal(ctx, who.steward, dup.ID, ""); !errors.As(err, &invalid) {
			t.Fatalf("reject without a reason: %v", err)
		}
		rej, err := s.RejectProposal(ctx, who.steward, dup.ID, "Already in the directory")
		if err != nil || rej.Status != directory.ProposalRejected || rej.EntityID != "" || len(rej.Declined) != 3 {
			t.Fatalf("reject: %v %+v", err, rej)
		}
		mine, _ := s.ListProposals(ctx, who.otherAdmin, directory.ProposalFilter{Status: "all", Mine: true})
		if mine.Total != 1 || mine.Items[0].ReviewNote != "Already in the directory" {
			t.Fatalf("the proposer's list: %+v", mine)
		}
	})
}

func TestSimilarName(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"Samaritan House", "samaritan house", true},
		{"Samaritan House", "The Samaritan House, Inc.", true},
		{"Samaritan House", "Samaritan House San Mateo", true},
		{"Samaritan House", "Samaritan Houses", true},
		{"Samaritan House", "Samaritn House", true},
		{"Samaritan House", "Harbor House", false},
		{"Food Bank", "Good Bank", false},
		{"Casa", "Cosa", false},
		{"Casa de Acogida", "Casa Acogida", true},
		{"Peninsula Volunteers", "Peninsula Family Service", false},
	} {
		if got := directory.SimilarName(tc.a, tc.b); got != tc.want {
			t.Errorf("SimilarName(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestProposalDiffSectorOrder: the sectors in another order are no change,
// nor a conflict.
func TestProposalDiffSectorOrder(t *testing.T) {
	current := directory.OrganizationInput{Name: "A", Sectors: []string{"food", "housing"}}
	base := map[string]any{"sectors": []any{"food", "housing"}}
	got := directory.ProposalDiff(map[string]any{"sectors": []any{"housing", "food"}}, base, current)
	if len(got) != 1 || got[0].Changed || got[0].Conflict {
		t.Fatalf("diff = %+v", got)
	}
}
