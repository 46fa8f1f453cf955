package directory

// hsdsTable is one table of the HSDS 3.0 tabular data package, as the
// specification's datapackage.json describes it: the reader checks a file
// against it, the exporter writes it, and SaveBundle stores its rows in the
// table of the same columns.
type hsdsTable struct {
	Name    string // the resource name, such as "service"
	File    string // the CSV file in the package, such as "services.csv"
	Table   string // the database table
	Columns []hsdsColumn
}

// hsdsColumn is one field of an HSDS table.
type hsdsColumn struct {
	Name     string
	Kind     hsdsKind
	Type     string // the data package type: string, number, date, datetime, time
	Format   string // uuid, email, uri or ""
	Required bool
	Enum     []string
	Ref      string // for an id column, the resource it refers to
}

type hsdsKind int

const (
	hsdsText hsdsKind = iota
	hsdsNumber
)

// hsdsTables lists the HSDS 3.0 tables in the order their rows can be saved
// (a table after those it refers to).
var hsdsTables = []*hsdsTable{
	{Name: "taxonomy", File: "taxonomies.csv", Table: "taxonomies", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "name", Kind: hsdsText, Type: "string", Required: true},
		{Name: "description", Kind: hsdsText, Type: "string", Required: true},
		{Name: "uri", Kind: hsdsText, Type: "string", Format: "uri"},
		{Name: "version", Kind: hsdsText, Type: "string"},
	}},
	{Name: "taxonomy_term", File: "taxonomy_terms.csv", Table: "taxonomy_terms", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "code", Kind: hsdsText, Type: "string"},
		{Name: "name", Kind: hsdsText, Type: "string", Required: true},
		{Name: "description", Kind: hsdsText, Type: "string", Required: true},
		{Name: "parent_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "taxonomy_term"},
		{Name: "taxonomy", Kind: hsdsText, Type: "string"},
		{Name: "language", Kind: hsdsText, Type: "string"},
		{Name: "taxonomy_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "taxonomy"},
		{Name: "term_uri", Kind: hsdsText, Type: "string", Format: "uri"},
	}},
	{Name: "organization", File: "organizations.csv", Table: "organizations", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "name", Kind: hsdsText, Type: "string", Required: true},
		{Name: "alternate_name", Kind: hsdsText, Type: "string"},
		{Name: "description", Kind: hsdsText, Type: "string", Required: true},
		{Name: "email", Kind: hsdsText, Type: "string", Format: "email"},
		{Name: "website", Kind: hsdsText, Type: "string", Format: "uri"},
		{Name: "tax_status", Kind: hsdsText, Type: "string"},
		{Name: "tax_id", Kind: hsdsText, Type: "string"},
		{Name: "year_incorporated", Kind: hsdsNumber, Type: "number"},
		{Name: "legal_status", Kind: hsdsText, Type: "string"},
		{Name: "logo", Kind: hsdsText, Type: "string"},
		{Name: "uri", Kind: hsdsText, Type: "string", Format: "uri"},
		{Name: "parent_organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "organization"},
	}},
	{Name: "program", File: "programs.csv", Table: "programs", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true, Ref: "organization"},
		{Name: "name", Kind: hsdsText, Type: "string", Required: true},
		{Name: "alternate_name", Kind: hsdsText, Type: "string"},
		{Name: "description", Kind: hsdsText, Type: "string", Required: true},
	}},
	{Name: "location", File: "locations.csv", Table: "locations", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "location_type", Kind: hsdsText, Type: "string", Required: true, Enum: []string{"physical", "postal", "virtual"}},
		{Name: "url", Kind: hsdsText, Type: "string", Format: "uri"},
		{Name: "organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "name", Kind: hsdsText, Type: "string"},
		{Name: "alternate_name", Kind: hsdsText, Type: "string"},
		{Name: "description", Kind: hsdsText, Type: "string"},
		{Name: "transportation", Kind: hsdsText, Type: "string"},
		{Name: "latitude", Kind: hsdsNumber, Type: "number"},
		{Name: "longitude", Kind: hsdsNumber, Type: "number"},
		{Name: "external_identifier", Kind: hsdsText, Type: "string"},
		{Name: "external_identifier_type", Kind: hsdsText, Type: "string"},
	}},
	{Name: "address", File: "addresses.csv", Table: "addresses", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "attention", Kind: hsdsText, Type: "string"},
		{Name: "address_1", Kind: hsdsText, Type: "string", Required: true},
		{Name: "address_2", Kind: hsdsText, Type: "string"},
		{Name: "city", Kind: hsdsText, Type: "string", Required: true},
		{Name: "region", Kind: hsdsText, Type: "string"},
		{Name: "state_province", Kind: hsdsText, Type: "string", Required: true},
		{Name: "postal_code", Kind: hsdsText, Type: "string", Required: true},
		{Name: "country", Kind: hsdsText, Type: "string", Required: true},
		{Name: "address_type", Kind: hsdsText, Type: "string", Required: true, Enum: []string{"physical", "postal", "virtual"}},
	}},
	{Name: "accessibility", File: "accessibility.csv", Table: "accessibility", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "description", Kind: hsdsText, Type: "string"},
		{Name: "details", Kind: hsdsText, Type: "string"},
		{Name: "url", Kind: hsdsText, Type: "string", Format: "uri"},
	}},
	{Name: "service", File: "services.csv", Table: "services", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true, Ref: "organization"},
		{Name: "program_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "program"},
		{Name: "name", Kind: hsdsText, Type: "string", Required: true},
		{Name: "alternate_name", Kind: hsdsText, Type: "string"},
		{Name: "description", Kind: hsdsText, Type: "string"},
		{Name: "url", Kind: hsdsText, Type: "string", Format: "uri"},
		{Name: "email", Kind: hsdsText, Type: "string", Format: "email"},
		{Name: "status", Kind: hsdsText, Type: "string", Required: true, Enum: []string{"active", "inactive", "defunct", "temporarily closed"}},
		{Name: "interpretation_services", Kind: hsdsText, Type: "string"},
		{Name: "application_process", Kind: hsdsText, Type: "string"},
		{Name: "fees_description", Kind: hsdsText, Type: "string"},
		{Name: "wait_time", Kind: hsdsText, Type: "string"},
		{Name: "fees", Kind: hsdsText, Type: "string"},
		{Name: "accreditations", Kind: hsdsText, Type: "string"},
		{Name: "eligibility_description", Kind: hsdsText, Type: "string"},
		{Name: "minimum_age", Kind: hsdsNumber, Type: "number"},
		{Name: "maximum_age", Kind: hsdsNumber, Type: "number"},
		{Name: "assured_date", Kind: hsdsText, Type: "date"},
		{Name: "assurer_email", Kind: hsdsText, Type: "string", Format: "email"},
		{Name: "licenses", Kind: hsdsText, Type: "string"},
		{Name: "alert", Kind: hsdsText, Type: "string"},
		{Name: "last_modified", Kind: hsdsText, Type: "datetime"},
	}},
	{Name: "service_at_location", File: "service_at_location.csv", Table: "service_at_locations", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true, Ref: "service"},
		{Name: "location_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true, Ref: "location"},
		{Name: "description", Kind: hsdsText, Type: "string"},
	}},
	{Name: "contact", File: "contacts.csv", Table: "contacts", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "service_at_location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service_at_location"},
		{Name: "location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "name", Kind: hsdsText, Type: "string"},
		{Name: "title", Kind: hsdsText, Type: "string"},
		{Name: "department", Kind: hsdsText, Type: "string"},
		{Name: "email", Kind: hsdsText, Type: "string", Format: "email"},
	}},
	{Name: "phone", File: "phones.csv", Table: "phones", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "contact_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "contact"},
		{Name: "service_at_location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service_at_location"},
		{Name: "number", Kind: hsdsText, Type: "string", Required: true},
		{Name: "extension", Kind: hsdsNumber, Type: "number"},
		{Name: "type", Kind: hsdsText, Type: "string"},
		{Name: "description", Kind: hsdsText, Type: "string"},
	}},
	{Name: "language", File: "languages.csv", Table: "languages", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "phone_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "phone"},
		{Name: "name", Kind: hsdsText, Type: "string"},
		{Name: "code", Kind: hsdsText, Type: "string"},
		{Name: "note", Kind: hsdsText, Type: "string"},
	}},
	{Name: "schedule", File: "schedules.csv", Table: "schedules", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "service_at_location_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service_at_location"},
		{Name: "valid_from", Kind: hsdsText, Type: "date"},
		{Name: "valid_to", Kind: hsdsText, Type: "date"},
		{Name: "dtstart", Kind: hsdsText, Type: "date"},
		{Name: "timezone", Kind: hsdsNumber, Type: "number"},
		{Name: "until", Kind: hsdsText, Type: "date"},
		{Name: "count", Kind: hsdsNumber, Type: "number"},
		{Name: "wkst", Kind: hsdsText, Type: "string", Enum: []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}},
		{Name: "freq", Kind: hsdsText, Type: "string", Enum: []string{"WEEKLY", "MONTHLY"}},
		{Name: "interval", Kind: hsdsNumber, Type: "number"},
		{Name: "byday", Kind: hsdsText, Type: "string"},
		{Name: "byweekno", Kind: hsdsText, Type: "string"},
		{Name: "bymonthday", Kind: hsdsText, Type: "string"},
		{Name: "byyearday", Kind: hsdsText, Type: "string"},
		{Name: "description", Kind: hsdsText, Type: "string"},
		{Name: "opens_at", Kind: hsdsText, Type: "time"},
		{Name: "closes_at", Kind: hsdsText, Type: "time"},
		{Name: "schedule_link", Kind: hsdsText, Type: "string", Format: "uri"},
		{Name: "attending_type", Kind: hsdsText, Type: "string"},
		{Name: "notes", Kind: hsdsText, Type: "string"},
	}},
	{Name: "service_area", File: "service_areas.csv", Table: "service_areas", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "name", Kind: hsdsText, Type: "string"},
		{Name: "description", Kind: hsdsText, Type: "string"},
		{Name: "extent", Kind: hsdsText, Type: "string"},
		{Name: "extent_type", Kind: hsdsText, Type: "string"},
		{Name: "uri", Kind: hsdsText, Type: "string"},
	}},
	{Name: "cost_option", File: "cost_options.csv", Table: "cost_options", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true, Ref: "service"},
		{Name: "valid_from", Kind: hsdsText, Type: "date"},
		{Name: "valid_to", Kind: hsdsText, Type: "date"},
		{Name: "option", Kind: hsdsText, Type: "string"},
		{Name: "currency", Kind: hsdsText, Type: "string"},
		{Name: "amount", Kind: hsdsNumber, Type: "number"},
		{Name: "amount_description", Kind: hsdsText, Type: "string"},
	}},
	{Name: "required_document", File: "required_documents.csv", Table: "required_documents", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "document", Kind: hsdsText, Type: "string"},
		{Name: "uri", Kind: hsdsText, Type: "string", Format: "uri"},
	}},
	{Name: "funding", File: "funding.csv", Table: "fundings", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "service_id", Kind: hsdsText, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "source", Kind: hsdsText, Type: "string"},
	}},
	{Name: "organization_identifier", File: "organization_identifiers.csv", Table: "organization_identifiers", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true, Ref: "organization"},
		{Name: "identifier_scheme", Kind: hsdsText, Type: "string"},
		{Name: "identifier_type", Kind: hsdsText, Type: "string", Required: true},
		{Name: "identifier", Kind: hsdsText, Type: "string", Required: true},
	}},
	{Name: "attribute", File: "attributes.csv", Table: "attributes", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "link_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "taxonomy_term_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true, Ref: "taxonomy_term"},
		{Name: "link_type", Kind: hsdsText, Type: "string"},
		{Name: "link_entity", Kind: hsdsText, Type: "string", Required: true},
		{Name: "value", Kind: hsdsText, Type: "string"},
	}},
	{Name: "metadata", File: "metadata.csv", Table: "metadata", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "resource_id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "resource_type", Kind: hsdsText, Type: "string", Required: true},
		{Name: "last_action_date", Kind: hsdsText, Type: "date", Required: true},
		{Name: "last_action_type", Kind: hsdsText, Type: "string", Required: true},
		{Name: "field_name", Kind: hsdsText, Type: "string", Required: true},
		{Name: "previous_value", Kind: hsdsText, Type: "string", Required: true},
		{Name: "replacement_value", Kind: hsdsText, Type: "string", Required: true},
		{Name: "updated_by", Kind: hsdsText, Type: "string", Required: true},
	}},
	{Name: "meta_table_description", File: "meta_table_descriptions.csv", Table: "meta_table_descriptions", Columns: []hsdsColumn{
		{Name: "id", Kind: hsdsText, Type: "string", Format: "uuid", Required: true},
		{Name: "name", Kind: hsdsText, Type: "string"},
		{Name: "language", Kind: hsdsText, Type: "string"},
		{Name: "character_set", Kind: hsdsText, Type: "string"},
	}},
}
