package api

import (
	"slices"

	"backbone/internal/directory"
	"backbone/internal/hsds"
)

// serviceRoutes are the endpoints that browse and edit an organization's
// services and locations, with their phones, hours, languages, areas and
// taxonomy terms.
func (h *handler) serviceRoutes() []route {
	return []route{
		{
			Method:      "GET",
			Pattern:     prefix + "/organizations/{id}/services",
			OperationID: "listOrganizationServices",
			Tag:         "directory",
			Summary:     "The services of an organization, each in full, by name",
			Status:      200,
			Response:    "ServiceProfileList",
			Problems:    readProblems,
			handle:      (*handler).listServices,
		},
		{
			Method:      "POST",
			Pattern:     prefix + "/organizations/{id}/services",
			OperationID: "createService",
			Tag:         "directory",
			Summary:     "Add a service to an organization (its admins and stewards)",
			Request:     "ServiceInput",
			Status:      201,
			Response:    "ServiceProfile",
			Headers:     []string{"Location"},
			Problems:    writeProblems,
			handle:      (*handler).createService,
		},
		{Method: "GET", Pattern: prefix + "/services/{service}", OperationID: "getService", Tag: "directory",
			Summary: "One service with its eligibility, fees, languages, areas, terms, locations, phones and hours", Status: 200,
			Response: "ServiceProfile", Problems: readProblems, handle: (*handler).getService},
		{Method: "PATCH", Pattern: prefix + "/services/{service}", OperationID: "updateService", Tag: "directory",
			Summary: "Change some fields of a service; a list sent replaces the whole list (set status defunct to end a service)",
			Request: "ServicePatch", Status: 200, Response: "ServiceProfile", Problems: writeProblems, handle: (*handler).updateService},
		{
			Method:      "GET",
			Pattern:     prefix + "/organizations/{id}/locations",
			OperationID: "listOrganizationLocations",
			Tag:         "directory",
			Summary:     "The locations of an organization, each in full, by name",
			Status:      200,
			Response:    "LocationProfileList",
			Problems:    readProblems,
			handle:      (*handler).listLocations,
		},
		{
			Method:      "POST",
			Pattern:     prefix + "/organizations/{id}/locations",
			OperationID: "createLocation",
			Tag:         "directory",
			Summary:     "Add a location to an organization (its admins and stewards)",
			Request:     "LocationInput",
			Status:      201,
			Response:    "LocationProfile",
			Headers:     []string{"Location"},
			Problems:    writeProblems,
			handle:      (*handler).createLocation,
		},
		{Method: "GET", Pattern: prefix + "/locations/{location}", OperationID: "getLocation", Tag: "directory",
			Summary: "One location with its street address, coordinates, phones and the services delivered there", Status: 200,
			Response: "LocationProfile", Problems: readProblems, handle: (*handler).getLocation},
		{Method: "POST", Pattern: prefix + "/directory/import", OperationID: "importDirectory", Tag: "directory",
			Summary: "Import a directory file, all or nothing (stewards): an HSDS 3.0 JSON file (application/json) or a ZIP of an HSDS data " +
				"package (3.0, 2.0 or 1.x) or of Ohana CSV files (application/zip), as the body or the file field of a multipart form; " +
				"records are matched by id, and a bad row refuses the file, naming its file, row and field",
			RawBody: true, Status: 200, Response: "DirectoryImport", Problems: []int{400, 401, 403, 413, 415, 422}, handle: (*handler).importDirectory},
		{Method: "GET", Pattern: prefix + "/directory/export", OperationID: "exportDirectory", Tag: "directory",
			Summary: "The whole directory as a ZIP of HSDS 3.0: services.json and organizations.json (full objects) and the " +
				"tabular data package",
			Query: []param{
				{
					Name: "version",
					Description: "The HSDS version to write: 3.0 (the default) or 3.1, which adds its URLs, " +
						"units, service capacities, attribute labels and service areas of a service at a location",
					Schema: obj{"type": "string", "enum": hsds.Versions, "default": hsds.V30},
				},
			},
			RawResult: true, Status: 200, Problems: []int{401, 403, 422}, handle: (*handler).exportDirectory},
		{Method: "PATCH", Pattern: prefix + "/locations/{location}", OperationID: "updateLocation", Tag: "directory",
			Summary: "Change some fields of a location; the address and phones, when sent, replace the old ones",
			Request: "LocationPatch", Status: 200, Response: "LocationProfile", Problems: writeProblems, handle: (*handler).updateLocation},
	}
}

// serviceSchemas are the component schemas of services and locations.
func serviceSchemas() obj {
	str := func(desc string, maxLen int) obj {
		return obj{"type": "string", "description": desc, "maxLength": maxLen}
	}
	list := func(desc string, items obj) obj {
		return obj{"type": []string{"array", "null"}, "description": desc, "items": items}
	}
	phone := obj{
		"type":                 "object",
		"additionalProperties": false,
		"description":          "A phone number; a row left wholly blank is dropped",
		"properties": obj{
			"number":      str("Required when the row has anything else, such as 650-555-0100", 50),
			"extension":   str("", 20),
			"type":        str("voice, text, cell, fax, textphone, video or pager (HSDS); others are kept", 30),
			"description": str("Such as: after hours", 254),
		},
	}
	schedule := obj{"type": "object", "additionalProperties": false,
		"description": "Weekly opening hours; a closing time before the opening one runs past midnight",
		"properties": obj{
			"days": obj{
				"type":        []string{"array", "null"},
				"items":       obj{"type": "string"},
				"description": "Days as MO, TU, WE, TH, FR, SA, SU (or day names)",
			},
			"opens_at":  str("HH:MM, 24-hour, such as 09:00", 5),
			"closes_at": str("HH:MM, 24-hour, such as 17:30", 5),
		}}
	serviceProps := func() obj {
		return obj{
			"name":           str("The service's name", 200),
			"alternate_name": str("Another name it is known by", 200),
			"description":    str("What the service does", 10000),
			"url":            str("Its web page; https:// is added when no scheme is given", 500),
			"email":          str("Where to write about it", 254),
			"status": obj{
				"type":        "string",
				"enum":        directory.ServiceStatuses,
				"description": "HSDS status; active when left out. A service that has ended is defunct, never deleted",
			},
			"interpretation_services": str("Interpretation offered", 2000),
			"application_process":     str("How to apply", 2000),
			"fees_description":        str("What it costs", 2000),
			"wait_time":               str("How long people wait", 254),
			"eligibility_description": str("Who can use it", 2000),
			"minimum_age":             obj{"type": []string{"number", "null"}, "minimum": 0, "maximum": 130},
			"maximum_age":             obj{"type": []string{"number", "null"}, "minimum": 0, "maximum": 130},
			"languages":               list("Languages it is offered in, by name", obj{"type": "string"}),
			"service_areas":           list("Areas it serves, by name", obj{"type": "string"}),
			"taxonomy_term_ids":       list("Taxonomy terms it is filed under, by id", obj{"type": "string"}),
			"location_ids": list(
				"The organization's locations where it is delivered, by id",
				obj{"type": "string"},
			),
			"phones":    list("Its phones", phone),
			"schedules": list("Its weekly hours", schedule),
		}
	}
	address := obj{
		"type":                 "object",
		"additionalProperties": false,
		"description":          "The street address; all empty for none",
		"properties": obj{
			"address_1": str("Required when any part is given", 254), "address_2": str("", 254),
			"city": str("Required when any part is given", 100), "state_province": str("", 100),
			"postal_code": str("", 20), "country": str("US when left out", 100),
		},
	}
	locationProps := func() obj {
		return obj{
			"name":           str("Such as Main office", 200),
			"description":    str("", 10000),
			"transportation": str("How to get there", 2000),
			"latitude": obj{
				"type":        []string{"number", "null"},
				"minimum":     -90,
				"maximum":     90,
				"description": "With longitude, or neither",
			},
			"longitude": obj{"type": []string{"number", "null"}, "minimum": -180, "maximum": 180},
			"address":   address,
			"phones":    list("Its phones", phone),
		}
	}
	// withOptional adds optional text fields to an object's schema.
	withOptional := func(o obj, fields ...string) obj {
		for _, f := range fields {
			o["properties"].(obj)[f] = obj{"type": "string"}
		}
		return o
	}
	// withProps adds required properties to an object's schema.
	withProps := func(o obj, props obj) obj {
		for k, v := range props {
			o["properties"].(obj)[k] = v
		}
		o["required"] = keys(o["properties"].(obj))
		return o
	}
	named := func(extra ...string) obj {
		props := obj{"id": obj{"type": "string"}, "name": obj{"type": "string"}}
		for _, e := range extra {
			props[e] = obj{"type": "string"}
		}
		return obj{"type": "object", "properties": props, "additionalProperties": false, "required": keys(props)}
	}
	profile := func(props obj, desc string, extra obj) obj {
		props["id"] = obj{"type": "string"}
		props["organization_id"] = obj{"type": "string"}
		props["organization_name"] = obj{"type": "string"}
		for k, v := range extra {
			props[k] = v
		}
		return obj{
			"type":                 "object",
			"additionalProperties": false,
			"properties":           props,
			"required":             keys(props),
			"description":          desc,
		}
	}
	time := obj{"type": "string", "format": "date-time"}
	return obj{
		"ServiceInput": obj{
			"type":                 "object",
			"additionalProperties": false,
			"properties":           serviceProps(),
			"required":             []string{"name"},
			"description":          "A service as a person writes it; every list is saved as a whole",
		},
		"ServicePatch": obj{"type": "object", "additionalProperties": false, "properties": serviceProps(),
			"description": "Some fields of ServiceInput; those left out keep their values, a list sent replaces the old one"},
		"ServiceProfile": profile(serviceProps(), "A service with everything that belongs to it", obj{
			"taxonomy_terms": obj{"type": "array", "items": withOptional(named(), "taxonomy")},
			"categories": obj{
				"type":        "array",
				"description": "Its built-in categories, directly or through mapped keywords",
				"items": obj{
					"type":                 "object",
					"additionalProperties": false,
					"required":             []string{"name", "path", "section"},
					"properties": obj{
						"name":    obj{"type": "string"},
						"path":    obj{"type": "string"},
						"section": obj{"type": "string"},
					},
				},
			},
			"situations": obj{"type": "array", "items": obj{"type": "string"}, "description": "Whom it serves"},
			"hours": obj{
				"type":        "array",
				"items":       obj{"type": "string"},
				"description": "Every schedule of the service's own, as a flyer says it",
			},
			"hours_to_check": obj{"type": "array", "items": obj{"type": "string"},
				"description": "Hours of the service or its places that close before they open (Mon 09:00–03:00, meant 3 pm?)"},
			"locations": obj{"type": "array", "items": withProps(named("address"), obj{
				"phones": list("The location's phones", phone),
				"hours": obj{
					"type":        "array",
					"items":       obj{"type": "string"},
					"description": "The location's hours and the service's there",
				},
				"approximate_location": obj{
					"type":        "boolean",
					"description": "Its point is the centroid of its postal code or city",
				}})},
			"last_verified_at": obj{"type": []string{"string", "null"}, "format": "date-time"},
			"created_at":       time, "updated_at": time,
		}),
		"ServiceProfileList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("ServiceProfile")}}},
		"LocationInput": obj{
			"type":                 "object",
			"additionalProperties": false,
			"properties":           locationProps(),
			"required":             []string{"name"},
			"description":          "A location as a person writes it",
		},
		"LocationPatch": obj{"type": "object", "additionalProperties": false, "properties": locationProps(),
			"description": "Some fields of LocationInput; those left out keep their values"},
		"LocationProfile": profile(
			locationProps(),
			"A location with its address, phones and the services delivered there",
			obj{
				"services": obj{"type": "array", "items": named("status")},
				"coordinates_approximate": obj{"type": "boolean", "description": "The point is the centroid of the " +
					"address's postal code or city (from the offline gazetteer), not given by the source or an editor"},
			},
		),
		"LocationProfileList": obj{"type": "object", "additionalProperties": false, "required": []string{"items"},
			"properties": obj{"items": obj{"type": "array", "items": ref("LocationProfile")}}},
	}
}

// keys returns the names of an object's properties, sorted.
func keys(props obj) []string {
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
