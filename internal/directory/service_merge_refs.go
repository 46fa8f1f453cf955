package directory

// ServiceMergeFields are the fields of a service a steward chooses between
// when merging two, in the form's order.
var ServiceMergeFields = []MergeField{
	{"name", "Name"}, {"alternate_name", "Other name"}, {"description", "Description"}, {"url", "Website"},
	{"email", "Email"}, {"interpretation_services", "Interpretation"}, {"application_process", "How to apply"},
	{"fees_description", "Fees"}, {"wait_time", "Wait time"}, {"eligibility_description", "Who can use it"},
	{"minimum_age", "Minimum age"}, {"maximum_age", "Maximum age"}, {"accreditations", "Accreditations"},
	{"licenses", "Licenses"}, {"alert", "Alert"},
}

// serviceRefs is every column in the schema that names a service (each
// REFERENCES services, and the attributes that file a service under a
// taxonomy term, whose link_id names a service when link_entity says so),
// in the order a merge moves them; an undo goes backwards. A row the kept
// service already has (the same location, phone number, language, area or
// term) stays with the merged service. TestServiceMergeCoversEveryReference
// keeps the list complete. Initiatives, measures and the network name
// organizations, not services: nothing there moves.
var serviceRefs = []recordRef{
	{"service_at_locations", "service_id", byID, same("service_at_locations", "service_id", "location_id")},
	{"phones", "service_id", byID, same("phones", "service_id", "number")},
	{"contacts", "service_id", byID, ""},
	{"schedules", "service_id", byID, ""},
	{"languages", "service_id", byID, same("languages", "service_id", "name", "code")},
	{"service_areas", "service_id", byID, same("service_areas", "service_id", "name")},
	{"fundings", "service_id", byID, ""},
	{"cost_options", "service_id", byID, ""},
	{"required_documents", "service_id", byID, ""},
	{"urls", "service_id", byID, ""},
	{"service_capacities", "service_id", byID, ""},
	{"attributes", "link_id", byID,
		"t.link_entity <> 'service' OR " + same("attributes", "link_id", "taxonomy_term_id")},
}

var serviceMerging = mergeTable{"services", ServiceMergeFields,
	map[string]bool{"minimum_age": true, "maximum_age": true}, serviceRefs}

// serviceMoveLabels say, in a steward's words, what kind of record each
// moved reference of a service is.
var serviceMoveLabels = map[string]string{
	"service_at_locations.service_id": "locations it is offered at", "phones.service_id": "phones",
	"contacts.service_id": "contacts", "schedules.service_id": "schedules", "languages.service_id": "languages",
	"service_areas.service_id": "service areas", "fundings.service_id": "fundings",
	"cost_options.service_id": "cost options", "required_documents.service_id": "required documents",
	"urls.service_id": "websites", "service_capacities.service_id": "capacities",
	"attributes.link_id": "categories and keywords",
}

// ServiceMoveLabel is how a page names a reference a service merge moved.
func ServiceMoveLabel(ref string) string {
	if l, ok := serviceMoveLabels[ref]; ok {
		return l
	}
	return ref
}
