package app_test

import (
	"context"
	"fmt"
	"strings"

	"backbone/internal/store"

	"modernc.org/sqlite"
)

// pgSnapshot is every row of every table of a PostgreSQL test schema, to
// put back after a request changed them: faster than a new database per
// request (creating one from a template is quick, dropping one is not). A
// digest of each table tells which ones a request changed, so that only
// those are put back.
type pgSnapshot struct {
	tables  []pgTable
	digests map[string]string
	digest  string // the query that digests every table at once
}

type pgTable struct {
	name     string
	columns  []string
	rows     [][]any
	sequence string // the setval statement of its serial column, if it has one
}

// snapshotPostgres reads every table of db's schema.
func snapshotPostgres(db *store.DB) (*pgSnapshot, error) {
	ctx := context.Background()
	names, err := texts(db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		return nil, err
	}
	snap := &pgSnapshot{}
	for _, name := range names {
		rows, err := db.QueryContext(ctx, `SELECT * FROM `+quote(name))
		if err != nil {
			return nil, err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return nil, err
		}
		tb := pgTable{name: name, columns: cols}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			tb.rows = append(tb.rows, vals)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		snap.tables = append(snap.tables, tb)
	}
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf(`SELECT '%s', md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM %s t`, name, quote(name))
	}
	snap.digest = strings.Join(parts, " UNION ALL ")
	if snap.digests, err = snap.read(db); err != nil {
		return nil, err
	}
	seqs, err := db.QueryContext(ctx, `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name)
		FROM information_schema.columns WHERE table_schema = current_schema()
		AND (column_default LIKE 'nextval%' OR is_identity = 'YES')`)
	if err != nil {
		return nil, err
	}
	defer seqs.Close()
	for seqs.Next() {
		var table, column string
		var seq *string
		if err := seqs.Scan(&table, &column, &seq); err != nil {
			return nil, err
		}
		for i := range snap.tables {
			if seq != nil && snap.tables[i].name == table {
				snap.tables[i].sequence = fmt.Sprintf(`SELECT setval('%s', COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)`,
					*seq, quote(column), quote(table))
			}
		}
	}
	return snap, seqs.Err()
}

// read digests every table.
func (s *pgSnapshot) read(db *store.DB) (map[string]string, error) {
	rows, err := db.QueryContext(context.Background(), s.digest)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, digest string
		if err := rows.Scan(&name, &digest); err != nil {
			return nil, err
		}
		out[name] = digest
	}
	return out, rows.Err()
}

// restore puts back, in one transaction, the tables whose rows differ from
// the snapshot's, with their sequences where they were; triggers and
// foreign keys stay quiet meanwhile (the rows were consistent when read).
func (s *pgSnapshot) restore(db *store.DB) error {
	ctx := context.Background()
	now, err := s.read(db)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		return err
	}
	for _, tb := range s.tables {
		if now[tb.name] == s.digests[tb.name] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+quote(tb.name)); err != nil {
			return err
		}
		if len(tb.rows) > 0 {
			cols := make([]string, len(tb.columns))
			marks := make([]string, len(tb.columns))
			for i, c := range tb.columns {
				cols[i], marks[i] = quote(c), fmt.Sprintf("$%d", i+1)
			}
			insert := fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s)`, quote(tb.name), strings.Join(cols, ", "), strings.Join(marks, ", "))
			for _, r := range tb.rows {
				if _, err := tx.ExecContext(ctx, insert, r...); err != nil {
					return fmt.Errorf("put back a row of %s: %w", tb.name, err)
				}
			}
		}
		if tb.sequence != "" {
			if _, err := tx.ExecContext(ctx, tb.sequence); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// texts runs a query of one text column.
func texts(db *store.DB, query string) ([]string, error) {
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// restoreSQLite copies the snapshot file over db's database with SQLite's
// backup API, page by page, through one of its connections; the others
// read the restored pages at their next statement.
func restoreSQLite(db *store.DB, snapshot string) error {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) cannot restore a backup", dc)
		}
		b, err := r.NewRestore("file:" + snapshot)
		if err != nil {
			return err
		}
		for more := true; more; { // Step says whether pages are left to copy
			if more, err = b.Step(-1); err != nil {
				b.Finish()
				return err
			}
		}
		return b.Finish()
	})
}
