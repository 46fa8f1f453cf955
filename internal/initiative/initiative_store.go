package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Store keeps initiatives, their member organizations and their people's roles.
type Store struct {
	db    *store.DB
	now   func() time.Time
	rules *account.Store // decides, where each operation is carried out, who may do it
	zone  *time.Location // the instance's time zone, for moments in messages; UTC until set
}

// NewStore returns the initiative store over db.
func NewStore(db *store.DB) *Store {
	return &Store{db: db, now: db.Now, rules: account.NewStore(db), zone: time.UTC}
}

const initiativeColumns = `i.id, i.name, i.problem_statement, i.vision, i.common_agenda, i.geography,
	COALESCE(i.backbone_organization_id, ''), COALESCE(o.name, ''), i.status, i.is_public, i.time_zone, i.created_at, i.updated_at,
	(SELECT COUNT(*) FROM initiative_members m WHERE m.initiative_id = i.id AND m.status = 'active')
	FROM initiatives i LEFT JOIN organizations o ON o.id = i.backbone_organization_id`

func scanInitiative(row store.Scanner) (*Initiative, error) {
	in := &Initiative{}
	err := row.Scan(
		&in.ID,
		&in.Name,
		&in.ProblemStatement,
		&in.Vision,
		&in.CommonAgenda,
		&in.Geography,
		&in.BackboneOrganizationID,
		&in.BackboneOrganizationName,
		&in.Status,
		&in.IsPublic,
		&in.TimeZone,
		&in.CreatedAt,
		&in.UpdatedAt,
		&in.MemberCount,
	)
	return in, err
}

// Create starts an initiative, for the stewards (account.CreateInitiative).
// Its backbone organization, when it has one, becomes its first active
// member, in the backbone role; the person who starts it runs it, as its
// backbone staff.
func (s *Store) Create(ctx context.Context, actor account.Actor, in Input) (*Initiative, error) {
	if err := s.rules.Check(ctx, actor, account.CreateInitiative, account.Platform); err != nil {
		return nil, err
	}
	if err := in.Normalize(); err != nil {
		return nil, err
	}
	var created *Initiative
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE lower(name) = lower($1)`, in.Name).
			Scan(&other)
		if err == nil {
			return nameTaken(other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("check initiative name: %w", err)
		}
		var backbone any
		if in.BackboneOrganizationID != "" {
			if err := organizationExists(ctx, tx, in.BackboneOrganizationID); errors.Is(err, errs.ErrNotFound) {
				return &errs.ValidationError{
					Fields: map[string]string{"backbone_organization_id": "is not an organization in the directory"},
				}
			} else if err != nil {
				return err
			}
			backbone = in.BackboneOrganizationID
		}
		now := s.now()
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO initiatives (name, problem_statement, vision, common_agenda, geography,
			backbone_organization_id, status, is_public, time_zone, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			in.Name, in.ProblemStatement, in.Vision, in.CommonAgenda, in.Geography, backbone, in.Status, in.IsPublic,
			in.TimeZone, now).
			Scan(&id)
		if store.IsUniqueViolation(err) {
			return nameTaken(in.Name)
		}
		if err != nil {
			return fmt.Errorf("insert initiative: %w", err)
		}
		if backbone != nil {
			if _, err := s.moveMember(ctx, tx, actor, id, in.BackboneOrganizationID, nil, "backbone", "active", ""); err != nil {
				return fmt.Errorf("add backbone organization: %w", err)
			}
		}
		if created, err = s.get(ctx, tx, id); err != nil {
			return err
		}
		err = account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "create", EntityType: "initiative",
			EntityID: fmt.Sprint(id), Summary: "started initiative " + in.Name, After: in})
		if err != nil || actor.User == nil {
			return err
		}
		return s.setUserRole(ctx, tx, actor, created, actor.User.ID, account.InitiativeBackboneStaff)
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

func nameTaken(name string) error {
	return &errs.ConflictError{Field: "name", Message: fmt.Sprintf("an initiative named %s already exists", account.Quote(name))}
}

func organizationExists(ctx context.Context, q store.Querier, id string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE id = $1 AND archived_at IS NULL`, id).Scan(&n); err != nil {
		return fmt.Errorf("check organization: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("organization %q: %w", id, errs.ErrNotFound)
	}
	return nil
}

// Get returns one initiative, whoever asks: for the domain's own use and
// commands. Pages and the API read it with View.
func (s *Store) Get(ctx context.Context, id int64) (*Initiative, error) {
	return s.get(ctx, s.db, id)
}

// View returns initiative id to actor, who must be allowed to see it
// (account.ViewInitiative); to anyone else it does not exist.
func (s *Store) View(ctx context.Context, actor account.Actor, id int64) (*Initiative, error) {
	if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(id)); err != nil {
		return nil, err
	}
	return s.get(ctx, s.db, id)
}

func (s *Store) get(ctx context.Context, q store.Querier, id int64) (*Initiative, error) {
	return store.One(
		ctx,
		q,
		fmt.Sprintf("initiative %d", id),
		scanInitiative,
		`SELECT `+initiativeColumns+` WHERE i.id = $1`,
		id,
	)
}

// ByName returns the initiative with this name, in any case.
func (s *Store) ByName(ctx context.Context, name string) (*Initiative, error) {
	return store.One(
		ctx,
		s.db,
		fmt.Sprintf("initiative %q", name),
		scanInitiative,
		`SELECT `+initiativeColumns+` WHERE lower(i.name) = lower($1)`,
		strings.TrimSpace(name),
	)
}

// Visible returns the initiatives actor may see (account.ViewInitiative),
// by name.
func (s *Store) Visible(ctx context.Context, actor account.Actor) ([]*Initiative, error) {
	all, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	out := []*Initiative{}
	for _, in := range all {
		ok, err := s.rules.May(ctx, actor, account.ViewInitiative, account.Initiative(in.ID))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, in)
		}
	}
	return out, nil
}

// List returns every initiative, by name, whoever asks: for commands.
// Pages and the API list them with Visible.
func (s *Store) List(ctx context.Context) ([]*Initiative, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+initiativeColumns+` ORDER BY lower(i.name), i.id`)
	if err != nil {
		return nil, fmt.Errorf("list initiatives: %w", err)
	}
	defer rows.Close()
	out := []*Initiative{}
	for rows.Next() {
		in, err := scanInitiative(rows)
		if err != nil {
			return nil, fmt.Errorf("list initiatives: %w", err)
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// Count returns how many initiatives there are.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM initiatives`).Scan(&n)
	return n, err
}

// Members returns the organizations in an initiative: the backbone first,
// then by role and name. Like the initiative's other lists, it is read for
// whoever has the initiative from View (account.ViewInitiative).
func (s *Store) Members(ctx context.Context, initiativeID int64) ([]Member, error) {
	return members(ctx, s.db, initiativeID, "")
}

func members(ctx context.Context, q store.Querier, initiativeID int64, orgID string) ([]Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.organization_id, o.name, m.role, m.status, m.joined_at, m.left_at
		FROM initiative_members m JOIN organizations o ON o.id = m.organization_id
		WHERE m.initiative_id = $1 AND ($2 = '' OR m.organization_id = $2)
		ORDER BY CASE m.role WHEN 'backbone' THEN 0 WHEN 'core_partner' THEN 1 WHEN 'supporting_partner' THEN 2
			WHEN 'funder' THEN 3 ELSE 4 END, lower(o.name), o.id`, initiativeID, orgID)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		var m Member
		var joined, left sql.NullTime
		if err := rows.Scan(&m.OrganizationID, &m.OrganizationName, &m.Role, &m.Status, &joined, &left); err != nil {
			return nil, fmt.Errorf("list members: %w", err)
		}
		m.JoinedAt, m.LeftAt = timePtr(joined), timePtr(left)
		out = append(out, m)
	}
	return out, rows.Err()
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// AddMember puts an organization in an initiative in a role and status, or
// changes the role and status it has there, without the lifecycle's rules
// (Invite, Respond, Leave and ChangeRole keep those): it is for loading
// existing partnerships, such as the demo's. It notes when the organization
// first became active and when it left, and keeps the move in the member
// history. For the initiative's backbone staff (account.EditInitiative).
func (s *Store) AddMember(
	ctx context.Context,
	actor account.Actor,
	initiativeID int64,
	orgID, role, status string,
) error {
	if err := s.rules.Check(ctx, actor, account.EditInitiative, account.Initiative(initiativeID)); err != nil {
		return err
	}
	if err := checkMember(role, status); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		if err := organizationExists(ctx, tx, orgID); err != nil {
			return err
		}
		before, err := member(ctx, tx, initiativeID, orgID)
		if err != nil {
			return err
		}
		after, err := s.moveMember(ctx, tx, actor, initiativeID, orgID, before, role, status, "")
		if err != nil {
			return err
		}
		var orgName string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&orgName); err != nil {
			return fmt.Errorf("name organization %s: %w", orgID, err)
		}
		ev := account.Event{At: s.now(), Action: "member", EntityType: "initiative", EntityID: fmt.Sprint(initiativeID),
			Summary: fmt.Sprintf(
				"made %s %s member (%s) of %s",
				orgName,
				article(strings.ReplaceAll(role, "_", " ")),
				status,
				in.Name,
			), After: after}
		if before != nil {
			ev.Before = before
		}
		return account.Record(ctx, tx, actor, ev)
	})
}

// InitiativeRoles are the roles a person can have in an initiative.
var InitiativeRoles = []string{
	account.InitiativeBackboneStaff,
	account.InitiativePartnerLead,
	account.InitiativeMember,
	account.InitiativeViewer,
}

// SetUserRole gives a person a role in an initiative (see account's
// Initiative* roles), replacing any role they had there. It is for commands
// and the demo: no page or API endpoint grants roles yet, so it asks no
// rule.
func (s *Store) SetUserRole(ctx context.Context, actor account.Actor, initiativeID, userID int64, role string) error {
	if !oneOf(role, InitiativeRoles) {
		return &errs.ValidationError{
			Fields: map[string]string{"role": "must be one of " + strings.Join(InitiativeRoles, ", ")},
		}
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		return s.setUserRole(ctx, tx, actor, in, userID, role)
	})
}

// setUserRole gives user userID the role in initiative in and records it.
func (s *Store) setUserRole(ctx context.Context, tx *sql.Tx, actor account.Actor, in *Initiative, userID int64,
	role string) error {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, userID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("user %d: %w", userID, errs.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("check user: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_roles (initiative_id, user_id, role) VALUES ($1, $2, $3)
		ON CONFLICT (initiative_id, user_id) DO UPDATE SET role = excluded.role`, in.ID, userID, role); err != nil {
		return fmt.Errorf("set initiative role: %w", err)
	}
	return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "role", EntityType: "initiative",
		EntityID: fmt.Sprint(in.ID), Summary: fmt.Sprintf("made %s %s of %s", name, strings.ReplaceAll(role, "_", " "), in.Name),
		After: map[string]any{"user_id": userID, "role": role}})
}

// recordChange writes the audit event for a change to an initiative's work,
// inside the transaction that makes it, so the updates feed can tell the
// partners what happened.
func (s *Store) recordChange(
	ctx context.Context,
	q store.Querier,
	actor account.Actor,
	initiativeID int64,
	action, summary string,
	before, after any,
) error {
	return account.Record(
		ctx,
		q,
		actor,
		account.Event{At: s.now(), Action: action, EntityType: "initiative", EntityID: fmt.Sprint(initiativeID),
			Summary: summary, Before: before, After: after},
	)
}

// member returns an organization's place in an initiative, or nil when it
// has none.
func member(ctx context.Context, q store.Querier, initiativeID int64, orgID string) (*Member, error) {
	found, err := members(ctx, q, initiativeID, orgID)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// mustBeActiveMember checks that orgID is an active member of the initiative and
// returns it; field names the input that named the organization.
func mustBeActiveMember(
	ctx context.Context,
	q store.Querier,
	initiativeID int64,
	orgID, field string,
) (*Member, error) {
	m, err := member(ctx, q, initiativeID, orgID)
	if err != nil {
		return nil, err
	}
	if m == nil || m.Status != "active" {
		return nil, &errs.ValidationError{
			Fields: map[string]string{field: "is not an active member organization of this initiative"},
		}
	}
	return m, nil
}

// userName returns a user's name, or errs.ErrNotFound.
func userName(ctx context.Context, q store.Querier, userID int64) (string, error) {
	return store.One(
		ctx,
		q,
		fmt.Sprintf("user %d", userID),
		store.Value[string],
		`SELECT name FROM users WHERE id = $1`,
		userID,
	)
}

// actorColumns are the user id (NULL when no user acted) and the label that
// history tables keep for who made a change.
func actorColumns(actor account.Actor) (userID any, label string) {
	if actor.UserID != 0 {
		userID = actor.UserID
	}
	if label = actor.Label; label == "" {
		label = "system"
	}
	return userID, label
}
