package initiative_test

import (
	"bytes"
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

func TestAgreementStatus(t *testing.T) {
	now := time.Date(2026, 6, 15, 14, 0, 0, 0, time.UTC)
	signed := now.Add(-time.Hour)
	endsToday := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	endedYesterday := endsToday.AddDate(0, 0, -1)
	party := func(s bool) initiative.AgreementParty {
		if s {
			return initiative.AgreementParty{SignedAt: &signed}
		}
		return initiative.AgreementParty{}
	}
	tests := []struct {
		parties []initiative.AgreementParty
		ends    *time.Time
		want    string
	}{
		{[]initiative.AgreementParty{party(false), party(false)}, nil, initiative.AgreementDraft},
		{[]initiative.AgreementParty{party(true), party(false)}, nil, initiative.AgreementPartiallySigned},
		{[]initiative.AgreementParty{party(true), party(true)}, &endsToday, initiative.AgreementSigned},
		{[]initiative.AgreementParty{party(true), party(true)}, &endedYesterday, initiative.AgreementExpired},
		{[]initiative.AgreementParty{party(false), party(false)}, &endedYesterday, initiative.AgreementExpired},
		{nil, nil, initiative.AgreementDraft},
	}
	for i, tt := range tests {
		if got := initiative.AgreementStatus(tt.parties, tt.ends, now); got != tt.want {
			t.Errorf("case %d: %s, want %s", i, got, tt.want)
		}
	}
}

func TestAgreements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newWorkFixture(t, db)
		ctx, s, id := f.ctx, f.s, f.ini.ID
		today := db.Now().Truncate(24 * time.Hour)
		day := func(offset int) *time.Time { d := today.AddDate(0, 0, offset); return &d }

		// An end before the start is refused on ends_on, and nothing is written.
		_, err := s.CreateAgreement(ctx, actor, id, initiative.AgreementInput{Title: "MOU", Kind: "mou", Parties: []string{f.health, f.pantry},
			EffectiveOn: day(0), EndsOn: day(-1)})
		checkField(t, err, "ends_on")
		_, err = s.CreateAgreement(ctx, actor, id, initiative.AgreementInput{Kind: "treaty", Parties: []string{f.health, f.health}, RenewalReminderDays: 30})
		for _, field := range []string{"title", "kind", "parties", "effective_on", "renewal_reminder_days"} {
			checkField(t, err, field)
		}
		_, err = s.CreateAgreement(ctx, actor, id, initiative.AgreementInput{Title: "MOU", Kind: "mou", Parties: []string{f.health, f.school}, EffectiveOn: day(0)})
		checkField(t, err, "parties")
		if list, err := s.Agreements(ctx, actor, id); err != nil || len(list) != 0 {
			t.Fatalf("refused agreements were written: %v %+v", err, list)
		}

		mou, err := s.CreateAgreement(ctx, actor, id, initiative.AgreementInput{Title: " Referral MOU ", Kind: "MOU", Parties: []string{f.pantry, f.health},
			EffectiveOn: day(-300), EndsOn: day(20), RenewalReminderDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		if mou.Status != initiative.AgreementDraft || len(mou.Parties) != 2 || mou.Parties[0].OrganizationName != "County Health" ||
			!mou.EndsOn.Equal(*day(20)) || !mou.RenewalDueOn.Equal(*day(-10)) || mou.Title != "Referral MOU" || mou.Kind != "mou" {
			t.Fatalf("created %+v", mou)
		}
		data, err := s.CreateAgreement(ctx, actor, id, initiative.AgreementInput{Title: "Data sharing", Kind: "data_sharing",
			Parties: []string{f.health, f.pantry, f.library}, EffectiveOn: day(0), EndsOn: day(365), RenewalReminderDays: 60})
		if err != nil {
			t.Fatal(err)
		}
		old, err := s.CreateAgreement(ctx, actor, id, initiative.AgreementInput{Title: "Old MOU", Kind: "other",
			Parties: []string{f.health, f.library}, EffectiveOn: day(-400), EndsOn: day(-1), RenewalReminderDays: 30})
		if err != nil || old.Status != initiative.AgreementExpired {
			t.Fatalf("expired: %v %+v", err, old)
		}

		// Drafts can be edited; signing fixes the terms.
		edit := initiative.AgreementInput{Title: "Referral MOU", Kind: "mou", Parties: []string{f.pantry, f.health, f.library},
			EffectiveOn: day(-300), EndsOn: day(20), RenewalReminderDays: 30}
		if mou, err = s.UpdateAgreement(ctx, actor, id, mou.ID, edit); err != nil || len(mou.Parties) != 3 {
			t.Fatalf("edit: %v %+v", err, mou)
		}
		// Backbone staff record the parties' signatures made on paper.
		signer := governancePerson(t, db, id, "dana@example.org", "", "", account.InitiativeBackboneStaff)
		_, err = s.SignAgreement(ctx, signer, id, mou.ID, f.health, " ")
		checkField(t, err, "signatory")
		_, err = s.SignAgreement(ctx, signer, id, mou.ID, f.school, "Dana")
		checkField(t, err, "organization_id")
		if mou, err = s.SignAgreement(ctx, signer, id, mou.ID, f.health, "Dana Director"); err != nil || mou.Status != initiative.AgreementPartiallySigned {
			t.Fatalf("first signature: %v %+v", err, mou)
		}
		_, err = s.SignAgreement(ctx, signer, id, mou.ID, f.health, "Dana Director")
		checkConflict(t, err, "already signed")
		_, err = s.UpdateAgreement(ctx, actor, id, mou.ID, edit)
		checkConflict(t, err, "can no longer be edited")
		_, err = s.SignAgreement(ctx, signer, id, old.ID, f.health, "Dana Director")
		checkConflict(t, err, "expired")
		if _, err := s.SignAgreement(ctx, signer, id, mou.ID, f.pantry, "Pat Pantry"); err != nil {
			t.Fatal(err)
		}
		if mou, err = s.SignAgreement(ctx, signer, id, mou.ID, f.library, "Lee Librarian"); err != nil || mou.Status != initiative.AgreementSigned {
			t.Fatalf("last signature: %v %+v", err, mou)
		}
		p := mou.Parties[0]
		if p.Signatory != "Dana Director" || p.SignedBy != "dana@example.org" || p.SignedByUserID != signer.UserID || p.SignedAt == nil {
			t.Fatalf("signature %+v", p)
		}

		// Documents: at most 10 MiB.
		err = s.AttachDocument(ctx, actor, id, mou.ID, "big.pdf", "", bytes.NewReader(make([]byte, initiative.MaxDocumentSize+1)))
		if !errors.Is(err, initiative.ErrDocumentTooLarge) {
			t.Fatalf("a document too large: %v", err)
		}
		checkField(t, s.AttachDocument(ctx, actor, id, mou.ID, "empty.pdf", "", bytes.NewReader(nil)), "document")
		if _, err := s.AgreementDocument(ctx, actor, id, mou.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("no document yet: %v", err)
		}
		pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0, 1, 2, 255}, 1000)...)
		if err := s.AttachDocument(ctx, actor, id, mou.ID, `C:\scans\signed mou.pdf`, "application/pdf", bytes.NewReader(pdf)); err != nil {
			t.Fatal(err)
		}
		doc, err := s.AgreementDocument(ctx, actor, id, mou.ID)
		if err != nil || doc.Name != "signed mou.pdf" || doc.ContentType != "application/pdf" || !bytes.Equal(doc.Data, pdf) {
			t.Fatalf("document: %v %q %q %d", err, doc.Name, doc.ContentType, len(doc.Data))
		}
		if got, _ := s.Agreement(ctx, actor, id, mou.ID); got.DocumentSize != int64(len(pdf)) || got.DocumentName != "signed mou.pdf" {
			t.Fatalf("document info %+v", got)
		}

		// Renewal reminders: the MOU's window began 10 days ago; the data
		// agreement's begins in 305 days; the old one's began 31 days ago
		// but it has ended.
		due, err := s.DueForRenewal(ctx, db.Now())
		if err != nil || len(due) != 1 || due[0].ID != mou.ID {
			t.Fatalf("due now: %v %+v", err, due)
		}
		due, err = s.DueForRenewal(ctx, day(310).Add(time.Hour))
		if err != nil || len(due) != 1 || due[0].ID != data.ID {
			t.Fatalf("due later: %v %+v", err, due)
		}
		if due, err = s.DueForRenewal(ctx, day(-40).Add(time.Hour)); err != nil || len(due) != 0 {
			t.Fatalf("due before any window: %v %+v", err, due)
		}

		list, err := s.Agreements(ctx, actor, id)
		if err != nil || len(list) != 3 || list[0].ID != data.ID || list[2].ID != old.ID {
			t.Fatalf("list: %v %+v", err, list)
		}
		summaries := strings.Join(f.audit(t), "\n")
		for _, want := range []string{`drafted the agreement “Referral MOU” in Aging Well between County Health and Food Pantry`,
			`Public Library signed the agreement “Referral MOU” (signed by Lee Librarian); every party has now signed`,
			`attached signed mou.pdf to the agreement “Referral MOU”`} {
			if !strings.Contains(summaries, want) {
				t.Errorf("no audit event %q in\n%s", want, summaries)
			}
		}
	})
}
