package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/hsds"
	"backbone/internal/store"
)

// Counts says how many records of each kind an import saved (added or updated).
type Counts struct {
	Organizations      int `json:"organizations"`
	Locations          int `json:"locations"`
	Addresses          int `json:"addresses"`
	Phones             int `json:"phones"`
	Services           int `json:"services"`
	ServiceAtLocations int `json:"service_at_locations"`
	// The HSDS 3.0 objects beyond those above.
	Taxonomies              int `json:"taxonomies,omitempty"`
	TaxonomyTerms           int `json:"taxonomy_terms,omitempty"`
	Programs                int `json:"programs,omitempty"`
	Contacts                int `json:"contacts,omitempty"`
	Schedules               int `json:"schedules,omitempty"`
	Languages               int `json:"languages,omitempty"`
	ServiceAreas            int `json:"service_areas,omitempty"`
	CostOptions             int `json:"cost_options,omitempty"`
	RequiredDocuments       int `json:"required_documents,omitempty"`
	Fundings                int `json:"funding,omitempty"`
	Accessibility           int `json:"accessibility,omitempty"`
	OrganizationIdentifiers int `json:"organization_identifiers,omitempty"`
	Attributes              int `json:"attributes,omitempty"`
	Metadata                int `json:"metadata,omitempty"`
	MetaTableDescriptions   int `json:"meta_table_descriptions,omitempty"`
	URLs                    int `json:"urls,omitempty"` // HSDS 3.1's objects
	Units                   int `json:"units,omitempty"`
	ServiceCapacities       int `json:"service_capacities,omitempty"`
	// Unlinked counts references to records found neither in the import
	// nor in the database, which were left empty (HSDS's own example
	// package has some).
	Unlinked int `json:"unlinked,omitempty"`
	// Quality is the data-quality report of the records an upload brought
	// (ImportQuality), set by ImportUpload; an answer shows it beside the
	// counts.
	Quality *QualityReport `json:"-"`
}

// String says the counts in words, for the audit log and the command line.
func (c Counts) String() string {
	return fmt.Sprintf("%d organizations, %d locations, %d addresses, %d phones, %d services, %d services at locations",
		c.Organizations, c.Locations, c.Addresses, c.Phones, c.Services, c.ServiceAtLocations) + c.hsdsString()
}

// SaveBundle writes a bundle in one transaction, adding new records and
// updating those saved by an earlier import of the same source (records are
// matched by id), so importing twice leaves one copy of everything. It
// records one audit event for the whole import. If any record cannot be
// saved, such as one whose reference leads nowhere, nothing is written and
// the error names the record's source row. Problems of quality (an empty
// city, names that collide) do not refuse it: QualityReport lists them. The
// stewards import (account.ImportDirectory).
func (s *Store) SaveBundle(ctx context.Context, actor account.Actor, b *hsds.Bundle) (Counts, error) {
	var c Counts
	if err := s.rules.Check(ctx, actor, account.ImportDirectory, account.Platform); err != nil {
		return c, err
	}

	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := applyAliases(ctx, tx, b); err != nil { // merged organizations match the records kept (merge_alias.go)
			return err
		}
		l := newLinker(ctx, tx, b)
		// The search index is brought up to date once, at the end.
		if err := store.DeferSearchIndex(ctx, tx, s.db.Engine); err != nil {
			return err
		}
		restore, err := store.BulkCache(ctx, tx, s.db.Engine)
		if err != nil {
			return err
		}
		defer restore()
		// Backbone's own fields (mission, sectors, archived) are left
		// alone, and the version only moves when the source changed. The
		// parent organization is set once all are in (see saveParents).
		orgs := newUpserts(
			ctx,
			tx,
			s.db.Engine,
			"organizations",
			[]string{"id", "name", "alternate_name", "description", "email", "website",
				"tax_status", "tax_id", "year_incorporated", "legal_status", "logo", "uri", "version", "created_at", "updated_at"},
			`ON CONFLICT (id) DO UPDATE SET name = excluded.name, alternate_name = excluded.alternate_name,
				description = excluded.description, email = excluded.email, website = excluded.website,
				tax_status = excluded.tax_status, tax_id = excluded.tax_id, year_incorporated = excluded.year_incorporated,
				legal_status = excluded.legal_status, logo = excluded.logo, uri = excluded.uri,
				version = organizations.version + 1, updated_at = excluded.updated_at
			WHERE organizations.name <> excluded.name OR organizations.alternate_name <> excluded.alternate_name
				OR organizations.description <> excluded.description OR organizations.email <> excluded.email
				OR organizations.website <> excluded.website OR organizations.tax_status <> excluded.tax_status
				OR organizations.tax_id <> excluded.tax_id OR organizations.legal_status <> excluded.legal_status
				OR organizations.logo <> excluded.logo OR organizations.uri <> excluded.uri
				OR organizations.year_incorporated IS DISTINCT FROM excluded.year_incorporated`,
			func(source string, err error) error { return fmt.Errorf("%s: %w", source, err) },
		)
		// Names are not unique (HSDS says so): two organizations whose
		// names differ only in case both import, and the data-quality
		// report lists them for a steward (QualityReport).
		for _, o := range b.Organizations {
			if err := orgs.add(o.Source, o.ID, o.Name, o.AlternateName, o.Description, o.Email, o.Website, o.TaxStatus, o.TaxID,
				o.YearIncorporated, o.LegalStatus, o.Logo, o.URI, 1, now, now); err != nil {
				return err
			}
			c.Organizations++
			l.progress()
		}
		if err := orgs.flush(); err != nil {
			return err
		}
		if err := s.saveRecords(ctx, tx, l, b, &c, "taxonomy", "taxonomy_term", "program"); err != nil {
			return err
		}
		cols := []string{
			"id",
			"organization_id",
			"location_type",
			"name",
			"alternate_name",
			"description",
			"transportation",
			"url",
			"latitude",
			"longitude",
			"external_identifier",
			"external_identifier_type",
		}
		locations := newUpserts(ctx, tx, s.db.Engine, "locations", cols, upsertTail(cols),
			func(source string, err error) error { return saveError(source, "location", err) })
		for _, l0 := range b.Locations {
			org, err := l.optional("organization", l0.OrganizationID)
			if err != nil {
				return err
			}
			if err := locations.add(l0.Source, l0.ID, org, l0.LocationType, l0.Name, l0.AlternateName, l0.Description, l0.Transportation, l0.URL,
				l0.Latitude, l0.Longitude, l0.ExternalIdentifier, l0.ExternalIdentifierType); err != nil {
				return err
			}
			c.Locations++
			l.progress()
		}
		if err := locations.flush(); err != nil {
			return err
		}
		cols = []string{
			"id",
			"location_id",
			"attention",
			"address_1",
			"address_2",
			"city",
			"region",
			"state_province",
			"postal_code",
			"country",
			"address_type",
		}
		addresses := newUpserts(ctx, tx, s.db.Engine, "addresses", cols, upsertTail(cols),
			func(source string, err error) error { return saveError(source, "address", err) })
		for _, a := range b.Addresses {
			if err := l.required(a.Source, "location_id", "location", a.LocationID); err != nil {
				return err
			}
			if err := addresses.add(a.Source, a.ID, a.LocationID, a.Attention, a.Address1, a.Address2, a.City, a.Region, a.StateProvince,
				a.PostalCode, a.Country, a.Type); err != nil {
				return err
			}
			c.Addresses++
			l.progress()
		}
		if err := addresses.flush(); err != nil {
			return err
		}
		cols = []string{"id", "organization_id", "name", "alternate_name", "description", "url", "email",
			"status", "interpretation_services", "application_process", "fees_description", "wait_time", "eligibility_description",
			"created_at", "updated_at", "program_id", "fees", "accreditations", "minimum_age", "maximum_age", "assured_date", "assurer_email",
			"licenses", "alert", "last_modified"}
		// Every column but created_at is the source's.
		sets := slices.DeleteFunc(slices.Clone(cols), func(c string) bool { return c == "created_at" })
		services := newUpserts(ctx, tx, s.db.Engine, "services", cols, upsertTail(sets),
			func(source string, err error) error { return saveError(source, "service", err) })
		for _, sv := range b.Services {
			if err := l.required(sv.Source, "organization_id", "organization", sv.OrganizationID); err != nil {
				return err
			}
			program, err := l.optional("program", sv.ProgramID)
			if err != nil {
				return err
			}
			if err := services.add(sv.Source, sv.ID, sv.OrganizationID, sv.Name, sv.AlternateName, sv.Description, sv.URL, sv.Email, sv.Status,
				sv.InterpretationServices, sv.ApplicationProcess, sv.Fees, sv.WaitTime, sv.Eligibility, now, now,
				program, sv.FeesText, sv.Accreditations, sv.MinimumAge, sv.MaximumAge, sv.AssuredDate, sv.AssurerEmail,
				sv.Licenses, sv.Alert, sv.LastModified); err != nil {
				return err
			}
			c.Services++
			l.progress()
		}
		if err := services.flush(); err != nil {
			return err
		}
		cols = []string{"id", "service_id", "location_id", "description"}
		sals := newUpserts(ctx, tx, s.db.Engine, "service_at_locations", cols, upsertTail(cols),
			func(source string, err error) error { return saveError(source, "service at location", err) })
		for _, sal := range b.ServiceAtLocations {
			if err := l.required(sal.Source, "service_id", "service", sal.ServiceID); err != nil {
				return err
			}
			if err := l.required(sal.Source, "location_id", "location", sal.LocationID); err != nil {
				return err
			}
			if err := sals.add(sal.Source, sal.ID, sal.ServiceID, sal.LocationID, sal.Description); err != nil {
				return err
			}
			c.ServiceAtLocations++
			l.progress()
		}
		if err := sals.flush(); err != nil {
			return err
		}
		if err := s.saveRecords(ctx, tx, l, b, &c, "contact"); err != nil {
			return err
		}
		cols = []string{
			"id",
			"organization_id",
			"service_id",
			"location_id",
			"contact_id",
			"service_at_location_id",
			"number",
			"extension",
			"type",
			"description",
		}
		phones := newUpserts(ctx, tx, s.db.Engine, "phones", cols, upsertTail(cols),
			func(source string, err error) error { return saveError(source, "phone", err) })
		for _, p := range b.Phones {
			refs := []struct {
				table string
				id    *string
			}{{"organization", &p.OrganizationID}, {"service", &p.ServiceID}, {"location", &p.LocationID},
				{"contact", &p.ContactID}, {"service_at_location", &p.ServiceAtLocationID}}
			ids := make([]any, len(refs))
			for i, r := range refs {
				id, err := l.optional(r.table, *r.id)
				if err != nil {
					return err
				}
				ids[i] = id
			}
			if err := phones.add(p.Source, p.ID, ids[0], ids[1], ids[2], ids[3], ids[4], p.Number, p.Extension, p.Type, p.Description); err != nil {
				return err
			}
			c.Phones++
			l.progress()
		}
		if err := phones.flush(); err != nil {
			return err
		}
		if err := s.saveRecords(ctx, tx, l, b, &c, "accessibility", "language", "schedule", "service_area", "cost_option",
			"required_document", "funding", "organization_identifier", "attribute", "metadata", "meta_table_description",
			"url", "unit", "service_capacity"); err != nil {
			return err
		}
		if err := saveParents(ctx, tx, l, b); err != nil {
			return err
		}
		if _, err := locateApproximately(ctx, tx, ""); err != nil { // places_approximate.go
			return err
		}
		if err := store.FlushSearchIndex(ctx, tx, s.db.Engine, len(b.Services)+len(b.Records) >= bulkStatsRows); err != nil {
			return err
		}
		c.Unlinked = l.unlinked
		format := b.Format
		if format == "" {
			format = "bundle"
		}
		return account.Record(
			ctx,
			tx,
			actor,
			account.Event{At: s.now(), Action: "import", EntityType: "directory", EntityID: format,
				Summary: "imported " + c.String(), After: c},
		)
	})
	if err != nil {
		return Counts{}, err
	}
	return c, nil
}

// ImportUpload reads a directory file uploaded through the web or the API
// (hsds.ReadUpload) and saves it whole (SaveBundle), returning the format it
// was read as and how many records of each kind were written, with the
// data-quality report of what it brought (Counts.Quality). An error that
// FileRefused names refuses the file, naming its file, row and field;
// nothing is written then. Someone who may not import
// (account.ImportDirectory: the stewards) is refused before the file is
// read.
func (s *Store) ImportUpload(ctx context.Context, actor account.Actor, name string, r io.ReaderAt,
	size int64) (string, Counts, error) {
	if err := s.rules.Check(ctx, actor, account.ImportDirectory, account.Platform); err != nil {
		return "", Counts{}, err
	}

	b, err := hsds.ReadUpload(name, r, size)
	if err != nil {
		return "", Counts{}, err
	}
	c, err := s.SaveBundle(ctx, actor, b)
	if err != nil {
		return b.Format, c, err
	}
	c.Quality, err = s.ImportQuality(ctx, b, importQualityListed)
	return b.Format, c, err
}

// importQualityListed bounds the problems an import's answer lists; the
// stewards' report (QualityReport) has them all.
const importQualityListed = 50

// FileRefused reports whether an error of ImportUpload is about the file
// itself (its format, a row, a field, a clash with the directory), to show
// as what is wrong with it; not when the importer may not import or the
// database is busy.
func FileRefused(err error) bool {
	err = store.Classify(err)
	return err != nil && !errors.Is(err, errs.ErrUnavailable) && !errors.Is(err, errs.ErrForbidden) &&
		!errors.Is(err, errs.ErrUnauthenticated)
}

// bulkStatsRows is the size of bundle past which the search index is
// rebuilt with fresh statistics (see store.FlushSearchIndex).
const bulkStatsRows = 5000

func saveError(source, what string, err error) error {
	return fmt.Errorf("%s: save %s: %w", source, what, err)
}
