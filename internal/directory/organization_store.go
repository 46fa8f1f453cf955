package directory

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

// Store keeps the directory. Its operations take the actor and ask the
// rule book (account.Decide, through rules) before they read or write, so
// that the pages, the API and the commands cannot disagree on who may.
type Store struct {
	db    *store.DB
	now   func() time.Time
	rules *account.Store
}

// NewStore returns the directory store over db.
func NewStore(db *store.DB) *Store {
	return &Store{db: db, now: db.Now, rules: account.NewStore(db)}
}

// OrganizationFilter selects organizations for a list.
type OrganizationFilter struct {
	Query        string    // part of the name or alternate name, any case
	Sector       string    // only organizations in this sector
	Status       string    // "active" (default), "archived" or "all"
	UpdatedSince time.Time // only those changed at or after this time
	Sort         string    // "name" (default) or "updated" (newest first)
	Limit        int
	Offset       int
}

// Page is one page of a list, with the total across all pages.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// MaxPageSize bounds a page so that one request cannot ask for everything.
const MaxPageSize = 200

// Statuses an organization list can be filtered by.
var OrganizationStatuses = []string{"active", "archived", "all"}

// Check validates a filter, naming the parameter that is wrong.
func (f *OrganizationFilter) Check() error {
	var v errs.ValidationError
	switch f.Status {
	case "":
		f.Status = "active"
	case "active", "archived", "all":
	default:
		v.Add("status", "must be active, archived or all")
	}
	switch f.Sort {
	case "":
		f.Sort = "name"
	case "name", "updated":
	default:
		v.Add("sort", "must be name or updated")
	}
	checkTexts(&v, map[string]string{"q": f.Query})
	f.Sector = strings.ToLower(strings.TrimSpace(f.Sector))
	if f.Sector != "" && !validSector(f.Sector) {
		v.Add("sector", fmt.Sprintf("%q is not a known sector", f.Sector))
	}
	if f.Limit == 0 {
		f.Limit = 25
	}
	if f.Limit < 1 || f.Limit > MaxPageSize {
		v.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxPageSize))
	}
	if f.Offset < 0 {
		v.Add("offset", "must not be negative")
	}
	if len(f.Query) > maxName {
		v.Add("q", fmt.Sprintf("must be at most %d characters", maxName))
	}
	return v.OrNil()
}

const orgColumns = `o.id, o.name, o.alternate_name, o.description, o.mission, o.email, o.website, o.tax_status, o.tax_id,
	o.year_incorporated, o.legal_status, COALESCE(o.parent_organization_id, ''), o.last_verified_at, o.archived_at,
	o.version, o.created_at, o.updated_at`

func scanOrganization(row store.Scanner, extra ...any) (*Organization, error) {
	o := &Organization{}
	var year sql.NullInt64
	var verified, archived sql.NullTime
	dest := []any{
		&o.ID,
		&o.Name,
		&o.AlternateName,
		&o.Description,
		&o.Mission,
		&o.Email,
		&o.Website,
		&o.TaxStatus,
		&o.TaxID,
		&year,
		&o.LegalStatus,
		&o.ParentOrganizationID,
		&verified,
		&archived,
		&o.Version,
		&o.CreatedAt,
		&o.UpdatedAt,
	}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	if year.Valid {
		y := int(year.Int64)
		o.YearIncorporated = &y
	}
	if verified.Valid {
		t := verified.Time
		o.LastVerifiedAt = &t
	}
	if archived.Valid {
		t := archived.Time
		o.ArchivedAt = &t
	}
	o.Sectors = []string{}
	return o, nil
}

// ViewOrganizations returns one page of organizations that match f, to
// someone who may read the directory (account.ViewDirectory).
func (s *Store) ViewOrganizations(ctx context.Context, actor account.Actor,
	f OrganizationFilter) (*Page[*Organization], error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}

	return s.ListOrganizations(ctx, f)
}

// ListOrganizations returns one page of organizations that match f, asking
// no rule: for the pages of other areas that offer organizations to pick
// (an initiative's backbone, a tie's other end) under their own rules.
// The directory's own pages read ViewOrganizations.
func (s *Store) ListOrganizations(ctx context.Context, f OrganizationFilter) (*Page[*Organization], error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	where := []string{"1=1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	switch f.Status {
	case "active":
		where = append(where, "o.archived_at IS NULL")
	case "archived":
		where = append(where, "o.archived_at IS NOT NULL")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// A part of the name or alternate name, in any case: by the
		// trigram index where there is one (migration 24), else by
		// reading every name.
		if cond, ok := store.NamePartMatch(s.db.Engine, "o.id", q, arg); ok {
			where = append(where, cond)
		} else {
			p := arg(store.LikePattern(q))
			where = append(where, fmt.Sprintf(`(lower(o.name) LIKE %s ESCAPE '\' OR lower(o.alternate_name) LIKE %s ESCAPE '\')`, p, p))
		}
	}
	if f.Sector != "" {
		where = append(
			where,
			"EXISTS (SELECT 1 FROM organization_sectors s WHERE s.organization_id = o.id AND s.sector = "+arg(
				f.Sector,
			)+")",
		)
	}
	if !f.UpdatedSince.IsZero() {
		where = append(where, "o.updated_at >= "+arg(f.UpdatedSince.UTC()))
	}
	cond := strings.Join(where, " AND ")
	page := &Page[*Organization]{Limit: f.Limit, Offset: f.Offset, Items: []*Organization{}}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations o WHERE `+cond, args...).Scan(&page.Total); err != nil {
		return nil, fmt.Errorf("count organizations: %w", err)
	}
	order := "lower(o.name), o.id"
	if f.Sort == "updated" {
		order = "o.updated_at DESC, o.id"
	}
	q := `SELECT ` + orgColumns + `, (SELECT COUNT(*) FROM services sv WHERE sv.organization_id = o.id)
		FROM organizations o WHERE ` + cond + ` ORDER BY ` + order + ` LIMIT ` + arg(f.Limit) + ` OFFSET ` + arg(f.Offset)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	defer rows.Close()
	byID := map[string]*Organization{}
	for rows.Next() {
		var n int
		o, err := scanOrganization(rows, &n)
		if err != nil {
			return nil, fmt.Errorf("list organizations: %w", err)
		}
		o.ServiceCount = n
		page.Items = append(page.Items, o)
		byID[o.ID] = o
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	if err := s.loadSectors(ctx, s.db, byID); err != nil {
		return nil, err
	}
	return page, nil
}

// loadSectors fills in the sectors of the given organizations in one query.
func (s *Store) loadSectors(ctx context.Context, q store.Querier, byID map[string]*Organization) error {
	if len(byID) == 0 {
		return nil
	}
	ids := make([]any, 0, len(byID))
	marks := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
		marks = append(marks, fmt.Sprintf("$%d", len(ids)))
	}
	rows, err := q.QueryContext(
		ctx,
		`SELECT organization_id, sector FROM organization_sectors WHERE organization_id IN (`+strings.Join(
			marks,
			",",
		)+`) ORDER BY sector`,
		ids...)
	if err != nil {
		return fmt.Errorf("load sectors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, sector string
		if err := rows.Scan(&id, &sector); err != nil {
			return err
		}
		byID[id].Sectors = append(byID[id].Sectors, sector)
	}
	return rows.Err()
}

// ViewOrganization returns one organization by id, archived or not, to
// someone who may read the directory (account.ViewDirectory).
func (s *Store) ViewOrganization(ctx context.Context, actor account.Actor, id string) (*Organization, error) {
	return s.OrganizationFor(ctx, actor, account.ViewDirectory, id)
}

// OrganizationFor returns the organization with this id to someone who may
// take action a on it (EditOrganization, ProposeUpdate, EditService, ...):
// what a form to do so starts from, or a partial update merges over. The
// operation checks again when it is carried out.
func (s *Store) OrganizationFor(ctx context.Context, actor account.Actor, a account.Action,
	id string) (*Organization, error) {
	if err := s.rules.Check(ctx, actor, a, account.Org(id)); err != nil {
		return nil, err
	}

	return s.organization(ctx, s.db, id)
}

// Organization returns one organization by id, archived or not, asking no
// rule: for other areas' operations that name an organization and check
// their own rules.
func (s *Store) Organization(ctx context.Context, id string) (*Organization, error) {
	return s.organization(ctx, s.db, id)
}

func (s *Store) organization(ctx context.Context, q store.Querier, id string) (*Organization, error) {
	var n int
	scan := func(row store.Scanner) (*Organization, error) { return scanOrganization(row, &n) }
	o, err := store.One(ctx, q, fmt.Sprintf("organization %q", id), scan, `SELECT `+orgColumns+`,
		(SELECT COUNT(*) FROM services sv WHERE sv.organization_id = o.id) FROM organizations o WHERE o.id = $1`, id)
	if err != nil {
		return nil, err
	}
	o.ServiceCount = n
	if err := s.loadSectors(ctx, q, map[string]*Organization{o.ID: o}); err != nil {
		return nil, err
	}
	return o, nil
}

// checkNameFree refuses a name that another active organization already
// has, for an organization added or renamed by hand: a courtesy against
// typing one twice. The database does not require it (migration 39), and
// an import does not check it: HSDS names are not unique.
func checkNameFree(ctx context.Context, q store.Querier, name, exceptID string) error {
	var other string
	err := q.QueryRowContext(ctx, `SELECT name FROM organizations WHERE lower(name) = lower($1) AND archived_at IS NULL AND id <> $2`, name, exceptID).
		Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check name: %w", err)
	}
	return &errs.ConflictError{
		Field:   "name",
		Message: fmt.Sprintf("an organization named %q is already in the directory", other),
	}
}

// checkIDFree refuses an id that an organization already has.
func checkIDFree(ctx context.Context, q store.Querier, id string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("check id: %w", err)
	}
	if n > 0 {
		return &errs.ConflictError{Field: "id", Message: fmt.Sprintf("an organization with id %q already exists", id)}
	}
	return nil
}

func nameClash(err error, name string) error {
	if store.IsUniqueViolation(err) {
		return &errs.ConflictError{
			Field:   "name",
			Message: fmt.Sprintf("an organization named %q is already in the directory", name),
		}
	}
	return err
}

func writeSectors(ctx context.Context, tx *sql.Tx, id string, sectors []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM organization_sectors WHERE organization_id = $1`, id); err != nil {
		return fmt.Errorf("replace sectors: %w", err)
	}
	for _, sct := range sectors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organization_sectors (organization_id, sector) VALUES ($1, $2)`, id, sct); err != nil {
			return fmt.Errorf("add sector %q: %w", sct, err)
		}
	}
	return nil
}

// CreateOrganization adds an organization to the directory. The id may be
// given (an import keeps the source's ids) or left empty for a new one.
func (s *Store) CreateOrganization(
	ctx context.Context,
	actor account.Actor,
	id string,
	in OrganizationInput,
) (*Organization, error) {
	var created *Organization
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		created, err = s.CreateOrganizationTx(ctx, tx, actor, id, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// CreateOrganizationTx is CreateOrganization inside the caller's
// transaction, for imports that add organizations along with other records.
// The stewards add organizations (account.CreateOrganization); an id that
// another organization has is a conflict, never an overwrite.
func (s *Store) CreateOrganizationTx(
	ctx context.Context,
	tx *sql.Tx,
	actor account.Actor,
	id string,
	in OrganizationInput,
) (*Organization, error) {
	if err := s.rules.Check(ctx, actor, account.CreateOrganization, account.Platform); err != nil {
		return nil, err
	}

	if err := in.Normalize(s.now()); err != nil {
		return nil, err
	}

	if id == "" {
		id = NewID()
	} else if err := checkIDFree(ctx, tx, id); err != nil {
		return nil, err
	}
	if err := checkNameFree(ctx, tx, in.Name, id); err != nil {
		return nil, err
	}
	if err := checkParent(ctx, tx, id, in.ParentOrganizationID); err != nil {
		return nil, err
	}
	now := s.now()
	_, err := tx.ExecContext(
		ctx,
		`INSERT INTO organizations (id, name, alternate_name, description, mission, email, website,
		tax_status, tax_id, year_incorporated, legal_status, last_verified_at, version, created_at, updated_at,
		parent_organization_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $12, $12, $13)`,
		id,
		in.Name,
		in.AlternateName,
		in.Description,
		in.Mission,
		in.Email,
		in.Website,
		in.TaxStatus,
		in.TaxID,
		in.YearIncorporated,
		in.LegalStatus,
		now,
		nullParent(in.ParentOrganizationID),
	)
	if err != nil {
		return nil, nameClash(fmt.Errorf("insert organization: %w", err), in.Name)
	}
	if err := writeSectors(ctx, tx, id, in.Sectors); err != nil {
		return nil, err
	}
	created, err := s.organization(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return created, account.Record(
		ctx,
		tx,
		actor,
		account.Event{At: s.now(), Action: "create", EntityType: "organization", EntityID: id,
			Summary: "added " + in.Name, After: InputOf(created)},
	)
}

// UpdateOrganization replaces the editable fields of an organization, for
// its admins and the stewards (account.EditOrganization). The version is
// the one the editor started from: if someone else saved in between, the
// update is refused rather than silently overwriting theirs. A version of 0
// skips that check.
func (s *Store) UpdateOrganization(
	ctx context.Context,
	actor account.Actor,
	id string,
	version int,
	in OrganizationInput,
) (*Organization, error) {
	if err := s.rules.Check(ctx, actor, account.EditOrganization, account.Org(id)); err != nil {
		return nil, err
	}

	var updated *Organization
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		updated, err = s.updateOrganizationTx(ctx, tx, actor, id, version, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return updated, nil
}

// updateOrganizationTx is UpdateOrganization inside the caller's
// transaction, so that accepting a proposal and applying it happen whole or
// not at all; the caller has checked the rule of its operation. The version
// works as in UpdateOrganization.
func (s *Store) updateOrganizationTx(ctx context.Context, tx *sql.Tx, actor account.Actor, id string, version int,
	in OrganizationInput) (*Organization, error) {
	if err := in.Normalize(s.now()); err != nil {
		return nil, err
	}
	before, err := s.organization(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && version != before.Version {
		return nil, &errs.ConflictError{
			Field: "version",
			Message: fmt.Sprintf(
				"%s was changed by someone else (version %d, now %d)",
				before.Name,
				version,
				before.Version,
			),
		}
	}
	if before.Archived() {
		return nil, &errs.ConflictError{Message: before.Name + " is archived; restore it before editing"}
	}
	// A name is checked only when it changes: an imported organization
	// that shares its name with another (names are not unique) can still
	// be edited.
	if !strings.EqualFold(in.Name, before.Name) {
		if err := checkNameFree(ctx, tx, in.Name, id); err != nil {
			return nil, err
		}
	}
	if in.ParentOrganizationID != before.ParentOrganizationID {
		if err := checkParent(ctx, tx, id, in.ParentOrganizationID); err != nil {
			return nil, err
		}
	}
	_, err = tx.ExecContext(
		ctx,
		`UPDATE organizations SET name = $1, alternate_name = $2, description = $3, mission = $4,
		email = $5, website = $6, tax_status = $7, tax_id = $8, year_incorporated = $9, legal_status = $10,
		version = version + 1, updated_at = $11, parent_organization_id = $13 WHERE id = $12`,
		in.Name,
		in.AlternateName,
		in.Description,
		in.Mission,
		in.Email,
		in.Website,
		in.TaxStatus,
		in.TaxID,
		in.YearIncorporated,
		in.LegalStatus,
		s.now(),
		id,
		nullParent(in.ParentOrganizationID),
	)
	if err != nil {
		return nil, nameClash(fmt.Errorf("update organization: %w", err), in.Name)
	}
	if err := writeSectors(ctx, tx, id, in.Sectors); err != nil {
		return nil, err
	}
	updated, err := s.organization(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return updated, account.Record(
		ctx,
		tx,
		actor,
		account.Event{At: s.now(), Action: "update", EntityType: "organization", EntityID: id,
			Summary: "edited " + in.Name, Before: InputOf(before), After: InputOf(updated)},
	)
}

// SetArchived archives an organization (it leaves lists and search but its
// history stays) or restores it, for the stewards
// (account.ArchiveOrganization).
func (s *Store) SetArchived(ctx context.Context, actor account.Actor, id string, archived bool) (*Organization, error) {
	if err := s.rules.Check(ctx, actor, account.ArchiveOrganization, account.Org(id)); err != nil {
		return nil, err
	}

	var out *Organization
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.organization(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Archived() == archived {
			out = before
			return nil
		}
		var at any
		action, summary := "restore", "restored "+before.Name
		if archived {
			at = s.now()
			action, summary = "archive", "archived "+before.Name
		} else if err := checkNameFree(ctx, tx, before.Name, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE organizations SET archived_at = $1, version = version + 1, updated_at = $2 WHERE id = $3`, at, s.now(), id); err != nil {
			return nameClash(fmt.Errorf("%s organization: %w", action, err), before.Name)
		}
		if out, err = s.organization(ctx, tx, id); err != nil {
			return err
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: action, EntityType: "organization", EntityID: id,
				Summary: summary, Before: map[string]any{"archived": before.Archived()}, After: map[string]any{"archived": archived}},
		)
	})
	return out, err
}

// CountOrganizations returns how many active organizations the directory has.
func (s *Store) CountOrganizations(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE archived_at IS NULL`).Scan(&n)
	return n, err
}

// OrganizationHistory returns the latest limit events of an organization's
// record (its edits, services and locations, verifications, proposals and
// reviews), newest first, to someone who may read the directory.
func (s *Store) OrganizationHistory(ctx context.Context, actor account.Actor, orgID string,
	limit int) ([]account.AuditEvent, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Org(orgID)); err != nil {
		return nil, err
	}

	return s.rules.ListAudit(ctx, account.AuditFilter{EntityType: KindOrganization, EntityID: orgID, Limit: limit})
}

// ListSectors returns the sectors an organization can work in (Sectors),
// to someone who may read the directory.
func (s *Store) ListSectors(ctx context.Context, actor account.Actor) ([]string, error) {
	if err := s.rules.Check(ctx, actor, account.ViewDirectory, account.Platform); err != nil {
		return nil, err
	}

	return append([]string(nil), Sectors...), nil
}

// maxParentDepth bounds the walk up a chain of parents: deeper than any
// real organization chart, short enough to end on a cycle already there.
const maxParentDepth = 64

// checkParent checks that parent may be organization id's parent: an
// organization of the directory, not id itself, and not one of id's own
// units (which would make a cycle).
func checkParent(ctx context.Context, q store.Querier, id, parent string) error {
	if parent == "" {
		return nil
	}
	fail := func(msg string) error {
		return &errs.ValidationError{Fields: map[string]string{"parent_organization_id": msg}}
	}
	if parent == id {
		return fail("an organization cannot be its own parent")
	}
	at := parent
	for range maxParentDepth {
		var up sql.NullString
		err := q.QueryRowContext(ctx, `SELECT parent_organization_id FROM organizations WHERE id = $1`, at).Scan(&up)
		if errors.Is(err, sql.ErrNoRows) {
			if at == parent {
				return fail("no organization has the id " + parent)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("check the parent organization: %w", err)
		}
		if !up.Valid || up.String == "" {
			return nil
		}
		if up.String == id {
			return fail("this organization is above the parent chosen: choosing it would make a cycle")
		}
		at = up.String
	}
	return fail("the chain of parent organizations is too deep")
}

func nullParent(id string) any {
	if id == "" {
		return nil
	}
	return id
}
