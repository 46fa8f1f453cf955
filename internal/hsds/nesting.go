package hsds

// Which objects an HSDS 3.0 object carries in the JSON (API) form: the JSON
// reader follows it into what an object nests, and a Dataset builds the
// objects by it.

// nest is an object nested in another in the HSDS 3.0 JSON (API) form:
// a list of children that point at their parent through Link (a service's
// phones carry service_id), or, when One, a single object the parent points
// at through its own Link field (a service's organization is its
// organization_id).
type nest struct {
	Key   string // the JSON key, such as "phones"
	Table string // the nested object's resource
	Link  string
	One   bool
}

// nests says which objects each object carries, as the compiled
// schemas in the specification nest them. Every object may also carry
// attributes and metadata (see nestedOf).
var nests = map[string][]nest{
	"service": {
		{"organization", "organization", "organization_id", true},
		{"program", "program", "program_id", true},
		{"phones", "phone", "service_id", false},
		{"schedules", "schedule", "service_id", false},
		{"service_areas", "service_area", "service_id", false},
		{"service_at_locations", "service_at_location", "service_id", false},
		{"languages", "language", "service_id", false},
		{"funding", "funding", "service_id", false},
		{"cost_options", "cost_option", "service_id", false},
		{"required_documents", "required_document", "service_id", false},
		{"contacts", "contact", "service_id", false},
	},
	"organization": {
		{"funding", "funding", "organization_id", false},
		{"contacts", "contact", "organization_id", false},
		{"phones", "phone", "organization_id", false},
		{"locations", "location", "organization_id", false},
		{"programs", "program", "organization_id", false},
		{"organization_identifiers", "organization_identifier", "organization_id", false},
		{"services", "service", "organization_id", false},
	},
	"service_at_location": {
		{"service", "service", "service_id", true},
		{"location", "location", "location_id", true},
		{"contacts", "contact", "service_at_location_id", false},
		{"phones", "phone", "service_at_location_id", false},
		{"schedules", "schedule", "service_at_location_id", false},
	},
	"location": {
		{"languages", "language", "location_id", false},
		{"addresses", "address", "location_id", false},
		{"contacts", "contact", "location_id", false},
		{"accessibility", "accessibility", "location_id", false},
		{"phones", "phone", "location_id", false},
		{"schedules", "schedule", "location_id", false},
	},
	"contact":       {{"phones", "phone", "contact_id", false}},
	"phone":         {{"languages", "language", "phone_id", false}},
	"attribute":     {{"taxonomy_term", "taxonomy_term", "taxonomy_term_id", true}},
	"taxonomy_term": {{"taxonomy_detail", "taxonomy", "taxonomy_id", true}},
}

// nestedOf returns what an object of the table carries, attributes and
// metadata included (those link to "any object" by its id).
func nestedOf(table string) []nest {
	out := append(nests[table][:len(nests[table]):len(nests[table])], nests31[table]...)
	if table != "metadata" && table != "meta_table_description" {
		out = append(out[:len(out):len(out)], nest{"attributes", "attribute", "link_id", false})
		out = append(out, nest{"metadata", "metadata", "resource_id", false})
	}
	return out
}
