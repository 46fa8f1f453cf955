package plan

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// AreaInput is an area to add: a tie (TieID), no tie yet between two
// organizations (FromOrganizationID, empty for the plan's own, and
// OrganizationID), or a sector gap (Sector).
type AreaInput struct {
	Kind               string `json:"kind"`
	TieID              string `json:"tie_id"`
	FromOrganizationID string `json:"from_organization_id"`
	OrganizationID     string `json:"organization_id"`
	Sector             string `json:"sector"`
	Title              string `json:"title"`
}

// AddArea adds an area to a plan, for whoever may edit it
// (account.EditPlan). An area from a tie keeps the tie's state today (its
// version, level and status) to be shown beside its later states.
func (s *Store) AddArea(ctx context.Context, actor account.Actor, planID int64, in AreaInput) (*Area, error) {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return nil, err
	}
	if p.Closed() {
		return nil, closedError(p)
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err = s.addArea(ctx, tx, actor, p, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.area(ctx, actor, planID, id)
}

// addArea writes an area of plan p, checked against the map, with its
// audit event.
func (s *Store) addArea(ctx context.Context, tx *sql.Tx, actor account.Actor, p *Plan, in AreaInput) (int64, error) {
	in.Kind, in.Title = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Title)
	in.TieID, in.Sector = strings.TrimSpace(in.TieID), strings.TrimSpace(in.Sector)
	in.FromOrganizationID = strings.TrimSpace(in.FromOrganizationID)
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	a, err := s.newArea(ctx, tx, p, in)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO plan_areas (plan_id, kind, title, from_organization_id,
		organization_id, sector, sector_matches, tie_id, tie_version, tie_level, tie_status, added_on, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		p.ID, a.Kind, a.Title, nullText(a.FromOrganizationID), nullText(a.OrganizationID), a.Sector,
		strings.Join(a.matches, "\n"), a.then.TieID, a.then.Version, a.then.Level, a.then.Status, s.today(),
		s.now()).Scan(&id)
	if err != nil {
		return 0, store.Classify(fmt.Errorf("add area: %w", err))
	}
	return id, s.record(ctx, tx, actor, p.ID, "area_add", "added the area "+account.Quote(a.Title)+" to the plan "+
		account.Quote(p.Title), nil, map[string]any{"area_id": id, "kind": a.Kind, "tie": a.then})
}

// newArea is the area an input makes, checked against the map.
type newArea struct {
	Area
	matches []string
	then    TieState
}

func (s *Store) newArea(ctx context.Context, q querier, p *Plan, in AreaInput) (*newArea, error) {
	a := &newArea{Area: Area{Kind: in.Kind, Title: in.Title}}
	fail := func(field, msg string) (*newArea, error) {
		return nil, &errs.ValidationError{Fields: map[string]string{field: msg}}
	}
	switch in.Kind {
	case AreaTie:
		if in.TieID == "" {
			return fail("tie_id", "name the tie this area is about")
		}
		var from, to, fromName, toName string
		err := q.QueryRowContext(ctx, `SELECT t.from_organization_id, t.to_organization_id, f.name, o.name, t.version,
			t.level, t.status FROM ties t JOIN organizations f ON f.id = t.from_organization_id
			JOIN organizations o ON o.id = t.to_organization_id WHERE t.id = $1`, in.TieID).
			Scan(&from, &to, &fromName, &toName, &a.then.Version, &a.then.Level, &a.then.Status)
		if isNoRows(err) {
			return fail("tie_id", "no tie has the id "+in.TieID)
		}
		if err != nil {
			return nil, fmt.Errorf("read tie %s: %w", in.TieID, err)
		}
		a.then.TieID, a.FromOrganizationID, a.OrganizationID = in.TieID, from, to
		if a.Title == "" {
			a.Title = fmt.Sprintf("%s and %s (%s, %s)", fromName, toName, a.then.Status, a.then.Level)
		}
	case AreaNoTie:
		if in.OrganizationID == "" {
			return fail("organization_id", "name the organization there is no tie with yet")
		}
		from := in.FromOrganizationID
		if from == "" {
			var err error
			if from, err = s.ownOrganization(ctx, q, p); err != nil {
				return nil, err
			}
			if from == "" {
				return fail("from_organization_id", "name the organization on your side of the tie")
			}
		}
		if from == in.OrganizationID {
			return fail("organization_id", "must be another organization than your own")
		}
		var fromName, toName string
		var ties int
		err := q.QueryRowContext(ctx, `SELECT (SELECT name FROM organizations WHERE id = $1),
			(SELECT name FROM organizations WHERE id = $2),
			(SELECT COUNT(*) FROM ties WHERE (from_organization_id = $1 AND to_organization_id = $2)
				OR (from_organization_id = $2 AND to_organization_id = $1))`, from, in.OrganizationID).
			Scan(&sqlNullable{&fromName}, &sqlNullable{&toName}, &ties)
		if err != nil {
			return nil, fmt.Errorf("read organizations: %w", err)
		}
		switch {
		case fromName == "":
			return fail("from_organization_id", "no organization has the id "+from)
		case toName == "":
			return fail("organization_id", "no organization has the id "+in.OrganizationID)
		case ties > 0:
			return fail("organization_id", "there is already a tie with "+toName+": add that tie instead")
		}
		a.FromOrganizationID, a.OrganizationID = from, in.OrganizationID
		if a.Title == "" {
			a.Title = "No tie yet with " + toName
		}
	case AreaGap:
		if in.Sector == "" {
			return fail("sector", "name the sector of the gap")
		}
		var matches string
		err := q.QueryRowContext(ctx, `SELECT name, matches FROM network_gap_sectors WHERE lower(name) = lower($1)`,
			in.Sector).Scan(&a.Sector, &matches)
		switch {
		case err == nil:
			a.matches = strings.Split(matches, "\n")
		case isNoRows(err) && slices.Contains(directory.Sectors, strings.ToLower(in.Sector)):
			a.Sector, a.matches = strings.ToLower(in.Sector), []string{strings.ToLower(in.Sector)}
		case isNoRows(err):
			return fail("sector", "no gap sector is named "+in.Sector)
		default:
			return nil, fmt.Errorf("read gap sector: %w", err)
		}
		if p.Kind != "initiative" {
			from, err := s.ownOrganization(ctx, q, p)
			if err != nil {
				return nil, err
			}
			if in.FromOrganizationID != "" {
				from = in.FromOrganizationID
			}
			if from == "" {
				return fail("from_organization_id", "name the organization whose gap this is")
			}
			a.FromOrganizationID = from
		}
		if a.Title == "" {
			a.Title = "No strong tie in " + a.Sector
		}
	default:
		return fail("kind", "must be tie, no_tie or gap")
	}
	if len(a.Title) > 300 {
		return fail("title", "keep the title under 300 characters")
	}
	return a, nil
}

// sqlNullable reads a NULL text as "".
type sqlNullable struct{ s *string }

func (n *sqlNullable) Scan(v any) error {
	var ns sql.NullString
	if err := ns.Scan(v); err != nil {
		return err
	}
	*n.s = ns.String
	return nil
}

// ownOrganization is the organization on the plan's side of a tie: the
// unit of a unit's plan, the first organization a person's plan's owner
// works for, or the backbone organization of an initiative's.
func (s *Store) ownOrganization(ctx context.Context, q querier, p *Plan) (string, error) {
	var org string
	var err error
	switch p.Kind {
	case account.PlanOfUnit:
		return p.OrganizationID, nil
	case account.PlanOfPerson:
		err = q.QueryRowContext(ctx, `SELECT organization_id FROM memberships WHERE user_id = $1
			ORDER BY organization_id LIMIT 1`, p.UserID).Scan(&org)
	default:
		err = q.QueryRowContext(ctx, `SELECT COALESCE(backbone_organization_id, '') FROM initiatives WHERE id = $1`,
			p.InitiativeID).Scan(&org)
	}
	if err != nil && !isNoRows(err) {
		return "", fmt.Errorf("find the plan's own organization: %w", err)
	}
	return org, nil
}

// RemoveArea takes an area off a plan with its actions and signal, for
// whoever may edit it (account.EditPlan).
func (s *Store) RemoveArea(ctx context.Context, actor account.Actor, planID, areaID int64) error {
	p, err := s.checked(ctx, actor, account.EditPlan, planID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM plan_areas WHERE id = $1 AND plan_id = $2`, areaID,
			planID).Scan(&title); isNoRows(err) {
			return fmt.Errorf("area %d of plan %d: %w", areaID, planID, errs.ErrNotFound)
		} else if err != nil {
			return fmt.Errorf("read area %d: %w", areaID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM plan_areas WHERE id = $1`, areaID); err != nil {
			return fmt.Errorf("remove area %d: %w", areaID, err)
		}
		return s.record(ctx, tx, actor, planID, "area_remove", "removed the area "+account.Quote(title)+
			" from the plan "+account.Quote(p.Title), map[string]any{"area_id": areaID}, nil)
	})
}

// area reads one area of a plan as its reader sees it.
func (s *Store) area(ctx context.Context, actor account.Actor, planID, areaID int64) (*Area, error) {
	p, err := s.Get(ctx, actor, planID)
	if err != nil {
		return nil, err
	}
	for i := range p.Areas {
		if p.Areas[i].ID == areaID {
			return &p.Areas[i], nil
		}
	}
	return nil, fmt.Errorf("area %d of plan %d: %w", areaID, planID, errs.ErrNotFound)
}

func closedError(p *Plan) error {
	return &errs.ConflictError{Message: fmt.Sprintf("The plan %s is closed: reopen it to change it.",
		account.Quote(p.Title))}
}
