package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// JobRoles are the parts a person plays inside an agency, in the practice's
// words: those who serve people, those who supervise them, and those who
// run the agency.
var JobRoles = []string{"front_line_worker", "supervisor", "administrator"}

// OrganizationResponsibilities is what one member organization has taken on
// in an initiative, as a list in its own words.
type OrganizationResponsibilities struct {
	OrganizationID   string   `json:"organization_id"`
	OrganizationName string   `json:"organization_name"`
	Role             string   `json:"role"`
	Status           string   `json:"status"`
	Responsibilities []string `json:"responsibilities"`
}

// Person is someone working on an initiative: their job role at their
// agency and what they are responsible for in the initiative.
type Person struct {
	UserID           int64    `json:"user_id"`
	Name             string   `json:"name"`
	OrganizationID   string   `json:"organization_id"` // "" when not given
	OrganizationName string   `json:"organization_name"`
	JobRole          string   `json:"job_role"`
	Responsibilities []string `json:"responsibilities"`
}

// PersonInput is what is written about a person's part in an initiative.
type PersonInput struct {
	UserID           int64    `json:"user_id"`
	OrganizationID   string   `json:"organization_id"` // the member organization they work for, if any
	JobRole          string   `json:"job_role"`
	Responsibilities []string `json:"responsibilities"`
}

// Limits on a list of responsibilities: enough for a real division of work.
const (
	maxResponsibilities   = 50
	maxResponsibilityText = 500
)

func checkResponsibilities(v *errs.ValidationError, items []string) {
	if len(items) > maxResponsibilities {
		v.Add("responsibilities", fmt.Sprintf("must be at most %d (there are %d)", maxResponsibilities, len(items)))
	}
	for _, it := range items {
		checkLength(v, "responsibilities", it, maxResponsibilityText)
	}
}

// Normalize trims the input and checks it, field by field.
func (in *PersonInput) Normalize() error {
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	in.JobRole = strings.ToLower(strings.TrimSpace(in.JobRole))
	in.Responsibilities = cleanList(in.Responsibilities)
	var v errs.ValidationError
	if in.UserID <= 0 {
		v.Add("user_id", "is required")
	}
	if !oneOf(in.JobRole, JobRoles) {
		v.Add("job_role", "must be one of "+strings.Join(JobRoles, ", "))
	}
	checkResponsibilities(&v, in.Responsibilities)
	return v.OrNil()
}

// SetOrganizationResponsibilities replaces what an invited or active member
// organization is responsible for in an initiative: its own list, in its
// own words, written by those who decide for it, or by backbone staff for
// any member (account.SetResponsibilities).
func (s *Store) SetOrganizationResponsibilities(ctx context.Context, actor account.Actor, initiativeID int64, orgID string, items []string) error {
	if err := s.rules.Check(ctx, actor, account.SetResponsibilities, account.OrgIn(orgID, initiativeID)); err != nil {
		return err
	}
	items = cleanList(items)
	var v errs.ValidationError
	checkResponsibilities(&v, items)
	if err := v.OrNil(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		m, err := member(ctx, tx, initiativeID, orgID)
		if err != nil {
			return err
		}
		if m == nil || (m.Status != "active" && m.Status != "invited") {
			return &errs.ValidationError{Fields: map[string]string{"organization_id": "is not a member organization of this initiative"}}
		}
		before, err := responsibilityList(ctx, tx, `SELECT responsibility FROM organization_responsibilities
			WHERE initiative_id = $1 AND organization_id = $2 ORDER BY position`, initiativeID, orgID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM organization_responsibilities WHERE initiative_id = $1 AND organization_id = $2`,
			initiativeID, orgID); err != nil {
			return fmt.Errorf("set responsibilities: %w", err)
		}
		for i, it := range items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO organization_responsibilities (initiative_id, organization_id, position, responsibility)
				VALUES ($1, $2, $3, $4)`, initiativeID, orgID, i+1, it); err != nil {
				return fmt.Errorf("set responsibilities: %w", err)
			}
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "responsibilities",
			fmt.Sprintf("set what %s is responsible for in %s (%s)", m.OrganizationName, in.Name, plural(len(items), "item", "items")),
			map[string]any{"organization_id": orgID, "responsibilities": before},
			map[string]any{"organization_id": orgID, "responsibilities": items})
	})
}

// Responsibilities returns what organization orgID is responsible for in
// the initiative, to whoever may see it (account.ViewInitiative); an
// organization that is not an invited or active member has no list there.
func (s *Store) Responsibilities(ctx context.Context, actor account.Actor, initiativeID int64,
	orgID string) (*OrganizationResponsibilities, error) {
	if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	m, err := member(ctx, s.db, initiativeID, orgID)
	if err != nil {
		return nil, err
	}
	if m == nil || (m.Status != "active" && m.Status != "invited") {
		return nil, fmt.Errorf("responsibilities of %s in initiative %d: %w", orgID, initiativeID, errs.ErrNotFound)
	}
	items, err := responsibilityList(ctx, s.db, `SELECT responsibility FROM organization_responsibilities
		WHERE initiative_id = $1 AND organization_id = $2 ORDER BY position`, initiativeID, orgID)
	if err != nil {
		return nil, err
	}
	return &OrganizationResponsibilities{OrganizationID: m.OrganizationID, OrganizationName: m.OrganizationName,
		Role: m.Role, Status: m.Status, Responsibilities: items}, nil
}

// OrganizationResponsibilities returns, for each invited or active member,
// what it is responsible for, in the order of Members, for whoever has the
// initiative from View.
func (s *Store) OrganizationResponsibilities(ctx context.Context, initiativeID int64) ([]OrganizationResponsibilities, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	ms, err := members(ctx, s.db, initiativeID, "")
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT organization_id, responsibility FROM organization_responsibilities
		WHERE initiative_id = $1 ORDER BY organization_id, position`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list responsibilities: %w", err)
	}
	defer rows.Close()
	byOrg := map[string][]string{}
	for rows.Next() {
		var org, it string
		if err := rows.Scan(&org, &it); err != nil {
			return nil, fmt.Errorf("list responsibilities: %w", err)
		}
		byOrg[org] = append(byOrg[org], it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []OrganizationResponsibilities{}
	for _, m := range ms {
		if m.Status != "active" && m.Status != "invited" {
			continue
		}
		items := byOrg[m.OrganizationID]
		if items == nil {
			items = []string{}
		}
		out = append(out, OrganizationResponsibilities{OrganizationID: m.OrganizationID, OrganizationName: m.OrganizationName,
			Role: m.Role, Status: m.Status, Responsibilities: items})
	}
	return out, nil
}

// SetPerson records a person's job role and responsibilities in an
// initiative, replacing what was there. The organization, when given, must
// be an active member. For backbone staff (account.ManagePeople).
func (s *Store) SetPerson(ctx context.Context, actor account.Actor, initiativeID int64, in PersonInput) error {
	if err := s.rules.Check(ctx, actor, account.ManagePeople, account.Initiative(initiativeID)); err != nil {
		return err
	}
	if err := in.Normalize(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		name, err := userName(ctx, tx, in.UserID)
		if errors.Is(err, errs.ErrNotFound) {
			return &errs.ValidationError{Fields: map[string]string{"user_id": "is not a user of Backbone"}}
		} else if err != nil {
			return err
		}
		var org any
		if in.OrganizationID != "" {
			if _, err := mustBeActiveMember(ctx, tx, initiativeID, in.OrganizationID, "organization_id"); err != nil {
				return err
			}
			org = in.OrganizationID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_people (initiative_id, user_id, organization_id, job_role) VALUES ($1, $2, $3, $4)
			ON CONFLICT (initiative_id, user_id) DO UPDATE SET organization_id = excluded.organization_id, job_role = excluded.job_role`,
			initiativeID, in.UserID, org, in.JobRole); err != nil {
			return fmt.Errorf("set person: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person_responsibilities WHERE initiative_id = $1 AND user_id = $2`, initiativeID, in.UserID); err != nil {
			return fmt.Errorf("set person: %w", err)
		}
		for i, it := range in.Responsibilities {
			if _, err := tx.ExecContext(ctx, `INSERT INTO person_responsibilities (initiative_id, user_id, position, responsibility)
				VALUES ($1, $2, $3, $4)`, initiativeID, in.UserID, i+1, it); err != nil {
				return fmt.Errorf("set person: %w", err)
			}
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "person",
			fmt.Sprintf("set %s's part in %s: %s, %s", name, ini.Name, words(in.JobRole),
				plural(len(in.Responsibilities), "responsibility", "responsibilities")), nil, in)
	})
}

// RemovePerson drops a person's job role and responsibilities from an
// initiative. For backbone staff (account.ManagePeople).
func (s *Store) RemovePerson(ctx context.Context, actor account.Actor, initiativeID, userID int64) error {
	if err := s.rules.Check(ctx, actor, account.ManagePeople, account.Initiative(initiativeID)); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		ini, err := s.get(ctx, tx, initiativeID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM initiative_people WHERE initiative_id = $1 AND user_id = $2`, initiativeID, userID)
		if err != nil {
			return fmt.Errorf("remove person: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d in initiative %d: %w", userID, initiativeID, errs.ErrNotFound)
		}
		name, err := userName(ctx, tx, userID)
		if err != nil {
			return err
		}
		return s.recordChange(ctx, tx, actor, initiativeID, "person_remove",
			fmt.Sprintf("removed %s's responsibilities in %s", name, ini.Name), map[string]any{"user_id": userID}, nil)
	})
}

// Person returns user userID's job role and responsibilities in the
// initiative, to whoever may see it (account.ViewInitiative); someone with
// no part in it is not found.
func (s *Store) Person(ctx context.Context, actor account.Actor, initiativeID, userID int64) (*Person, error) {
	if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	people, err := s.people(ctx, initiativeID, userID)
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		return nil, fmt.Errorf("user %d in initiative %d: %w", userID, initiativeID, errs.ErrNotFound)
	}
	return &people[0], nil
}

// People returns everyone with a job role in an initiative, by name, for
// whoever has the initiative from View.
func (s *Store) People(ctx context.Context, initiativeID int64) ([]Person, error) {
	if _, err := s.get(ctx, s.db, initiativeID); err != nil {
		return nil, err
	}
	return s.people(ctx, initiativeID, 0)
}

// people reads the initiative's people, or only user userID when it is
// not 0.
func (s *Store) people(ctx context.Context, initiativeID, userID int64) ([]Person, error) {
	where, args := `p.initiative_id = $1`, []any{initiativeID}
	if userID != 0 {
		where, args = where+` AND p.user_id = $2`, append(args, userID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.user_id, u.name, COALESCE(p.organization_id, ''), COALESCE(o.name, ''), p.job_role
		FROM initiative_people p JOIN users u ON u.id = p.user_id LEFT JOIN organizations o ON o.id = p.organization_id
		WHERE `+where+` ORDER BY lower(u.name), u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	out := []Person{}
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.UserID, &p.Name, &p.OrganizationID, &p.OrganizationName, &p.JobRole); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list people: %w", err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Responsibilities, err = responsibilityList(ctx, s.db, `SELECT responsibility FROM person_responsibilities
			WHERE initiative_id = $1 AND user_id = $2 ORDER BY position`, initiativeID, out[i].UserID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func responsibilityList(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list responsibilities: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("list responsibilities: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// plural says how many of something there are: "1 item", "2 items".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
