package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Kinds of record that can be verified.
const (
	KindOrganization = "organization"
	KindService      = "service"
)

// DefaultVerificationAge is how old a verification may get before the
// record is listed as needing another one, unless the caller says otherwise.
const DefaultVerificationAge = 365 * 24 * time.Hour

// Verification says who last confirmed that a record is still right, and when.
type Verification struct {
	Kind       string    `json:"kind"`
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	VerifiedAt time.Time `json:"verified_at"`
	VerifiedBy string    `json:"verified_by"`
}

// StaleRecord is an organization or a service whose last verification is
// older than the age asked for, or that was never verified.
type StaleRecord struct {
	Kind             string     `json:"kind"`
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	LastVerifiedAt   *time.Time `json:"last_verified_at"`
	VerifiedBy       string     `json:"verified_by"`
}

// verifiable names the table that holds each kind of record.
var verifiable = map[string]string{KindOrganization: "organizations", KindService: "services"}

// Verify records that actor, a steward (account.VerifyRecord), has checked
// the record and found it right: its last verification becomes now and
// actor. It does not change the record's version, so an edit in progress is
// not disturbed by it.
func (s *Store) Verify(ctx context.Context, actor account.Actor, kind, id string) (*Verification, error) {
	if err := s.rules.Check(ctx, actor, account.VerifyRecord, account.Platform); err != nil {
		return nil, err
	}

	table, ok := verifiable[kind]
	if !ok {
		v := &errs.ValidationError{}
		v.Add("kind", "must be organization or service")
		return nil, v
	}
	out := &Verification{Kind: kind, ID: id, VerifiedAt: s.now(), VerifiedBy: actor.Label}
	if out.VerifiedBy == "" {
		out.VerifiedBy = "system"
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var before sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT name, last_verified_at FROM `+table+` WHERE id = $1`, id).Scan(&out.Name, &before)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s %q: %w", kind, id, errs.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("verify %s %q: %w", kind, id, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET last_verified_at = $1, verified_by = $2 WHERE id = $3`,
			out.VerifiedAt, out.VerifiedBy, id); err != nil {
			return fmt.Errorf("verify %s %q: %w", kind, id, err)
		}
		var was any
		if before.Valid {
			was = before.Time
		}
		return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "verify", EntityType: kind, EntityID: id,
			Summary: "verified " + out.Name, Before: map[string]any{"last_verified_at": was},
			After: map[string]any{"last_verified_at": out.VerifiedAt}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// staleColumns are what a record needing verification is listed with,
// then its place in the list's order: g (0 never verified, 1 verified),
// the verification, the organization's name and the kind (0 organization,
// 1 service) and name, lower-cased, and the id.
const staleColumns = `kind, id, name, organization_id, organization_name, last_verified_at, verified_by, g, k2, k3, k4`

// staleRecordsPage is the query of one page of the records needing
// verification ($1 the cut-off, $2 how far the page reaches, $3 and $4 the
// limit and offset), in NeedsVerification's order. It is the merge of four
// lists, each cut at the end of the page: organizations never verified,
// by name (an active organization's name is unique in any case, so the
// name orders them; SQLite finds them by the index on last_verified_at and
// sorts them, 70 ms for 250,000); services never verified, by their
// organization's name then their own (walking the organizations by the
// index on their names, CROSS JOIN keeping SQLite to it, and sorting each
// one's services); and the organizations and the services verified before
// the cut-off, oldest first, by the indexes on last_verified_at. As one
// list of every record sorted whole, a page took 2.6-2.8 s at a million
// services on SQLite (where an import leaves every record never verified)
// and 1.3 s on PostgreSQL; now 0.15-0.23 s and 32-71 ms, the count 85 and
// 31 ms of it.
const staleRecordsPage = `SELECT ` + staleColumns + ` FROM (
	SELECT * FROM (SELECT 'organization' AS kind, o.id AS id, o.name AS name, o.id AS organization_id, o.name AS organization_name,
		o.last_verified_at AS last_verified_at, o.verified_by AS verified_by, 0 AS g, lower(o.name) AS k2, 0 AS k3, lower(o.name) AS k4
		FROM organizations o WHERE o.archived_at IS NULL AND o.last_verified_at IS NULL ORDER BY lower(o.name) LIMIT $2) a
	UNION ALL
	SELECT * FROM (SELECT 'service', sv.id, sv.name, o.id, o.name, sv.last_verified_at, sv.verified_by, 0, lower(o.name), 1, lower(sv.name)
		FROM organizations o CROSS JOIN services sv WHERE o.archived_at IS NULL AND sv.organization_id = o.id AND sv.last_verified_at IS NULL
		ORDER BY lower(o.name), lower(sv.name), sv.id LIMIT $2) b
	UNION ALL
	SELECT * FROM (SELECT 'organization', o.id, o.name, o.id, o.name, o.last_verified_at, o.verified_by, 1, lower(o.name), 0, lower(o.name)
		FROM organizations o WHERE o.archived_at IS NULL AND o.last_verified_at < $1 ORDER BY o.last_verified_at, lower(o.name), o.id LIMIT $2) c
	UNION ALL
	SELECT * FROM (SELECT 'service', sv.id, sv.name, o.id, o.name, sv.last_verified_at, sv.verified_by, 1, lower(o.name), 1, lower(sv.name)
		FROM services sv CROSS JOIN organizations o WHERE sv.last_verified_at < $1 AND o.id = sv.organization_id AND o.archived_at IS NULL
		ORDER BY sv.last_verified_at, lower(o.name), lower(sv.name), sv.id LIMIT $2) d
	) r ORDER BY g, last_verified_at, k2, k3, k4, id LIMIT $3 OFFSET $4`

// staleRecordsCount counts the records needing verification ($1 the
// cut-off): every stale record by the indexes on last_verified_at (never
// verified and verified before the cut-off counted apart, each a range of
// the index: as one OR, SQLite took twice as long), less those of the
// archived organizations (few, by their partial index), so that no
// record's organization is read.
const staleRecordsCount = `SELECT
	(SELECT COUNT(*) FROM organizations WHERE last_verified_at IS NULL) + (SELECT COUNT(*) FROM organizations WHERE last_verified_at < $1)
	- (SELECT COUNT(*) FROM organizations WHERE archived_at IS NOT NULL AND (last_verified_at IS NULL OR last_verified_at < $1))
	+ (SELECT COUNT(*) FROM services WHERE last_verified_at IS NULL) + (SELECT COUNT(*) FROM services WHERE last_verified_at < $1)
	- (SELECT COUNT(*) FROM services sv WHERE sv.id IN (` + archivedServices + `) AND (sv.last_verified_at IS NULL OR sv.last_verified_at < $1))`

// NeedsVerification lists the organizations and services whose last
// verification is older than olderThan, or that were never verified, those
// never verified first (by organization, the organization before its
// services, each by name) and then the oldest first: the stewards' work
// list (account.ListStaleRecords).
func (s *Store) NeedsVerification(ctx context.Context, actor account.Actor, olderThan time.Duration,
	limit, offset int) (*Page[StaleRecord], error) {
	if err := s.rules.Check(ctx, actor, account.ListStaleRecords, account.Platform); err != nil {
		return nil, err
	}

	var v errs.ValidationError
	if olderThan < 0 {
		v.Add("older_than_days", "must not be negative")
	}
	if limit == 0 {
		limit = 50
	}
	if limit < 1 || limit > MaxPageSize {
		v.Add("limit", fmt.Sprintf("must be between 1 and %d", MaxPageSize))
	}
	if offset < 0 {
		v.Add("offset", "must not be negative")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	cutoff := s.now().Add(-olderThan)
	page := &Page[StaleRecord]{Items: []StaleRecord{}, Limit: limit, Offset: offset}
	if err := s.db.QueryRowContext(ctx, staleRecordsCount, cutoff).Scan(&page.Total); err != nil {
		return nil, fmt.Errorf("count records needing verification: %w", err)
	}
	if offset >= page.Total {
		return page, nil
	}
	rows, err := s.db.QueryContext(ctx, staleRecordsPage, cutoff, offset+limit, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list records needing verification: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r StaleRecord
		var at nullTime
		var g, k3 int
		var k2, k4 string
		if err := rows.Scan(&r.Kind, &r.ID, &r.Name, &r.OrganizationID, &r.OrganizationName, &at, &r.VerifiedBy, &g, &k2, &k3, &k4); err != nil {
			return nil, fmt.Errorf("list records needing verification: %w", err)
		}
		r.LastVerifiedAt = at.ptr()
		page.Items = append(page.Items, r)
	}
	return page, rows.Err()
}

// nullTime reads a time that may be NULL. SQLite gives a column of a
// UNION in a subquery no declared type, so its times arrive as text there.
type nullTime struct {
	t     time.Time
	valid bool
}

// sqliteTimeLayouts are the forms modernc's SQLite writes times in
// (_time_format=sqlite) and SQLite's own CURRENT_TIMESTAMP.
var sqliteTimeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05", time.RFC3339Nano}

func (n *nullTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		n.valid = false
		return nil
	case time.Time:
		n.t, n.valid = x, true
		return nil
	case []byte:
		v = string(x)
	}
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("read time: unexpected %T", v)
	}
	for _, layout := range sqliteTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			n.t, n.valid = t, true
			return nil
		}
	}
	return fmt.Errorf("read time: cannot read %q", s)
}

func (n nullTime) ptr() *time.Time {
	if !n.valid {
		return nil
	}
	t := n.t
	return &t
}
