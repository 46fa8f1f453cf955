package store

func init() { register(surveyReviewMigration) }

// surveyReviewMigration keeps survey answers as each side's perception:
// a respondent may say the relationship is strained, and closing a wave no
// longer writes ties. A coordinator reviews each change the answers suggest
// and keeps the recorded tie or updates it; the decision is kept per wave
// and pair (a_organization_id sorts before b_organization_id).
var surveyReviewMigration = Migration{31, "survey strain and reviewed tie changes", `
ALTER TABLE survey_ratings ADD COLUMN strained BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE survey_tie_decisions (
	wave_id BIGINT NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
	a_organization_id TEXT NOT NULL REFERENCES organizations (id),
	b_organization_id TEXT NOT NULL REFERENCES organizations (id),
	decision TEXT NOT NULL CHECK (decision IN ('keep', 'update')),
	level TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT '',
	decided_at {{TIME}} NOT NULL,
	user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
	actor TEXT NOT NULL,
	PRIMARY KEY (wave_id, a_organization_id, b_organization_id),
	CHECK (a_organization_id < b_organization_id)
)`}
