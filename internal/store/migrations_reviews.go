package store

// Migration 50: the roadblocks register. A roadblock belongs to a subject,
// named by a kind and an id (a goal, an activity, an agreement, an
// initiative; a plan's area once plans are in); the initiative or the
// organization the subject belongs to is kept beside it, so that the
// register and its heat grid are read per initiative without asking every
// subject. Dates are days, written YYYY-MM-DD.
func init() {
	register(Migration{50, "roadblocks", `
CREATE TABLE roadblocks (
	id {{ID}},
	subject_kind TEXT NOT NULL,
	subject_id BIGINT NOT NULL,
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	category TEXT NOT NULL,
	likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 4),
	impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 4),
	mitigation TEXT NOT NULL DEFAULT '',
	owner_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	review_on TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX roadblocks_subject ON roadblocks (subject_kind, subject_id);
CREATE INDEX roadblocks_initiative ON roadblocks (initiative_id, status)`})

	// Migration 51: scheduled reviews. A subject has at most one cadence;
	// next_due_on is computed from the cadence and the last review held
	// whenever either changes, so that the daily scan and the work queue
	// read it without computing. A review keeps what changed as rows of
	// review_changes: the goal revision it made, the activities it added,
	// the roadblocks it closed.
	register(Migration{51, "reviews", `
CREATE TABLE review_schedules (
	id {{ID}},
	subject_kind TEXT NOT NULL,
	subject_id BIGINT NOT NULL,
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	cadence TEXT NOT NULL,
	first_due_on TEXT NOT NULL,
	next_due_on TEXT NOT NULL DEFAULT '',
	set_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL,
	UNIQUE (subject_kind, subject_id)
);
CREATE INDEX review_schedules_due ON review_schedules (next_due_on);
CREATE TABLE reviews (
	id {{ID}},
	subject_kind TEXT NOT NULL,
	subject_id BIGINT NOT NULL,
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
	held_on TEXT NOT NULL,
	participants TEXT NOT NULL DEFAULT '',
	findings TEXT NOT NULL DEFAULT '',
	recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	recorder TEXT NOT NULL DEFAULT '',
	created_at {{TIME}} NOT NULL
);
CREATE INDEX reviews_subject ON reviews (subject_kind, subject_id, held_on);
CREATE TABLE review_changes (
	id {{ID}},
	review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	ref_id BIGINT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 0,
	summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX review_changes_review ON review_changes (review_id)`})
}
