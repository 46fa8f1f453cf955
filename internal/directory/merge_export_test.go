package directory

import (
	"context"
	"fmt"
	"strings"

	"backbone/internal/store"
)

// MergeRefColumns lists the table.column pairs a merge moves, for the
// test that keeps the list complete.
func MergeRefColumns() []string {
	var out []string
	for _, r := range orgRefs {
		out = append(out, r.refName())
	}
	return out
}

// ReferenceCounts counts, for each column a merge moves, the rows that
// name the organization.
func ReferenceCounts(ctx context.Context, q store.Querier, orgID string) (map[string]int, error) {
	out := map[string]int{}
	for _, r := range orgRefs {
		var n int
		if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+r.Table+" WHERE "+r.Column+" = $1", orgID).
			Scan(&n); err != nil {
			return nil, fmt.Errorf("%s: %w", r.refName(), err)
		}
		if n > 0 {
			out[r.refName()] = n
		}
	}
	return out, nil
}

// ReferenceSnapshot writes out every row's organization in every column a
// merge moves, with the rows' keys, and the organizations' mergeable
// fields and archived state: equal snapshots mean an undo restored
// exactly.
func ReferenceSnapshot(ctx context.Context, q store.Querier) (string, error) {
	return organizationMerging.snapshot(ctx, q, "CASE WHEN archived_at IS NULL THEN 'active' ELSE 'archived' END")
}

// snapshot writes out every row's record in every column a merge of mt
// moves, with the rows' keys, and the records' mergeable fields and state.
func (mt mergeTable) snapshot(ctx context.Context, q store.Querier, state string) (string, error) {
	var b strings.Builder
	for _, r := range mt.refs {
		cols := []string{}
		for _, k := range r.Keys {
			cols = append(cols, "CAST("+k.Name+" AS TEXT)")
		}
		cols = append(cols, "COALESCE("+r.Column+", '')")
		if err := dump(ctx, q, &b, r.refName(), "SELECT "+strings.Join(cols, ", ")+" FROM "+r.Table+
			" ORDER BY "+strings.Join(cols, ", ")); err != nil {
			return "", err
		}
	}
	cols := []string{"id", state}
	for _, f := range mt.fields {
		if mt.numbers[f.Name] {
			cols = append(cols, "COALESCE(CAST("+f.Name+" AS TEXT), '')")
		} else {
			cols = append(cols, f.Name)
		}
	}
	err := dump(ctx, q, &b, mt.table, "SELECT "+strings.Join(cols, ", ")+" FROM "+mt.table+" ORDER BY id")
	return b.String(), err
}

func dump(ctx context.Context, q store.Querier, b *strings.Builder, name, query string) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]string, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(b, "%s: %s\n", name, strings.Join(vals, " | "))
	}
	return rows.Err()
}

// ServiceMergeRefColumns lists the table.column pairs a service merge
// moves, for the test that keeps the list complete.
func ServiceMergeRefColumns() []string {
	var out []string
	for _, r := range serviceRefs {
		out = append(out, r.refName())
	}
	return out
}

// ServiceReferenceSnapshot writes out every row's service in every column a
// service merge moves, with the rows' keys, and the services' mergeable
// fields and status: equal snapshots mean an undo restored exactly.
func ServiceReferenceSnapshot(ctx context.Context, q store.Querier) (string, error) {
	return serviceMerging.snapshot(ctx, q, "status")
}
