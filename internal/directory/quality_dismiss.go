package directory

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// A steward may find a finding of the data-quality report right as it is
// (a P.O. box has no street, a phone line is a name on purpose): the
// dismissal takes it out of the list and the counts, is kept with who,
// when and a note, and shows in the dismissed view, where it can be
// restored. It holds only while the record is as it was: a fingerprint of
// the record's fields is kept with it, and a finding whose record has
// changed since is listed again, with no trigger or job to forget it.

// QualityKey names a finding of the report: its kind, the record it is in
// and the field, and the value at fault (for a name collision, the other
// organization's id).
type QualityKey struct {
	Kind     string `json:"kind"`
	Record   string `json:"record"`
	RecordID string `json:"record_id"`
	Field    string `json:"field"`
	Value    string `json:"value"`
}

// QualityDismissal is a steward's "right as it is" on a finding.
type QualityDismissal struct {
	Note        string    `json:"note"`
	DismissedAt time.Time `json:"dismissed_at"`
	DismissedBy string    `json:"dismissed_by"`
}

// key is the finding's key.
func (p QualityProblem) key() QualityKey {
	return QualityKey{Kind: p.Kind, Record: p.Record, RecordID: p.RecordID, Field: p.Field, Value: p.Value}
}

// maxQualityNote bounds a dismissal's note.
const maxQualityNote = 1000

// qualityRecords are the tables of the records findings are in, with the
// fields a fingerprint covers: every field a person or an import may
// change (numbers and times as text).
var qualityRecords = map[string]struct {
	table  string
	fields []string
}{
	"organization": {"organizations", []string{"name", "alternate_name", "description", "email", "website",
		"tax_status", "tax_id", "legal_status", "uri"}},
	"program": {"programs", []string{"organization_id", "name", "alternate_name", "description"}},
	"location": {"locations", []string{"location_type", "name", "alternate_name", "description", "url", "latitude",
		"longitude", "coordinates_approximate"}},
	"address": {"addresses", []string{"location_id", "attention", "address_1", "address_2", "city", "region",
		"state_province", "postal_code", "country", "address_type"}},
	"phone": {"phones", []string{"organization_id", "service_id", "location_id", "number", "extension", "type",
		"description"}},
	"schedule": {"schedules", []string{"service_id", "location_id", "service_at_location_id", "valid_from", "valid_to",
		"freq", "byday", "opens_at", "closes_at", "description", "notes"}},
	"language": {"languages", []string{"service_id", "location_id", "phone_id", "name", "code", "note"}},
}

// fingerprints reads the fingerprint of each record named, by kind of
// record; a record that no longer exists has none.
func fingerprints(ctx context.Context, q store.Querier, ids map[string][]string) (map[string]string, error) {
	out := map[string]string{}
	for record, list := range ids {
		r, ok := qualityRecords[record]
		if !ok {
			continue
		}
		cols := make([]string, len(r.fields))
		for i, f := range r.fields {
			cols[i] = "COALESCE(CAST(" + f + " AS TEXT), '')"
		}
		for chunk := range slices.Chunk(list, 500) {
			marks, args := inList(0, chunk)
			err := scanAll(ctx, q, 1+len(cols), `SELECT id, `+strings.Join(cols, ", ")+` FROM `+r.table+
				` WHERE id IN (`+marks+`)`, func(c []string) {
				h := sha256.Sum256([]byte(strings.Join(c[1:], "\x1f")))
				out[record+"\x00"+c[0]] = hex.EncodeToString(h[:12])
			}, args...)
			if err != nil {
				return nil, fmt.Errorf("read %s records: %w", record, err)
			}
		}
	}
	return out, nil
}

// dismissalsInForce reads the dismissals whose record is as it was when
// dismissed.
func dismissalsInForce(ctx context.Context, q store.Querier) (map[QualityKey]QualityDismissal, error) {
	type kept struct {
		key         QualityKey
		fingerprint string
		d           QualityDismissal
	}
	var all []kept
	rows, err := q.QueryContext(ctx, `SELECT kind, record, record_id, field, value, fingerprint, note, dismissed_at,
		dismissed_by FROM quality_dismissals`)
	if err != nil {
		return nil, fmt.Errorf("read dismissed findings: %w", err)
	}
	for rows.Next() {
		var k kept
		if err := rows.Scan(&k.key.Kind, &k.key.Record, &k.key.RecordID, &k.key.Field, &k.key.Value, &k.fingerprint,
			&k.d.Note, &k.d.DismissedAt, &k.d.DismissedBy); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read dismissed findings: %w", err)
		}
		all = append(all, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read dismissed findings: %w", err)
	}
	if len(all) == 0 {
		return nil, nil
	}

	ids := map[string][]string{}
	for _, k := range all {
		ids[k.key.Record] = append(ids[k.key.Record], k.key.RecordID)
	}
	now, err := fingerprints(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := map[QualityKey]QualityDismissal{}
	for _, k := range all {
		if now[k.key.Record+"\x00"+k.key.RecordID] == k.fingerprint {
			out[k.key] = k.d
		}
	}
	return out, nil
}

// checkQualityKey refuses a key that names no kind of finding or record.
func checkQualityKey(k QualityKey) error {
	var v errs.ValidationError
	if !slices.ContainsFunc(QualityKinds, func(q struct{ Kind, Label string }) bool { return q.Kind == k.Kind }) {
		v.Add("kind", "is not a kind of finding")
	}
	if _, ok := qualityRecords[k.Record]; !ok {
		v.Add("record", "must be one of organization, program, location, address, phone, schedule, language")
	}
	if k.RecordID == "" {
		v.Add("record_id", "is required")
	}
	if k.Field == "" {
		v.Add("field", "is required")
	}
	return v.OrNil()
}

// DismissQualityProblem marks a finding "right as it is", with an optional
// note: it leaves the report's list and counts until its record changes.
// Dismissing it again replaces the note. The stewards dismiss
// (account.DismissQualityProblem).
func (s *Store) DismissQualityProblem(ctx context.Context, actor account.Actor, k QualityKey, note string) error {
	if err := s.rules.Check(ctx, actor, account.DismissQualityProblem, account.Platform); err != nil {
		return err
	}
	if err := checkQualityKey(k); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > maxQualityNote {
		var v errs.ValidationError
		v.Add("note", fmt.Sprintf("must be at most %d characters", maxQualityNote))
		return &v
	}

	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		fp, err := fingerprints(ctx, tx, map[string][]string{k.Record: {k.RecordID}})
		if err != nil {
			return err
		}
		fingerprint, ok := fp[k.Record+"\x00"+k.RecordID]
		if !ok {
			return errs.ErrNotFound
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `DELETE FROM quality_dismissals
			WHERE kind = $1 AND record = $2 AND record_id = $3 AND field = $4 AND value = $5`,
			k.Kind, k.Record, k.RecordID, k.Field, k.Value); err != nil {
			return fmt.Errorf("dismiss a finding: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO quality_dismissals (kind, record, record_id, field, value,
			fingerprint, note, dismissed_at, dismissed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			k.Kind, k.Record, k.RecordID, k.Field, k.Value, fingerprint, note, now, actor.Label); err != nil {
			return fmt.Errorf("dismiss a finding: %w", err)
		}
		return account.Record(ctx, tx, actor, account.Event{At: now, Action: "quality_dismiss", EntityType: "directory",
			EntityID: k.Record + "/" + k.RecordID, Summary: "found the " + strings.ReplaceAll(k.Field, "_", " ") +
				" of " + article(k.Record) + " right as it is (" + k.Kind + ")",
			After: map[string]any{"key": k, "note": note}})
	})
}

// RestoreQualityProblem takes back a dismissal: the finding is listed
// again. The stewards restore (account.DismissQualityProblem).
func (s *Store) RestoreQualityProblem(ctx context.Context, actor account.Actor, k QualityKey) error {
	if err := s.rules.Check(ctx, actor, account.DismissQualityProblem, account.Platform); err != nil {
		return err
	}
	if err := checkQualityKey(k); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM quality_dismissals
			WHERE kind = $1 AND record = $2 AND record_id = $3 AND field = $4 AND value = $5`,
			k.Kind, k.Record, k.RecordID, k.Field, k.Value)
		if err != nil {
			return fmt.Errorf("restore a finding: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "quality_restore",
			EntityType: "directory", EntityID: k.Record + "/" + k.RecordID,
			Summary: "listed again the " + strings.ReplaceAll(k.Field, "_", " ") + " of " + article(k.Record) +
				" (" + k.Kind + ")", Before: map[string]any{"key": k}})
	})
}

// splitDismissed parts the findings into those listed and those a
// dismissal in force covers (each with its dismissal).
func splitDismissed(all []QualityProblem, in map[QualityKey]QualityDismissal) (listed, dismissed []QualityProblem) {
	if len(in) == 0 {
		return all, nil
	}
	for _, p := range all {
		if d, ok := in[p.key()]; ok {
			p.Dismissal = &d
			dismissed = append(dismissed, p)
		} else {
			listed = append(listed, p)
		}
	}
	return listed, dismissed
}
