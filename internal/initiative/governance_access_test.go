package initiative_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestGovernanceAccess says who may read and change the governance
// framework and the agreements, each operation asked where it is carried
// out. Signing binds the party, so those who act for it sign; backbone
// staff may record a signature made on paper, for any party.
func TestGovernanceAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, sys := context.Background(), account.SystemActor("test")
		p := newPartnership(t, db)
		s, o, id := p.s, p.orgs, p.id
		cast := newGovernanceCast(t, db, p)
		if _, err := s.SaveGovernance(ctx, sys, id, validGovernance()); err != nil {
			t.Fatal(err)
		}
		start := db.Now().Truncate(24 * time.Hour)
		draft := func() *initiative.Agreement {
			t.Helper()
			a, err := s.CreateAgreement(ctx, sys, id, initiative.AgreementInput{Title: "Referral MOU", Kind: "mou",
				Parties: []string{o["pantry"], o["library"]}, EffectiveOn: &start})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		withDocument := draft()
		if err := s.AttachDocument(ctx, sys, id, withDocument.ID, "mou.pdf", "application/pdf", strings.NewReader("%PDF")); err != nil {
			t.Fatal(err)
		}
		change := validGovernance()
		change.Reason = "We meet more often"

		//               staff pantry-admin pantry-staff pantry-lead library-admin viewer clinic-admin outsider nobody
		members := "ok ok ok ok ok ok 404 404 401"
		backbone := "ok 403 403 403 403 403 404 404 401"
		cast.check(t, []access{
			{"read the governance framework", func(a account.Actor) error { _, err := s.Governance(ctx, a, id); return err }, members},
			{"read its history", func(a account.Actor) error { _, err := s.GovernanceHistory(ctx, a, id); return err }, members},
			{"adopt a new version", func(a account.Actor) error { _, err := s.SaveGovernance(ctx, a, id, change); return err }, backbone},
			{"list the agreements", func(a account.Actor) error { _, err := s.Agreements(ctx, a, id); return err }, members},
			{"read an agreement", func(a account.Actor) error { _, err := s.Agreement(ctx, a, id, withDocument.ID); return err }, members},
			{"download its document", func(a account.Actor) error {
				_, err := s.AgreementDocument(ctx, a, id, withDocument.ID)
				return err
			}, members},
			{"draft an agreement", func(a account.Actor) error {
				_, err := s.CreateAgreement(ctx, a, id, initiative.AgreementInput{Title: "MOU", Kind: "mou",
					Parties: []string{o["pantry"], o["library"]}, EffectiveOn: &start})
				return err
			}, backbone},
			{"edit a draft", func(a account.Actor) error {
				_, err := s.UpdateAgreement(ctx, a, id, draft().ID, initiative.AgreementInput{Title: "MOU 2", Kind: "mou",
					Parties: []string{o["pantry"], o["library"]}, EffectiveOn: &start})
				return err
			}, backbone},
			{"attach a document", func(a account.Actor) error {
				return s.AttachDocument(ctx, a, id, draft().ID, "mou.pdf", "application/pdf", strings.NewReader("%PDF"))
			}, backbone},
			{"sign for the Food Pantry", func(a account.Actor) error {
				_, err := s.SignAgreement(ctx, a, id, draft().ID, o["pantry"], "Pat Lee")
				return err
			}, "ok ok 403 ok 403 403 404 404 401"},
		})

		// A document is refused before it is read, to whoever may not attach it.
		unread := strings.NewReader("%PDF")
		if err := s.AttachDocument(ctx, cast.actors["pantry-admin"], id, withDocument.ID, "x.pdf", "", unread); unread.Len() != 4 {
			t.Errorf("the refused upload was read: %v", err)
		}
	})
}

// TestGovernanceRecordsOfAnInitiative checks that an agreement is read and
// changed only through its own initiative: through another, even one the
// reader runs, it is not found.
func TestGovernanceRecordsOfAnInitiative(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, sys := context.Background(), account.SystemActor("test")
		p := newPartnership(t, db)
		s, o := p.s, p.orgs
		other, err := s.Create(ctx, sys, initiative.Input{Name: "Other", BackboneOrganizationID: o["pantry"]})
		if err != nil {
			t.Fatal(err)
		}
		start := db.Now()
		a, err := s.CreateAgreement(ctx, sys, p.id, initiative.AgreementInput{Title: "MOU", Kind: "mou",
			Parties: []string{o["pantry"], o["library"]}, EffectiveOn: &start})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AttachDocument(ctx, sys, p.id, a.ID, "mou.pdf", "", strings.NewReader("%PDF")); err != nil {
			t.Fatal(err)
		}
		for name, do := range map[string]func() error{
			"read": func() error { _, err := s.Agreement(ctx, sys, other.ID, a.ID); return err },
			"edit": func() error {
				_, err := s.UpdateAgreement(ctx, sys, other.ID, a.ID, initiative.AgreementInput{Title: "MOU", Kind: "mou",
					Parties: []string{o["pantry"], o["library"]}, EffectiveOn: &start})
				return err
			},
			"sign":     func() error { _, err := s.SignAgreement(ctx, sys, other.ID, a.ID, o["pantry"], "Pat"); return err },
			"attach":   func() error { return s.AttachDocument(ctx, sys, other.ID, a.ID, "x.pdf", "", strings.NewReader("x")) },
			"download": func() error { _, err := s.AgreementDocument(ctx, sys, other.ID, a.ID); return err },
		} {
			if err := do(); !errors.Is(err, errs.ErrNotFound) {
				t.Errorf("%s through another initiative: %v", name, err)
			}
		}
	})
}
