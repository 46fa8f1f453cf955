package store

// The fields and objects HSDS 3.1 adds to 3.0, so that a 3.1 import keeps
// them and a 3.1 export gives them back: an attribute's label, a service
// area of a service at a location, and the url (an organization's
// additional websites, a service's additional URLs), unit and
// service_capacity objects. Column names are HSDS's own; a 3.0 export
// leaves them out.
func init() { register(Migration{44, "hsds 3.1", hsds31Schema}) }

const hsds31Schema = `
ALTER TABLE attributes ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE service_areas ADD COLUMN service_at_location_id TEXT REFERENCES service_at_locations (id) ON DELETE CASCADE;
CREATE INDEX service_areas_sal ON service_areas (service_at_location_id);
CREATE TABLE urls (
	id TEXT PRIMARY KEY,
	label TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE
);
CREATE INDEX urls_org ON urls (organization_id);
CREATE INDEX urls_service ON urls (service_id);
CREATE TABLE units (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	scheme TEXT NOT NULL DEFAULT '',
	identifier TEXT NOT NULL DEFAULT '',
	uri TEXT NOT NULL DEFAULT ''
);
CREATE TABLE service_capacities (
	id TEXT PRIMARY KEY,
	service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	unit_id TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
	available DOUBLE PRECISION NOT NULL,
	maximum DOUBLE PRECISION,
	description TEXT NOT NULL DEFAULT '',
	updated TEXT NOT NULL
);
CREATE INDEX service_capacities_service ON service_capacities (service_id);
CREATE INDEX service_capacities_unit ON service_capacities (unit_id);
`
