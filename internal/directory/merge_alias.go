package directory

import (
	"context"
	"fmt"
	"slices"

	"backbone/internal/hsds"
	"backbone/internal/store"
)

// applyAliases makes an import match the records merges kept: an
// organization of the file whose id was merged into another is left out
// (the kept record stands for it), and every record of the file that names
// it names the kept record instead. A merged id that was itself kept by a
// later merge leads on to the record kept last.
func applyAliases(ctx context.Context, q store.Querier, b *hsds.Bundle) error {
	aliases := map[string]string{}
	rows, err := q.QueryContext(ctx, `SELECT old_id, kept_id FROM organization_aliases`)
	if err != nil {
		return fmt.Errorf("read merged organizations: %w", err)
	}
	for rows.Next() {
		var old, kept string
		if err := rows.Scan(&old, &kept); err != nil {
			rows.Close()
			return fmt.Errorf("read merged organizations: %w", err)
		}
		aliases[old] = kept
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read merged organizations: %w", err)
	}
	if len(aliases) == 0 {
		return nil
	}

	kept := func(id string) string {
		for range len(aliases) {
			next, ok := aliases[id]
			if !ok {
				break
			}
			id = next
		}
		return id
	}
	b.Organizations = slices.DeleteFunc(b.Organizations, func(o hsds.OrganizationRecord) bool {
		_, merged := aliases[o.ID]
		return merged
	})
	for i := range b.Organizations {
		if p := b.Organizations[i].ParentOrganizationID; p != "" {
			b.Organizations[i].ParentOrganizationID = kept(p)
		}
	}
	for i := range b.Locations {
		b.Locations[i].OrganizationID = kept(b.Locations[i].OrganizationID)
	}
	for i := range b.Phones {
		b.Phones[i].OrganizationID = kept(b.Phones[i].OrganizationID)
	}
	for i := range b.Services {
		b.Services[i].OrganizationID = kept(b.Services[i].OrganizationID)
	}
	for i := range b.Records {
		if id, ok := b.Records[i].Values["organization_id"]; ok && id != "" {
			b.Records[i].Values["organization_id"] = kept(id)
		}
	}
	return nil
}
