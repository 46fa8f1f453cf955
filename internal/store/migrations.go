package store

// Each domain's schema changes live in a file of their own here
// (migrations_*.go) and register themselves; Migrate applies them in order of
// version. Never edit a migration that has shipped: add a new one.
func init() { register(coreMigrations...) }

var coreMigrations = []Migration{
	{1, "accounts", `
CREATE TABLE users (
	id {{ID}},
	email TEXT NOT NULL,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL DEFAULT 'member',
	disabled_at {{TIME}},
	last_login_at {{TIME}},
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at {{TIME}} NOT NULL,
	expires_at {{TIME}} NOT NULL,
	last_seen_at {{TIME}} NOT NULL,
	ip TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE TABLE api_tokens (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	prefix TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	expires_at {{TIME}},
	last_used_at {{TIME}},
	revoked_at {{TIME}}
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE TABLE login_failures (
	id {{ID}},
	email TEXT NOT NULL,
	ip TEXT NOT NULL,
	at {{TIME}} NOT NULL
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_ip ON login_failures (ip, at);
CREATE TABLE audit_events (
	id {{ID}},
	at {{TIME}} NOT NULL,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	entity_type TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	before_json TEXT,
	after_json TEXT,
	request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_id, at);
CREATE INDEX audit_events_at ON audit_events (at)`},
	{2, "directory", `
CREATE TABLE organizations (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	alternate_name TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	mission TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	website TEXT NOT NULL DEFAULT '',
	tax_status TEXT NOT NULL DEFAULT '',
	tax_id TEXT NOT NULL DEFAULT '',
	year_incorporated INTEGER,
	legal_status TEXT NOT NULL DEFAULT '',
	parent_organization_id TEXT REFERENCES organizations (id),
	last_verified_at {{TIME}},
	archived_at {{TIME}},
	version INTEGER NOT NULL DEFAULT 1,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX organizations_name ON organizations (lower(name)) WHERE archived_at IS NULL;
CREATE INDEX organizations_updated ON organizations (updated_at);
CREATE TABLE organization_sectors (
	organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	sector TEXT NOT NULL,
	PRIMARY KEY (organization_id, sector)
);
CREATE INDEX organization_sectors_sector ON organization_sectors (sector);
CREATE TABLE memberships (
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	PRIMARY KEY (user_id, organization_id)
);
CREATE INDEX memberships_org ON memberships (organization_id);
CREATE TABLE locations (
	id TEXT PRIMARY KEY,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	location_type TEXT NOT NULL DEFAULT 'physical',
	name TEXT NOT NULL DEFAULT '',
	alternate_name TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	transportation TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	latitude DOUBLE PRECISION,
	longitude DOUBLE PRECISION
);
CREATE INDEX locations_org ON locations (organization_id);
CREATE TABLE addresses (
	id TEXT PRIMARY KEY,
	location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
	attention TEXT NOT NULL DEFAULT '',
	address_1 TEXT NOT NULL,
	address_2 TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL,
	region TEXT NOT NULL DEFAULT '',
	state_province TEXT NOT NULL,
	postal_code TEXT NOT NULL,
	country TEXT NOT NULL,
	address_type TEXT NOT NULL
);
CREATE INDEX addresses_location ON addresses (location_id);
CREATE TABLE services (
	id TEXT PRIMARY KEY,
	organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	alternate_name TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	interpretation_services TEXT NOT NULL DEFAULT '',
	application_process TEXT NOT NULL DEFAULT '',
	fees_description TEXT NOT NULL DEFAULT '',
	wait_time TEXT NOT NULL DEFAULT '',
	eligibility_description TEXT NOT NULL DEFAULT '',
	last_verified_at {{TIME}},
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX services_org ON services (organization_id);
CREATE TABLE service_at_locations (
	id TEXT PRIMARY KEY,
	service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
	location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
	description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_at_locations_service ON service_at_locations (service_id);
CREATE INDEX service_at_locations_location ON service_at_locations (location_id);
CREATE TABLE phones (
	id TEXT PRIMARY KEY,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	service_id TEXT REFERENCES services (id) ON DELETE CASCADE,
	location_id TEXT REFERENCES locations (id) ON DELETE CASCADE,
	number TEXT NOT NULL,
	extension TEXT NOT NULL DEFAULT '',
	type TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX phones_org ON phones (organization_id);
CREATE INDEX phones_service ON phones (service_id);
CREATE INDEX phones_location ON phones (location_id)`},
	{3, "initiatives", `
CREATE TABLE initiatives (
	id {{ID}},
	name TEXT NOT NULL,
	problem_statement TEXT NOT NULL DEFAULT '',
	vision TEXT NOT NULL DEFAULT '',
	common_agenda TEXT NOT NULL DEFAULT '',
	geography TEXT NOT NULL DEFAULT '',
	backbone_organization_id TEXT REFERENCES organizations (id),
	status TEXT NOT NULL DEFAULT 'forming',
	is_public BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX initiatives_name ON initiatives (lower(name));
CREATE TABLE initiative_members (
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	role TEXT NOT NULL,
	status TEXT NOT NULL,
	joined_at {{TIME}},
	left_at {{TIME}},
	PRIMARY KEY (initiative_id, organization_id)
);
CREATE INDEX initiative_members_org ON initiative_members (organization_id);
CREATE TABLE initiative_roles (
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	PRIMARY KEY (initiative_id, user_id)
);
CREATE INDEX initiative_roles_user ON initiative_roles (user_id)`},
}
