package initiative

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// AgreementKinds are the written agreements partners make: memoranda of
// understanding, data-sharing agreements, and anything else.
var AgreementKinds = []string{"mou", "data_sharing", "other"}

// Agreement statuses, computed from the signatures and the end date.
const (
	AgreementDraft           = "draft"            // nobody has signed
	AgreementPartiallySigned = "partially_signed" // some parties have signed
	AgreementSigned          = "signed"           // every party has signed
	AgreementExpired         = "expired"          // its end date has passed
)

// AgreementParty is one member organization bound by an agreement and,
// once it has signed, who signed for it and when.
type AgreementParty struct {
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	SignedAt         *time.Time `json:"signed_at"`
	Signatory        string     `json:"signatory"`         // the person who signed for the organization
	SignedByUserID   int64      `json:"signed_by_user_id"` // the user who recorded the signature
	SignedBy         string     `json:"signed_by"`         // how that user is shown
}

// Agreement is a written agreement between member organizations of an
// initiative, with the document itself when one is attached.
type Agreement struct {
	ID                  int64            `json:"id"`
	InitiativeID        int64            `json:"initiative_id"`
	Title               string           `json:"title"`
	Kind                string           `json:"kind"`
	Parties             []AgreementParty `json:"parties"`
	EffectiveOn         time.Time        `json:"effective_on"`
	EndsOn              *time.Time       `json:"ends_on"`
	RenewalReminderDays int              `json:"renewal_reminder_days"` // 0: no reminder
	RenewalDueOn        *time.Time       `json:"renewal_due_on"`        // when the reminder window begins
	Status              string           `json:"status"`                // as of when it was read
	DocumentName        string           `json:"document_name"`         // "" when no document is attached
	DocumentType        string           `json:"document_type"`
	DocumentSize        int64            `json:"document_size"`
	CreatedAt           time.Time        `json:"created_at"`
	UpdatedAt           time.Time        `json:"updated_at"`
}

// AgreementInput is what a person writes about an agreement.
type AgreementInput struct {
	Title               string     `json:"title"`
	Kind                string     `json:"kind"`
	Parties             []string   `json:"parties"` // member organization ids
	EffectiveOn         *time.Time `json:"effective_on"`
	EndsOn              *time.Time `json:"ends_on"`
	RenewalReminderDays int        `json:"renewal_reminder_days"`
}

// Normalize trims the input and checks it, field by field.
func (in *AgreementInput) Normalize() error {
	in.Title, in.Kind = strings.TrimSpace(in.Title), strings.ToLower(strings.TrimSpace(in.Kind))
	in.EffectiveOn, in.EndsOn = dateOnly(in.EffectiveOn), dateOnly(in.EndsOn)
	var parties []string
	for _, p := range cleanList(in.Parties) {
		if !oneOf(p, parties) {
			parties = append(parties, p)
		}
	}
	in.Parties = parties
	var v errs.ValidationError
	if in.Title == "" {
		v.Add("title", "is required")
	}
	checkLength(&v, "title", in.Title, maxName)
	if !oneOf(in.Kind, AgreementKinds) {
		v.Add("kind", "must be one of "+strings.Join(AgreementKinds, ", "))
	}
	if len(in.Parties) < 2 {
		v.Add("parties", "an agreement needs at least two member organizations")
	}
	if in.EffectiveOn == nil {
		v.Add("effective_on", "is required")
	}
	if in.EffectiveOn != nil && in.EndsOn != nil && in.EndsOn.Before(*in.EffectiveOn) {
		v.Add("ends_on", "must not be before the effective date")
	}
	switch {
	case in.RenewalReminderDays < 0 || in.RenewalReminderDays > 3650:
		v.Add("renewal_reminder_days", "must be between 0 and 3650 days")
	case in.RenewalReminderDays > 0 && in.EndsOn == nil:
		v.Add("renewal_reminder_days", "needs an end date to count back from")
	}
	return v.OrNil()
}

// AgreementStatus computes an agreement's status on the day of now: expired
// once the day after its end date has come, otherwise signed when every
// party has signed, partially signed when some have, else a draft.
func AgreementStatus(parties []AgreementParty, endsOn *time.Time, now time.Time) string {
	if endsOn != nil && dateOnly(&now).After(*endsOn) {
		return AgreementExpired
	}
	signed := 0
	for _, p := range parties {
		if p.SignedAt != nil {
			signed++
		}
	}
	switch {
	case signed > 0 && signed == len(parties):
		return AgreementSigned
	case signed > 0:
		return AgreementPartiallySigned
	}
	return AgreementDraft
}

// renewalDueOn is the first day of an agreement's renewal reminder window,
// or nil when it has no reminder.
func renewalDueOn(endsOn *time.Time, days int) *time.Time {
	if endsOn == nil || days <= 0 {
		return nil
	}
	d := endsOn.AddDate(0, 0, -days)
	return &d
}

// CreateAgreement writes a new agreement, a draft until its parties sign,
// for the initiative's backbone staff (account.DraftAgreement). Every party
// must be an active member organization.
func (s *Store) CreateAgreement(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	in AgreementInput,
) (*Agreement, error) {
	if err := s.rules.Check(ctx, actor, account.DraftAgreement, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var a *Agreement
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		if err := checkParties(ctx, tx, initiativeID, in.Parties); err != nil {
			return err
		}
		now := s.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO agreements (initiative_id, title, kind, effective_on, ends_on, renewal_reminder_days, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			initiativeID, in.Title, in.Kind, *in.EffectiveOn, in.EndsOn, in.RenewalReminderDays, now).Scan(&id); err != nil {
			return fmt.Errorf("create agreement: %w", err)
		}
		if err := insertParties(ctx, tx, id, in.Parties); err != nil {
			return err
		}
		if a, err = s.agreement(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "agreement_create",
			fmt.Sprintf("drafted the agreement %s in %s between %s", account.Quote(a.Title), ini.Name, partyNames(a.Parties)), nil, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateAgreement rewrites agreement agreementID of the initiative while
// nobody has signed it, for backbone staff (account.EditAgreement); once a
// party has signed, its terms are fixed and a new agreement replaces it.
func (s *Store) UpdateAgreement(ctx context.Context, actor account.Actor, initiativeID, agreementID int64,
	in AgreementInput) (*Agreement, error) {
	if err := s.rules.Check(ctx, actor, account.EditAgreement, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var a *Agreement
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.agreement(ctx, tx, initiativeID, agreementID)
		if err != nil {
			return err
		}
		if before.Status != AgreementDraft {
			return &errs.ConflictError{
				Field: "status",
				Message: fmt.Sprintf(
					"the agreement %s is %s and can no longer be edited: draft a new one",
					account.Quote(before.Title),
					words(before.Status),
				),
			}
		}
		if err := checkParties(ctx, tx, initiativeID, in.Parties); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreements SET title = $1, kind = $2, effective_on = $3, ends_on = $4, renewal_reminder_days = $5,
			updated_at = $6 WHERE id = $7`, in.Title, in.Kind, *in.EffectiveOn, in.EndsOn, in.RenewalReminderDays, s.now(), agreementID); err != nil {
			return fmt.Errorf("update agreement %d: %w", agreementID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM agreement_parties WHERE agreement_id = $1`, agreementID); err != nil {
			return fmt.Errorf("update agreement %d: %w", agreementID, err)
		}
		if err := insertParties(ctx, tx, agreementID, in.Parties); err != nil {
			return err
		}
		if a, err = s.agreement(ctx, tx, initiativeID, agreementID); err != nil {
			return err
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "agreement_update",
			"edited the agreement "+account.Quote(a.Title), before, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// SignAgreement records that signatory signed agreement agreementID of the
// initiative for its party orgID; the agreement is signed once every party
// has. A party signs once, and an expired agreement cannot be signed. Those
// who act for the party sign; backbone staff may record a signature made on
// paper (account.SignAgreement).
func (s *Store) SignAgreement(ctx context.Context, actor account.Actor, initiativeID, agreementID int64,
	orgID, signatory string) (*Agreement, error) {
	orgID, signatory = strings.TrimSpace(orgID), strings.TrimSpace(signatory)
	err := s.checkForOrganization(
		ctx,
		actor,
		account.SignAgreement,
		initiativeID,
		orgID,
		"organization_id",
		"the party that signs",
	)
	if err != nil {
		return nil, err
	}
	var v errs.ValidationError
	if signatory == "" {
		v.Add("signatory", "is required: the name of the person who signed")
	}
	checkLength(&v, "signatory", signatory, maxShortText)
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	var a *Agreement
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.agreement(ctx, tx, initiativeID, agreementID)
		if err != nil {
			return err
		}
		var party *AgreementParty
		for i := range before.Parties {
			if before.Parties[i].OrganizationID == orgID {
				party = &before.Parties[i]
			}
		}
		switch {
		case party == nil:
			return &errs.ValidationError{
				Fields: map[string]string{"organization_id": "is not a party to this agreement"},
			}
		case party.SignedAt != nil:
			return &errs.ConflictError{
				Field: "organization_id",
				Message: fmt.Sprintf(
					"%s already signed %s on %s",
					party.OrganizationName,
					account.Quote(before.Title),
					party.SignedAt.Format("2 Jan 2006"),
				),
			}
		case before.Status == AgreementExpired:
			return &errs.ConflictError{
				Field: "status",
				Message: fmt.Sprintf(
					"the agreement %s expired on %s and cannot be signed",
					account.Quote(before.Title),
					before.EndsOn.Format("2 Jan 2006"),
				),
			}
		}
		uid, label := actorColumns(actor)
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE agreement_parties SET signed_at = $1, signed_by_user_id = $2, signed_by = $3, signatory = $4
			WHERE agreement_id = $5 AND organization_id = $6`, now, uid, label, signatory, agreementID, orgID); err != nil {
			return fmt.Errorf("sign agreement %d: %w", agreementID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreements SET updated_at = $1 WHERE id = $2`, now, agreementID); err != nil {
			return fmt.Errorf("sign agreement %d: %w", agreementID, err)
		}
		if a, err = s.agreement(ctx, tx, initiativeID, agreementID); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s signed the agreement %s (signed by %s)", party.OrganizationName, account.Quote(a.Title), signatory)
		if a.Status == AgreementSigned {
			summary += "; every party has now signed"
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "agreement_sign", summary, before, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Agreement returns agreement id of the initiative, with its status as of
// now, to anyone who may see the initiative (account.ViewAgreements); one
// of another initiative is not found.
func (s *Store) Agreement(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Agreement, error) {
	if err := s.rules.Check(ctx, actor, account.ViewAgreements, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	return s.agreement(ctx, s.db, initiativeID, id)
}

// Agreements returns an initiative's agreements, newest effective date
// first, to anyone who may see the initiative (account.ViewAgreements).
func (s *Store) Agreements(ctx context.Context, actor account.Actor, initiativeID int64) ([]Agreement, error) {
	if err := s.rules.Check(ctx, actor, account.ViewAgreements, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	return s.agreements(
		ctx,
		s.db,
		s.now(),
		`a.initiative_id = $1 ORDER BY a.effective_on DESC, a.id DESC`,
		initiativeID,
	)
}

// DueForRenewal returns the agreements, in every initiative, whose renewal
// reminder window has begun by now and whose end date has not yet passed,
// soonest ending first. Expired agreements show as such in Agreements.
func (s *Store) DueForRenewal(ctx context.Context, now time.Time) ([]Agreement, error) {
	today := dateOnly(&now)
	candidates, err := s.agreements(
		ctx,
		s.db,
		now,
		`a.ends_on IS NOT NULL AND a.renewal_reminder_days > 0 AND a.ends_on >= $1
		ORDER BY a.ends_on, a.id`,
		*today,
	)
	if err != nil {
		return nil, err
	}
	out := []Agreement{}
	for _, a := range candidates {
		if a.RenewalDueOn != nil && !today.Before(*a.RenewalDueOn) {
			out = append(out, a)
		}
	}
	return out, nil
}

const agreementColumns = `a.id, a.initiative_id, a.title, a.kind, a.effective_on, a.ends_on, a.renewal_reminder_days,
	a.document_name, a.document_type, a.document_size, a.created_at, a.updated_at FROM agreements a`

// agreement reads agreement id of the initiative; one of another
// initiative is not found.
func (s *Store) agreement(ctx context.Context, q store.Querier, initiativeID, id int64) (*Agreement, error) {
	list, err := s.agreements(ctx, q, s.now(), `a.initiative_id = $1 AND a.id = $2`, initiativeID, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("agreement %d of initiative %d: %w", id, initiativeID, errs.ErrNotFound)
	}
	return &list[0], nil
}

// agreements loads the agreements that where selects, with their parties
// and their status as of now.
func (s *Store) agreements(
	ctx context.Context,
	q store.Querier,
	now time.Time,
	where string,
	args ...any,
) ([]Agreement, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+agreementColumns+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list agreements: %w", err)
	}
	out := []Agreement{}
	for rows.Next() {
		var a Agreement
		var ends sql.NullTime
		if err := rows.Scan(&a.ID, &a.InitiativeID, &a.Title, &a.Kind, &a.EffectiveOn, &ends, &a.RenewalReminderDays,
			&a.DocumentName, &a.DocumentType, &a.DocumentSize, &a.CreatedAt, &a.UpdatedAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list agreements: %w", err)
		}
		a.EffectiveOn = *dateOnly(&a.EffectiveOn)
		a.EndsOn = dateOnly(timePtr(ends))
		a.RenewalDueOn = renewalDueOn(a.EndsOn, a.RenewalReminderDays)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list agreements: %w", err)
	}
	for i := range out {
		if out[i].Parties, err = agreementParties(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
		out[i].Status = AgreementStatus(out[i].Parties, out[i].EndsOn, now)
	}
	return out, nil
}

func agreementParties(ctx context.Context, q store.Querier, agreementID int64) ([]AgreementParty, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT p.organization_id, o.name, p.signed_at, p.signatory, COALESCE(p.signed_by_user_id, 0), p.signed_by
		FROM agreement_parties p JOIN organizations o ON o.id = p.organization_id
		WHERE p.agreement_id = $1 ORDER BY lower(o.name), o.id`,
		agreementID,
	)
	if err != nil {
		return nil, fmt.Errorf("list agreement parties: %w", err)
	}
	defer rows.Close()
	out := []AgreementParty{}
	for rows.Next() {
		var p AgreementParty
		var signed sql.NullTime
		if err := rows.Scan(&p.OrganizationID, &p.OrganizationName, &signed, &p.Signatory, &p.SignedByUserID, &p.SignedBy); err != nil {
			return nil, fmt.Errorf("list agreement parties: %w", err)
		}
		p.SignedAt = timePtr(signed)
		out = append(out, p)
	}
	return out, rows.Err()
}

// checkParties checks that every party is an active member organization.
func checkParties(ctx context.Context, q store.Querier, initiativeID int64, parties []string) error {
	for _, p := range parties {
		m, err := member(ctx, q, initiativeID, p)
		if err != nil {
			return err
		}
		if m == nil || m.Status != "active" {
			return &errs.ValidationError{
				Fields: map[string]string{
					"parties": fmt.Sprintf("organization %q is not an active member of this initiative", p),
				},
			}
		}
	}
	return nil
}

func insertParties(ctx context.Context, tx *sql.Tx, agreementID int64, parties []string) error {
	for _, p := range parties {
		if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_parties (agreement_id, organization_id) VALUES ($1, $2)`, agreementID, p); err != nil {
			return fmt.Errorf("add agreement party %s: %w", p, err)
		}
	}
	return nil
}

func partyNames(parties []AgreementParty) string {
	names := make([]string, len(parties))
	for i, p := range parties {
		names[i] = p.OrganizationName
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
