package store

// Migration 46: personal, unit and initiative action plans. A plan has
// areas (a tie, a missing tie or a sector gap, each keeping the tie's state
// on the day it was added), one success signal per area that Backbone
// checks itself, actions tagged with a strategy, the people it is shared
// with, and their comments and suggestions. plan_strategies holds only the
// strategies a steward rewrote; the built-in library lives in the code.
func init() {
	register(Migration{46, "action plans", `
CREATE TABLE plans (
	id {{ID}},
	kind TEXT NOT NULL CHECK (kind IN ('person', 'unit', 'initiative')),
	user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id),
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	starts_on TEXT NOT NULL DEFAULT '',
	ends_on TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'open',
	debrief TEXT NOT NULL DEFAULT '',
	closed_at {{TIME}},
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX plans_user ON plans (user_id);
CREATE INDEX plans_organization ON plans (organization_id);
CREATE INDEX plans_initiative ON plans (initiative_id);
CREATE TABLE plan_areas (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('tie', 'no_tie', 'gap')),
	title TEXT NOT NULL,
	from_organization_id TEXT REFERENCES organizations (id),
	organization_id TEXT REFERENCES organizations (id),
	sector TEXT NOT NULL DEFAULT '',
	sector_matches TEXT NOT NULL DEFAULT '',
	tie_id TEXT NOT NULL DEFAULT '',
	tie_version INTEGER NOT NULL DEFAULT 0,
	tie_level TEXT NOT NULL DEFAULT '',
	tie_status TEXT NOT NULL DEFAULT '',
	added_on TEXT NOT NULL,
	created_at {{TIME}} NOT NULL
);
CREATE INDEX plan_areas_plan ON plan_areas (plan_id);
CREATE TABLE plan_signals (
	area_id BIGINT PRIMARY KEY REFERENCES plan_areas (id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('tie_level', 'gap_closed', 'indicator', 'manual')),
	level TEXT NOT NULL DEFAULT '',
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE SET NULL,
	indicator_id BIGINT REFERENCES indicators (id) ON DELETE SET NULL,
	target DOUBLE PRECISION,
	description TEXT NOT NULL DEFAULT '',
	met_at {{TIME}},
	evidence TEXT NOT NULL DEFAULT '',
	evidence_json TEXT NOT NULL DEFAULT '',
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX plan_signals_unmet ON plan_signals (kind) WHERE met_at IS NULL;
CREATE TABLE plan_actions (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	area_id BIGINT NOT NULL REFERENCES plan_areas (id) ON DELETE CASCADE,
	strategy TEXT NOT NULL,
	title TEXT NOT NULL,
	owner_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	due_on TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'planned',
	activity_id BIGINT REFERENCES activities (id) ON DELETE SET NULL,
	activity_initiative_id BIGINT REFERENCES initiatives (id) ON DELETE SET NULL,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX plan_actions_plan ON plan_actions (plan_id);
CREATE INDEX plan_actions_owner ON plan_actions (owner_id);
CREATE TABLE plan_shares (
	plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at {{TIME}} NOT NULL,
	PRIMARY KEY (plan_id, user_id)
);
CREATE INDEX plan_shares_user ON plan_shares (user_id);
CREATE TABLE plan_comments (
	id {{ID}},
	plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	author TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('comment', 'suggestion')),
	body TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT '',
	decided_at {{TIME}},
	created_at {{TIME}} NOT NULL
);
CREATE INDEX plan_comments_plan ON plan_comments (plan_id, id);
CREATE TABLE plan_strategies (
	key TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	guidance TEXT NOT NULL,
	prompts TEXT NOT NULL,
	updated_at {{TIME}} NOT NULL,
	updated_by TEXT NOT NULL DEFAULT ''
)`})
}
