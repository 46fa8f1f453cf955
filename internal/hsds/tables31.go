package hsds

import "strings"

// HSDS 3.1 (the specification's 3.1 line) adds to 3.0, per object:
//   - attribute: label, a free text label;
//   - service_area: service_at_location_id, and a service at a location
//     nests its service_areas;
//   - url (new): a labelled URL, an organization's additional_websites and
//     a service's additional_urls;
//   - unit (new) and service_capacity (new): how much of a service is
//     available (beds, places), in a unit, as of when; a service nests its
//     capacities, a capacity its unit;
//   - taxonomy_term.language may also be an ISO 639-3 code (no change to
//     what Backbone keeps).
//
// Backbone reads the 3.1 fields from any HSDS file (a 3.0 file simply has
// none) and writes them only in a 3.1 export (Dataset.Version).

// The HSDS versions Backbone writes.
const (
	V30 = "3.0"
	V31 = "3.1"
)

// Versions lists the HSDS versions an export can be written in, the
// default first.
var Versions = []string{V30, V31}

// KnownVersion reports whether v is one of Versions.
func KnownVersion(v string) bool {
	for _, x := range Versions {
		if x == v {
			return true
		}
	}
	return false
}

// in reports whether something added in since is part of version (an
// empty version is 3.0).
func in(since, version string) bool {
	if version == "" {
		version = V30
	}
	return since == "" || since <= version
}

// TablesOf returns the tables of an HSDS version with their columns of that
// version, in the order of Tables.
func TablesOf(version string) []*Table {
	var out []*Table
	for _, t := range Tables {
		if !in(t.Since, version) {
			continue
		}
		c := *t
		c.Columns = nil
		for _, col := range t.Columns {
			if in(col.Since, version) {
				c.Columns = append(c.Columns, col)
			}
		}
		out = append(out, &c)
	}
	return out
}

var urlTable = &Table{Name: "url", File: "url.csv", Table: "urls", Since: V31, Columns: []Column{
	{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
	{Name: "label", Kind: Text, Type: "string"},
	{Name: "url", Kind: Text, Type: "string", Format: "uri", Required: true},
	{Name: "organization_id", Kind: Text, Type: "string", Format: "uuid", Ref: "organization"},
	{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Ref: "service"},
}}

var unitTable = &Table{Name: "unit", File: "units.csv", Table: "units", Since: V31, Columns: []Column{
	{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
	{Name: "name", Kind: Text, Type: "string", Required: true},
	{Name: "scheme", Kind: Text, Type: "string"},
	{Name: "identifier", Kind: Text, Type: "string"},
	{Name: "uri", Kind: Text, Type: "string", Format: "uri"},
}}

// A capacity's service_id and unit_id are required in the tabular form
// (the JSON form nests the unit and is nested in the service).
var serviceCapacityTable = &Table{Name: "service_capacity", File: "service_capacity.csv", Table: "service_capacities",
	Since: V31, Columns: []Column{
		{Name: "id", Kind: Text, Type: "string", Format: "uuid", Required: true},
		{Name: "service_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "service"},
		{Name: "unit_id", Kind: Text, Type: "string", Format: "uuid", Required: true, Ref: "unit"},
		{Name: "available", Kind: Number, Type: "number", Required: true},
		{Name: "maximum", Kind: Number, Type: "number"},
		{Name: "description", Kind: Text, Type: "string"},
		{Name: "updated", Kind: Text, Type: "datetime", Required: true},
	}}

// nests31 are the objects 3.1 nests beyond 3.0's (nests).
var nests31 = map[string][]nest{
	"service": {
		{"additional_urls", "url", "service_id", false},
		{"capacities", "service_capacity", "service_id", false},
	},
	"organization":        {{"additional_websites", "url", "organization_id", false}},
	"service_at_location": {{"service_areas", "service_area", "service_at_location_id", false}},
	"service_capacity":    {{"unit", "unit", "unit_id", true}},
}

// nestSince returns the version that added a nesting of parent.
func nestSince(parent string, n nest) string {
	for _, x := range nests31[parent] {
		if x == n {
			return V31
		}
	}
	return ""
}

// packageVersion is the version a data package of an HSDS version says.
func packageVersion(version string) string {
	if version == "" {
		version = V30
	}
	return version + ".0"
}

// formatOf names a 3.0 format as 3.1's ("hsds-3.1-csv") when the rows read
// hold any of 3.1's objects or fields.
func formatOf(format string, rows []*sourceRow) string {
	if !strings.HasPrefix(format, "hsds-3.0-") {
		return format
	}
	for _, r := range rows {
		if r.table.Since != "" {
			return strings.Replace(format, V30, V31, 1)
		}
		for _, c := range r.table.Columns {
			if c.Since != "" && r.values[c.Name] != "" {
				return strings.Replace(format, V30, V31, 1)
			}
		}
	}
	return format
}
