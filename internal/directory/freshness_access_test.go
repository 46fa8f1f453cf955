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

// TestVerificationAccess: the stewards list the records whose verification
// is old or missing, and verify them.
func TestVerificationAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		org, other := twoOrganizations(t, s)
		who := newPeople(t, db, org.ID, other.ID)
		refused := []may{
			{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			{"a member", who.member, errs.ErrForbidden},
			{"the organization's admin", who.orgAdmin, errs.ErrForbidden},
		}

		list := func(a account.Actor) error {
			_, err := s.NeedsVerification(ctx, a, directory.DefaultVerificationAge, 10, 0)
			return err
		}
		checkMay(t, "list what needs verification", list, append(refused, may{"a steward", who.steward, nil})...)
		verify := func(a account.Actor) error {
			_, err := s.Verify(ctx, a, directory.KindOrganization, org.ID)
			return err
		}
		checkMay(t, "verify an organization", verify,
			append(refused, may{"a steward", who.steward, nil}, may{"a platform admin", who.admin, nil})...)
		// Refused before the record is looked for.
		if _, err := s.Verify(ctx, who.orgAdmin, directory.KindService, "nope"); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("a member verifies a missing service: %v", err)
		}
	})
}

// TestProposalAccess: an organization's people propose updates to its
// record and read them; the stewards read every one and review them; a
// proposal is read through its organization.
func TestProposalAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := directory.NewStore(db)
		org, other := twoOrganizations(t, s)
		who := newPeople(t, db, org.ID, other.ID)

		n := 0
		propose := func(a account.Actor) error {
			n++
			in := directory.InputOf(org)
			in.Mission = "Mission " + string(rune('A'+n))
			_, err := s.ProposeOrganizationUpdate(ctx, a, org.ID, 0, in, "")
			return err
		}
		checkMay(t, "propose an update", propose,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"a member", who.member, errs.ErrForbidden},
			may{"another organization's admin", who.otherAdmin, errs.ErrForbidden},
			may{"a steward, who edits instead", who.steward, errs.ErrForbidden},
			may{"its staff", who.orgStaff, nil},
			may{"its admin", who.orgAdmin, nil})

		ofOrg := func(a account.Actor) error {
			_, err := s.ListProposals(ctx, a, directory.ProposalFilter{OrganizationID: org.ID, Status: "all"})
			return err
		}
		checkMay(t, "read an organization's proposals", ofOrg,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"a member", who.member, errs.ErrForbidden},
			may{"another organization's admin", who.otherAdmin, errs.ErrForbidden},
			may{"its staff", who.orgStaff, nil},
			may{"a steward", who.steward, nil})
		queue := func(a account.Actor) error {
			_, err := s.ListProposals(ctx, a, directory.ProposalFilter{})
			return err
		}
		checkMay(t, "read the review queue", queue,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"an organization's admin", who.orgAdmin, errs.ErrForbidden},
			may{"a steward", who.steward, nil})
		nowhere := directory.ProposalFilter{OrganizationID: "nowhere"}
		if _, err := s.ListProposals(ctx, who.steward, nowhere); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("the proposals of a missing organization: %v", err)
		}

		page, err := s.ListProposals(ctx, who.steward, directory.ProposalFilter{})
		if err != nil || page.Total != 2 {
			t.Fatalf("queue: %v %+v", err, page)
		}
		first, second := page.Items[0].ID, page.Items[1].ID
		checkMay(t, "read one proposal through its organization", func(a account.Actor) error {
			_, err := s.Proposal(ctx, a, org.ID, first)
			return err
		},
			may{"another organization's admin", who.otherAdmin, errs.ErrForbidden},
			may{"its staff", who.orgStaff, nil},
			may{"a steward", who.steward, nil})
		if _, err := s.Proposal(ctx, who.otherAdmin, other.ID, first); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a proposal read through another organization: %v", err)
		}

		accept := func(a account.Actor) error {
			_, err := s.AcceptProposal(ctx, a, first, directory.ProposalReview{})
			return err
		}
		checkMay(t, "accept a proposal", accept,
			may{"nobody signed in", who.nobody, errs.ErrUnauthenticated},
			may{"its staff", who.orgStaff, errs.ErrForbidden},
			may{"its admin", who.orgAdmin, errs.ErrForbidden},
			may{"a steward", who.steward, nil})
		reject := func(a account.Actor) error { _, err := s.RejectProposal(ctx, a, second, "Overtaken"); return err }
		checkMay(t, "reject a proposal", reject,
			may{"its admin", who.orgAdmin, errs.ErrForbidden},
			may{"a steward", who.steward, nil})
		// Refused before the proposal is looked for.
		if _, err := s.RejectProposal(ctx, who.orgAdmin, 999, "no"); !errors.Is(err, errs.ErrForbidden) {
			t.Errorf("an admin rejects a missing proposal: %v", err)
		}
	})
}
