package store

func init() { register(measureMigration) }

// measureMigration holds shared measurement: the indicators partners report,
// who reports each, goals with every revision kept, measurements with every
// correction kept (a correction supersedes, never overwrites), the roll-ups
// per indicator and period that dashboards read instead of raw rows, the
// stories beside the numbers, and the milestones goals pass.
//
// Periods are canonical text keys (2024-03, 2024-Q1, 2024-H1, 2024) that
// sort in time order within one frequency; dates a person gives are
// YYYY-MM-DD text.
var measureMigration = Migration{11, "measure", `
CREATE TABLE indicators (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	definition TEXT NOT NULL DEFAULT '',
	unit TEXT NOT NULL DEFAULT '',
	direction TEXT NOT NULL,
	aggregation TEXT NOT NULL,
	frequency TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	weight_label TEXT NOT NULL DEFAULT '',
	archived_at {{TIME}},
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL,
	CHECK (direction IN ('higher', 'lower')),
	CHECK (aggregation IN ('sum', 'average', 'weighted_average', 'latest', 'min', 'max')),
	CHECK (frequency IN ('monthly', 'quarterly', 'semiannual', 'annual'))
);
CREATE UNIQUE INDEX indicators_name ON indicators (initiative_id, lower(name));
CREATE TABLE indicator_reporters (
	indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	PRIMARY KEY (indicator_id, organization_id)
);
CREATE INDEX indicator_reporters_org ON indicator_reporters (organization_id);
CREATE TABLE goals (
	id {{ID}},
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id),
	revision INTEGER NOT NULL DEFAULT 1,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL,
	CHECK ((initiative_id IS NULL) <> (organization_id IS NULL))
);
CREATE INDEX goals_initiative ON goals (initiative_id);
CREATE INDEX goals_organization ON goals (organization_id);
CREATE TABLE goal_revisions (
	id {{ID}},
	goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
	revision INTEGER NOT NULL,
	statement TEXT NOT NULL,
	indicator_id BIGINT REFERENCES indicators (id),
	baseline DOUBLE PRECISION,
	baseline_period TEXT NOT NULL DEFAULT '',
	target DOUBLE PRECISION,
	unit TEXT NOT NULL DEFAULT '',
	starts_on TEXT NOT NULL DEFAULT '',
	due_on TEXT NOT NULL DEFAULT '',
	owner_organization_id TEXT REFERENCES organizations (id),
	agenda_item_id BIGINT REFERENCES agenda_items (id),
	reason TEXT NOT NULL DEFAULT '',
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	recorded_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX goal_revisions_revision ON goal_revisions (goal_id, revision);
CREATE INDEX goal_revisions_indicator ON goal_revisions (indicator_id);
CREATE TABLE measurements (
	id {{ID}},
	indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	period TEXT NOT NULL,
	value DOUBLE PRECISION NOT NULL,
	weight DOUBLE PRECISION,
	note TEXT NOT NULL DEFAULT '',
	revision INTEGER NOT NULL DEFAULT 1,
	superseded_by BIGINT REFERENCES measurements (id),
	superseded_at {{TIME}},
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	reported_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX measurements_current ON measurements (indicator_id, period, organization_id) WHERE superseded_at IS NULL;
CREATE INDEX measurements_org ON measurements (organization_id, indicator_id, period);
CREATE TABLE rollups (
	indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
	period TEXT NOT NULL,
	value DOUBLE PRECISION NOT NULL,
	count INTEGER NOT NULL,
	sum DOUBLE PRECISION NOT NULL,
	weight_sum DOUBLE PRECISION NOT NULL,
	weighted_sum DOUBLE PRECISION NOT NULL,
	min DOUBLE PRECISION NOT NULL,
	max DOUBLE PRECISION NOT NULL,
	latest DOUBLE PRECISION NOT NULL,
	latest_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL,
	PRIMARY KEY (indicator_id, period)
);
CREATE TABLE stories (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	kind TEXT NOT NULL,
	consent_by TEXT NOT NULL,
	consent_on TEXT NOT NULL,
	consent_how TEXT NOT NULL,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	CHECK (kind IN ('quote', 'case_story', 'interview_note')),
	CHECK (consent_by <> '' AND consent_on <> '' AND consent_how <> '')
);
CREATE INDEX stories_initiative ON stories (initiative_id, created_at);
CREATE TABLE story_goals (
	story_id BIGINT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
	PRIMARY KEY (story_id, goal_id)
);
CREATE INDEX story_goals_goal ON story_goals (goal_id);
CREATE TABLE milestones (
	id {{ID}},
	goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
	value DOUBLE PRECISION NOT NULL,
	label TEXT NOT NULL DEFAULT '',
	reached_at {{TIME}},
	reached_period TEXT NOT NULL DEFAULT '',
	created_at {{TIME}} NOT NULL
);
CREATE UNIQUE INDEX milestones_value ON milestones (goal_id, value)`}
