package directory

import (
	"context"
	"fmt"
	"slices"

	"backbone/internal/hsds"
	"backbone/internal/store"
)

// aliases maps the ids merges merged to the ids they kept.
type aliases map[string]string

// readAliases reads the merged ids of one kind (organization_aliases or
// service_aliases).
func readAliases(ctx context.Context, q store.Querier, table string) (aliases, error) {
	out := aliases{}
	rows, err := q.QueryContext(ctx, `SELECT old_id, kept_id FROM `+table)
	if err != nil {
		return nil, fmt.Errorf("read merged records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var old, kept string
		if err := rows.Scan(&old, &kept); err != nil {
			return nil, fmt.Errorf("read merged records: %w", err)
		}
		out[old] = kept
	}
	return out, rows.Err()
}

// kept is the id that stands for id: id itself when it was not merged; a
// merged id that was itself kept by a later merge leads on to the record
// kept last.
func (a aliases) kept(id string) string {
	for range len(a) {
		next, ok := a[id]
		if !ok {
			break
		}
		id = next
	}
	return id
}

// applyAliases makes an import match the records merges kept: an
// organization or a service of the file whose id was merged into another is
// left out (the kept record stands for it), and every record of the file
// that names it names the kept record instead.
func applyAliases(ctx context.Context, q store.Querier, b *hsds.Bundle) error {
	orgs, err := readAliases(ctx, q, "organization_aliases")
	if err != nil {
		return err
	}
	services, err := readAliases(ctx, q, "service_aliases")
	if err != nil {
		return err
	}

	if len(orgs) > 0 {
		b.Organizations = slices.DeleteFunc(b.Organizations, func(o hsds.OrganizationRecord) bool {
			_, merged := orgs[o.ID]
			return merged
		})
		for i := range b.Organizations {
			if p := b.Organizations[i].ParentOrganizationID; p != "" {
				b.Organizations[i].ParentOrganizationID = orgs.kept(p)
			}
		}
		for i := range b.Locations {
			b.Locations[i].OrganizationID = orgs.kept(b.Locations[i].OrganizationID)
		}
		for i := range b.Phones {
			b.Phones[i].OrganizationID = orgs.kept(b.Phones[i].OrganizationID)
		}
		for i := range b.Services {
			b.Services[i].OrganizationID = orgs.kept(b.Services[i].OrganizationID)
		}
		for i := range b.Records {
			if id, ok := b.Records[i].Values["organization_id"]; ok && id != "" {
				b.Records[i].Values["organization_id"] = orgs.kept(id)
			}
		}
	}

	if len(services) > 0 {
		b.Services = slices.DeleteFunc(b.Services, func(sv hsds.ServiceRecord) bool {
			_, merged := services[sv.ID]
			return merged
		})
		for i := range b.ServiceAtLocations {
			b.ServiceAtLocations[i].ServiceID = services.kept(b.ServiceAtLocations[i].ServiceID)
		}
		for i := range b.Phones {
			if id := b.Phones[i].ServiceID; id != "" {
				b.Phones[i].ServiceID = services.kept(id)
			}
		}
		for i := range b.Records {
			v := b.Records[i].Values
			if id, ok := v["service_id"]; ok && id != "" {
				v["service_id"] = services.kept(id)
			}
			if b.Records[i].Table == "attribute" && v["link_entity"] == "service" && v["link_id"] != "" {
				v["link_id"] = services.kept(v["link_id"])
			}
		}
	}
	return nil
}
