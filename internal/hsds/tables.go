package hsds

// Table is one table of the HSDS 3.0 tabular data package, as the
// specification's datapackage.json describes it: the reader checks a file
// against it, the writer writes it, and the directory stores its rows in
// the database table of the same columns.
type Table struct {
	Name    string // the resource name, such as "service"
	File    string // the CSV file in the package, such as "services.csv"
	Table   string // the database table the directory keeps its rows in
	Columns []Column
	Since   string // the HSDS version that added the table, "" for 3.0
}

// Column is one field of an HSDS table.
type Column struct {
	Name     string
	Kind     Kind
	Type     string // the data package type: string, number, date, datetime, time
	Format   string // uuid, email, uri or ""
	Required bool
	Enum     []string
	Ref      string // for an id column, the resource it refers to
	Since    string // the HSDS version that added the field, "" for 3.0
}

// Kind is how a column's values are kept: as text or as numbers.
type Kind int

// The kinds of column.
const (
	Text Kind = iota
	Number
)

// MustBeFilled says whether column c of t may not be empty. HSDS requires
// more (an organization's description, an address's city and postal code:
// a P.O. box may have neither), but Backbone keeps records that lack them,
// lists them in its data-quality report, and its exports must import back.
func (t *Table) MustBeFilled(c Column) bool {
	if !c.Required {
		return false
	}
	if c.Name == "id" || c.Ref != "" || c.Name == "link_id" || c.Name == "resource_id" {
		return true
	}
	switch t.Name + "." + c.Name {
	case "organization.name", "service.name", "service.status", "program.name", "taxonomy.name", "taxonomy_term.name",
		"location.location_type", "address.address_type", "address.address_1", "phone.number",
		"organization_identifier.identifier_type", "organization_identifier.identifier", "attribute.link_entity":
		return true
	}
	return false
}

// Tables lists the HSDS 3.0 tables in the order their rows can be saved
// (a table after those it refers to).
var Tables = []*Table{
	{Name: "taxonomy", File: "taxonomies.csv", Table: "taxonomies", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "name", Kind: Text, Type: "string", Required: true},
		{Name: "description", Kind: Text, Type: "string", Required: true},
		{Name: "uri", Kind: Text, Type: "string", Format: "uri"},
		{Name: "version", Kind: Text, Type: "string"},
	}},
	{Name: "taxonomy_term", File: "taxonomy_terms.csv", Table: "taxonomy_terms", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "code", Kind: Text, Type: "string"},
		{Name: "name", Kind: Text, Type: "string", Required: true},
		{Name: "description", Kind: Text, Type: "string", Required: true},
		{Name: "parent_id", Kind: Text, Type: "string", Format: "uuid", Ref: "taxonomy_term"},
		{Name: "taxonomy", Kind: Text, Type: "string"},
		{Name: "language", Kind: Text, Type: "string"},
		{Name: "taxonomy_id", Kind: Text, Type: "string", Format: "uuid", Ref: "taxonomy"},
		{Name: "term_uri", Kind: Text, Type: "string", Format: "uri"},
	}},
	{Name: "organization", File: "organizations.csv", Table: "organizations", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "name", Kind: Text, Type: "string", Required: true},
		{Name: "alternate_name", Kind: Text, Type: "string"},
		{Name: "description", Kind: Text, Type: "string", Required: true},
		{Name: "email", Kind: Text, Type: "string", Format: "email"},
		{Name: "website", Kind: Text, Type: "string", Format: "uri"},
		{Name: "tax_status", Kind: Text, Type: "string"},
		{Name: "tax_id", Kind: Text, Type: "string"},
		{Name: "year_incorporated", Kind: Number, Type: "number"},
		{Name: "legal_status", Kind: Text, Type: "string"},
		{Name: "logo", Kind: Text, Type: "string"},
		{Name: "uri", Kind: Text, Type: "string", Format: "uri"},
		{Name: "parent_organization_id", Kind: Text, Type: "string", Format: "uuid", Ref: "organization"},
	}},
	{Name: "program", File: "programs.csv", Table: "programs", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "organization"},
		{Name: "name", Kind: Text, Type: "string", Required: true},
		{Name: "alternate_name", Kind: Text, Type: "string"},
		{Name: "description", Kind: Text, Type: "string", Required: true},
	}},
	{Name: "location", File: "locations.csv", Table: "locations", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "location_type", Kind: Text, Type: "string", Required: true, Enum: []string{"physical", "postal", "virtual"}},
		{Name: "url", Kind: Text, Type: "string", Format: "uri"},
		{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "name", Kind: Text, Type: "string"},
		{Name: "alternate_name", Kind: Text, Type: "string"},
		{Name: "description", Kind: Text, Type: "string"},
		{Name: "transportation", Kind: Text, Type: "string"},
		{Name: "latitude", Kind: Number, Type: "number"},
		{Name: "longitude", Kind: Number, Type: "number"},
		{Name: "external_identifier", Kind: Text, Type: "string"},
		{Name: "external_identifier_type", Kind: Text, Type: "string"},
	}},
	{Name: "address", File: "addresses.csv", Table: "addresses", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "attention", Kind: Text, Type: "string"},
		{Name: "address_1", Kind: Text, Type: "string", Required: true},
		{Name: "address_2", Kind: Text, Type: "string"},
		{Name: "city", Kind: Text, Type: "string", Required: true},
		{Name: "region", Kind: Text, Type: "string"},
		{Name: "state_province", Kind: Text, Type: "string", Required: true},
		{Name: "postal_code", Kind: Text, Type: "string", Required: true},
		{Name: "country", Kind: Text, Type: "string", Required: true},
		{Name: "address_type", Kind: Text, Type: "string", Required: true, Enum: []string{"physical", "postal", "virtual"}},
	}},
	{Name: "accessibility", File: "accessibility.csv", Table: "accessibility", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "description", Kind: Text, Type: "string"},
		{Name: "details", Kind: Text, Type: "string"},
		{Name: "url", Kind: Text, Type: "string", Format: "uri"},
	}},
	{Name: "service", File: "services.csv", Table: "services", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "organization"},
		{Name: "program_id", Kind: Text, Type: "string", Format: "uuid", Ref: "program"},
		{Name: "name", Kind: Text, Type: "string", Required: true},
		{Name: "alternate_name", Kind: Text, Type: "string"},
		{Name: "description", Kind: Text, Type: "string"},
		{Name: "url", Kind: Text, Type: "string", Format: "uri"},
		{Name: "email", Kind: Text, Type: "string", Format: "email"},
		{Name: "status", Kind: Text, Type: "string", Required: true, Enum: []string{"active", "inactive", "defunct", "temporarily closed"}},
		{Name: "interpretation_services", Kind: Text, Type: "string"},
		{Name: "application_process", Kind: Text, Type: "string"},
		{Name: "fees_description", Kind: Text, Type: "string"},
		{Name: "wait_time", Kind: Text, Type: "string"},
		{Name: "fees", Kind: Text, Type: "string"},
		{Name: "accreditations", Kind: Text, Type: "string"},
		{Name: "eligibility_description", Kind: Text, Type: "string"},
		{Name: "minimum_age", Kind: Number, Type: "number"},
		{Name: "maximum_age", Kind: Number, Type: "number"},
		{Name: "assured_date", Kind: Text, Type: "date"},
		{Name: "assurer_email", Kind: Text, Type: "string", Format: "email"},
		{Name: "licenses", Kind: Text, Type: "string"},
		{Name: "alert", Kind: Text, Type: "string"},
		{Name: "last_modified", Kind: Text, Type: "datetime"},
	}},
	{Name: "service_at_location", File: "service_at_location.csv", Table: "service_at_locations", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "service"},
		{Name: "location_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "location"},
		{Name: "description", Kind: Text, Type: "string"},
	}},
	{Name: "contact", File: "contacts.csv", Table: "contacts", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "service_at_location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service_at_location"},
		{Name: "location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "name", Kind: Text, Type: "string"},
		{Name: "title", Kind: Text, Type: "string"},
		{Name: "department", Kind: Text, Type: "string"},
		{Name: "email", Kind: Text, Type: "string", Format: "email"},
	}},
	{Name: "phone", File: "phones.csv", Table: "phones", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "contact_id", Kind: Text, Type: "string", Format: "uuid", Ref: "contact"},
		{Name: "service_at_location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service_at_location"},
		{Name: "number", Kind: Text, Type: "string", Required: true},
		{Name: "extension", Kind: Number, Type: "number"},
		{Name: "type", Kind: Text, Type: "string"},
		{Name: "description", Kind: Text, Type: "string"},
	}},
	{Name: "language", File: "languages.csv", Table: "languages", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "phone_id", Kind: Text, Type: "string", Format: "uuid", Ref: "phone"},
		{Name: "name", Kind: Text, Type: "string"},
		{Name: "code", Kind: Text, Type: "string"},
		{Name: "note", Kind: Text, Type: "string"},
	}},
	{Name: "schedule", File: "schedules.csv", Table: "schedules", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "location"},
		{Name: "service_at_location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service_at_location"},
		{Name: "valid_from", Kind: Text, Type: "date"},
		{Name: "valid_to", Kind: Text, Type: "date"},
		{Name: "dtstart", Kind: Text, Type: "date"},
		{Name: "timezone", Kind: Number, Type: "number"},
		{Name: "until", Kind: Text, Type: "date"},
		{Name: "count", Kind: Number, Type: "number"},
		{Name: "wkst", Kind: Text, Type: "string", Enum: []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}},
		{Name: "freq", Kind: Text, Type: "string", Enum: []string{"WEEKLY", "MONTHLY"}},
		{Name: "interval", Kind: Number, Type: "number"},
		{Name: "byday", Kind: Text, Type: "string"},
		{Name: "byweekno", Kind: Text, Type: "string"},
		{Name: "bymonthday", Kind: Text, Type: "string"},
		{Name: "byyearday", Kind: Text, Type: "string"},
		{Name: "description", Kind: Text, Type: "string"},
		{Name: "opens_at", Kind: Text, Type: "time"},
		{Name: "closes_at", Kind: Text, Type: "time"},
		{Name: "schedule_link", Kind: Text, Type: "string", Format: "uri"},
		{Name: "attending_type", Kind: Text, Type: "string"},
		{Name: "notes", Kind: Text, Type: "string"},
	}},
	{Name: "service_area", File: "service_areas.csv", Table: "service_areas", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "name", Kind: Text, Type: "string"},
		{Name: "description", Kind: Text, Type: "string"},
		{Name: "extent", Kind: Text, Type: "string"},
		{Name: "extent_type", Kind: Text, Type: "string"},
		{Name: "uri", Kind: Text, Type: "string"},
		{Name: "service_at_location_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service_at_location", Since: V31},
	}},
	{Name: "cost_option", File: "cost_options.csv", Table: "cost_options", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "service"},
		{Name: "valid_from", Kind: Text, Type: "date"},
		{Name: "valid_to", Kind: Text, Type: "date"},
		{Name: "option", Kind: Text, Type: "string"},
		{Name: "currency", Kind: Text, Type: "string"},
		{Name: "amount", Kind: Number, Type: "number"},
		{Name: "amount_description", Kind: Text, Type: "string"},
	}},
	{Name: "required_document", File: "required_documents.csv", Table: "required_documents", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "document", Kind: Text, Type: "string"},
		{Name: "uri", Kind: Text, Type: "string", Format: "uri"},
	}},
	{Name: "funding", File: "funding.csv", Table: "fundings", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Ref: "organization"},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
		{Name: "source", Kind: Text, Type: "string"},
	}},
	{Name: "organization_identifier", File: "organization_identifiers.csv", Table: "organization_identifiers", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "organization"},
		{Name: "identifier_scheme", Kind: Text, Type: "string"},
		{Name: "identifier_type", Kind: Text, Type: "string", Required: true},
		{Name: "identifier", Kind: Text, Type: "string", Required: true},
	}},
	{Name: "attribute", File: "attributes.csv", Table: "attributes", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "link_id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "taxonomy_term_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "taxonomy_term"},
		{Name: "link_type", Kind: Text, Type: "string"},
		{Name: "link_entity", Kind: Text, Type: "string", Required: true},
		{Name: "value", Kind: Text, Type: "string"},
		{Name: "label", Kind: Text, Type: "string", Since: V31},
	}},
	// HSDS 3.1's objects (tables31.go).
	urlTable, unitTable, serviceCapacityTable,
	{Name: "metadata", File: "metadata.csv", Table: "metadata", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "resource_id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "resource_type", Kind: Text, Type: "string", Required: true},
		{Name: "last_action_date", Kind: Text, Type: "date", Required: true},
		{Name: "last_action_type", Kind: Text, Type: "string", Required: true},
		{Name: "field_name", Kind: Text, Type: "string", Required: true},
		{Name: "previous_value", Kind: Text, Type: "string", Required: true},
		{Name: "replacement_value", Kind: Text, Type: "string", Required: true},
		{Name: "updated_by", Kind: Text, Type: "string", Required: true},
	}},
	{Name: "meta_table_description", File: "meta_table_descriptions.csv", Table: "meta_table_descriptions", Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "name", Kind: Text, Type: "string"},
		{Name: "language", Kind: Text, Type: "string"},
		{Name: "character_set", Kind: Text, Type: "string"},
	}},
}

// TableNamed returns the table of an HSDS resource name.
func TableNamed(name string) *Table {
	for _, t := range Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}
