package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// InputOf returns the editable fields of an initiative.
func InputOf(in *Initiative) Input {
	return Input{Name: in.Name, ProblemStatement: in.ProblemStatement, Vision: in.Vision, CommonAgenda: in.CommonAgenda,
		Geography: in.Geography, BackboneOrganizationID: in.BackboneOrganizationID, Status: in.Status, IsPublic: in.IsPublic,
		TimeZone: in.TimeZone}
}

// Update changes what an initiative says about itself: its name, problem,
// vision, common agenda, geography, status, visibility, time zone and
// backbone organization, for its backbone staff (account.EditInitiative). A new
// backbone organization must be an active member already, or not a member
// at all (it then joins as the backbone); the change is in the member
// history.
func (s *Store) Update(ctx context.Context, actor account.Actor, id int64, in Input) (*Initiative, error) {
	if err := s.rules.Check(ctx, actor, account.EditInitiative, account.Initiative(id)); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var updated *Initiative
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		var other string
		err = tx.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE lower(name) = lower($1) AND id <> $2`, in.Name, id).
			Scan(&other)
		if err == nil {
			return nameTaken(other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("check initiative name: %w", err)
		}
		var backbone any
		if in.BackboneOrganizationID != "" {
			backbone = in.BackboneOrganizationID
			if in.BackboneOrganizationID != before.BackboneOrganizationID {
				if err := s.makeBackbone(ctx, tx, actor, id, in.BackboneOrganizationID); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(
			ctx,
			`UPDATE initiatives SET name = $1, problem_statement = $2, vision = $3, common_agenda = $4,
			geography = $5, backbone_organization_id = $6, status = $7, is_public = $8, time_zone = $9, updated_at = $10
			WHERE id = $11`,
			in.Name,
			in.ProblemStatement,
			in.Vision,
			in.CommonAgenda,
			in.Geography,
			backbone,
			in.Status,
			in.IsPublic,
			in.TimeZone,
			s.now(),
			id,
		)
		if store.IsUniqueViolation(err) {
			return nameTaken(in.Name)
		}
		if err != nil {
			return fmt.Errorf("update initiative: %w", err)
		}
		if updated, err = s.get(ctx, tx, id); err != nil {
			return err
		}
		return s.recordChange(
			ctx,
			tx,
			actor,
			id,
			"update",
			"changed the description of "+in.Name,
			InputOf(before),
			InputOf(updated),
		)
	})
	if err != nil {
		return nil, err
	}
	return updated, nil
}

// makeBackbone gives an organization the backbone role in an initiative.
func (s *Store) makeBackbone(ctx context.Context, tx *sql.Tx, actor account.Actor, id int64, orgID string) error {
	if err := organizationExists(ctx, tx, orgID); errors.Is(err, errs.ErrNotFound) {
		return &errs.ValidationError{
			Fields: map[string]string{"backbone_organization_id": "is not an organization in the directory"},
		}
	} else if err != nil {
		return err
	}
	m, err := member(ctx, tx, id, orgID)
	if err != nil {
		return err
	}
	switch {
	case m == nil:
		_, err = s.moveMember(ctx, tx, actor, id, orgID, nil, "backbone", "active", "became the backbone organization")
	case m.Status != "active":
		return &errs.ValidationError{
			Fields: map[string]string{
				"backbone_organization_id": fmt.Sprintf(
					"%s is %s, not an active member: it must accept its invitation first",
					m.OrganizationName,
					m.Status,
				),
			},
		}
	case m.Role != "backbone":
		_, err = s.moveMember(ctx, tx, actor, id, orgID, m, "backbone", "active", "became the backbone organization")
	}
	return err
}
