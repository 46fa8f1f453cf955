package store

// The HSDS 3.0 objects that the directory's first tables did not hold, and
// the HSDS fields those tables lacked, so that an HSDS import keeps every
// field and an export gives it back. Column names are HSDS's own; dates
// stay text as the source wrote them. A child belongs to its parent (ON
// DELETE CASCADE); the links HSDS makes to "any object" (an attribute's
// link_id, metadata's resource_id) cannot be foreign keys.
func init() { register(Migration{4, "hsds", hsdsSchema}) }

const hsdsSchema = `
ALTER TABLE organizations ADD COLUMN logo TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN uri TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD COLUMN external_identifier TEXT NOT NULL DEFAULT '';
ALTER TABLE locations ADD COLUMN external_identifier_type TEXT NOT NULL DEFAULT '';
CREATE TABLE taxonomies (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	uri TEXT NOT NULL DEFAULT '',
	version TEXT NOT NULL DEFAULT ''
);
CREATE TABLE taxonomy_terms (
	id TEXT PRIMARY KEY,
	code TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	parent_id TEXT REFERENCES taxonomy_terms (id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
	taxonomy TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT '',
	taxonomy_id TEXT REFERENCES taxonomies (id) ON DELETE CASCADE,
	term_uri TEXT NOT NULL DEFAULT ''
);
CREATE INDEX taxonomy_terms_parent ON taxonomy_terms (parent_id);
CREATE INDEX taxonomy_terms_taxonomy ON taxonomy_terms (taxonomy_id);
CREATE TABLE programs (
	id TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	alternate_name TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX programs_org ON programs (organization_id);
ALTER TABLE services ADD COLUMN program_id TEXT REFERENCES programs (id) ON DELETE SET NULL;
ALTER TABLE services ADD COLUMN fees TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN accreditations TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN minimum_age DOUBLE PRECISION;
ALTER TABLE services ADD COLUMN maximum_age DOUBLE PRECISION;
ALTER TABLE services ADD COLUMN assured_date TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN assurer_email TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN licenses TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN alert TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN last_modified TEXT NOT NULL DEFAULT '';
CREATE INDEX services_program ON services (program_id);
CREATE TABLE contacts (
	id TEXT PRIMARY KEY,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
	service_at_location_id TEXT REFERENCES service_at_locations (id) ON DELETE CASCADE,
	location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL DEFAULT '',
	department TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_org ON contacts (organization_id);
CREATE INDEX contacts_service ON contacts (service_id);
CREATE INDEX contacts_sal ON contacts (service_at_location_id);
CREATE INDEX contacts_location ON contacts (location_id);
ALTER TABLE phones ADD COLUMN contact_id TEXT REFERENCES contacts (id) ON DELETE CASCADE;
ALTER TABLE phones ADD COLUMN service_at_location_id TEXT REFERENCES service_at_locations (id) ON DELETE CASCADE;
CREATE INDEX phones_contact ON phones (contact_id);
CREATE INDEX phones_sal ON phones (service_at_location_id);
CREATE TABLE schedules (
	id TEXT PRIMARY KEY,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
	location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
	service_at_location_id TEXT REFERENCES service_at_locations (id) ON DELETE CASCADE,
	valid_from TEXT NOT NULL DEFAULT '',
	valid_to TEXT NOT NULL DEFAULT '',
	dtstart TEXT NOT NULL DEFAULT '',
	timezone DOUBLE PRECISION,
	until TEXT NOT NULL DEFAULT '',
	count DOUBLE PRECISION,
	wkst TEXT NOT NULL DEFAULT '',
	freq TEXT NOT NULL DEFAULT '',
	interval DOUBLE PRECISION,
	byday TEXT NOT NULL DEFAULT '',
	byweekno TEXT NOT NULL DEFAULT '',
	bymonthday TEXT NOT NULL DEFAULT '',
	byyearday TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	opens_at TEXT NOT NULL DEFAULT '',
	closes_at TEXT NOT NULL DEFAULT '',
	schedule_link TEXT NOT NULL DEFAULT '',
	attending_type TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX schedules_service ON schedules (service_id);
CREATE INDEX schedules_location ON schedules (location_id);
CREATE INDEX schedules_sal ON schedules (service_at_location_id);
CREATE TABLE languages (
	id TEXT PRIMARY KEY,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
	location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
	phone_id TEXT REFERENCES phones (id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	code TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX languages_service ON languages (service_id);
CREATE INDEX languages_location ON languages (location_id);
CREATE INDEX languages_phone ON languages (phone_id);
CREATE INDEX languages_code ON languages (code);
CREATE TABLE service_areas (
	id TEXT PRIMARY KEY,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
	name TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	extent TEXT NOT NULL DEFAULT '',
	extent_type TEXT NOT NULL DEFAULT '',
	uri TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_areas_service ON service_areas (service_id);
CREATE TABLE fundings (
	id TEXT PRIMARY KEY,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
	source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fundings_org ON fundings (organization_id);
CREATE INDEX fundings_service ON fundings (service_id);
CREATE TABLE cost_options (
	id TEXT PRIMARY KEY,
	service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	valid_from TEXT NOT NULL DEFAULT '',
	valid_to TEXT NOT NULL DEFAULT '',
	option TEXT NOT NULL DEFAULT '',
	currency TEXT NOT NULL DEFAULT '',
	amount DOUBLE PRECISION,
	amount_description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cost_options_service ON cost_options (service_id);
CREATE TABLE required_documents (
	id TEXT PRIMARY KEY,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
	document TEXT NOT NULL DEFAULT '',
	uri TEXT NOT NULL DEFAULT ''
);
CREATE INDEX required_documents_service ON required_documents (service_id);
CREATE TABLE accessibility (
	id TEXT PRIMARY KEY,
	location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
	description TEXT NOT NULL DEFAULT '',
	details TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX accessibility_location ON accessibility (location_id);
CREATE TABLE organization_identifiers (
	id TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	identifier_scheme TEXT NOT NULL DEFAULT '',
	identifier_type TEXT NOT NULL,
	identifier TEXT NOT NULL
);
CREATE INDEX organization_identifiers_org ON organization_identifiers (organization_id);
CREATE TABLE attributes (
	id TEXT PRIMARY KEY,
	link_id TEXT NOT NULL,
	taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms (id) ON DELETE CASCADE,
	link_type TEXT NOT NULL DEFAULT '',
	link_entity TEXT NOT NULL,
	value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attributes_link ON attributes (link_id);
CREATE INDEX attributes_term ON attributes (taxonomy_term_id);
CREATE TABLE metadata (
	id TEXT PRIMARY KEY,
	resource_id TEXT NOT NULL,
	resource_type TEXT NOT NULL,
	last_action_date TEXT NOT NULL,
	last_action_type TEXT NOT NULL,
	field_name TEXT NOT NULL,
	previous_value TEXT NOT NULL,
	replacement_value TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX metadata_resource ON metadata (resource_id);
CREATE TABLE meta_table_descriptions (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT '',
	character_set TEXT NOT NULL DEFAULT ''
)`
