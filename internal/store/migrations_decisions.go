package store

func init() { register(decisionsMigration) }

// decisionsMigration holds how an initiative decides: proposals with the
// rule they were put under, one vote per member organization, delegations
// of a vote for one proposal, comments from any member, whether the
// decision log is public; and the compatibility assessments taken with a
// prospective partner before it joins.
var decisionsMigration = Migration{6, "decisions", `
ALTER TABLE initiatives ADD COLUMN decision_log_public BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE proposals (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	proposed_by TEXT NOT NULL REFERENCES organizations (id),
	proposed_by_user BIGINT REFERENCES users (id) ON DELETE SET NULL,
	rule TEXT NOT NULL,
	quorum_percent INTEGER NOT NULL DEFAULT 0,
	threshold_percent INTEGER NOT NULL DEFAULT 0,
	lead_organization_id TEXT REFERENCES organizations (id),
	deadline {{TIME}} NOT NULL,
	status TEXT NOT NULL DEFAULT 'open',
	outcome_json TEXT,
	decided_at {{TIME}},
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX proposals_initiative ON proposals (initiative_id, status, decided_at);
CREATE TABLE proposal_votes (
	proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	choice TEXT NOT NULL,
	comment TEXT NOT NULL DEFAULT '',
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	revision INTEGER NOT NULL DEFAULT 1,
	cast_at {{TIME}} NOT NULL,
	PRIMARY KEY (proposal_id, organization_id)
);
CREATE TABLE proposal_delegations (
	proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	from_organization_id TEXT NOT NULL REFERENCES organizations (id),
	to_organization_id TEXT NOT NULL REFERENCES organizations (id),
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	PRIMARY KEY (proposal_id, from_organization_id)
);
CREATE TABLE proposal_comments (
	id {{ID}},
	proposal_id BIGINT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at {{TIME}} NOT NULL
);
CREATE INDEX proposal_comments_proposal ON proposal_comments (proposal_id, id);
CREATE TABLE compatibility_assessments (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	created_at {{TIME}} NOT NULL,
	updated_at {{TIME}} NOT NULL
);
CREATE INDEX compatibility_assessments_initiative ON compatibility_assessments (initiative_id, organization_id);
CREATE TABLE compatibility_answers (
	assessment_id BIGINT NOT NULL REFERENCES compatibility_assessments (id) ON DELETE CASCADE,
	side TEXT NOT NULL,
	question_id TEXT NOT NULL,
	score INTEGER NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	answered_at {{TIME}} NOT NULL,
	PRIMARY KEY (assessment_id, side, question_id),
	CHECK (score BETWEEN 1 AND 4)
)`}
