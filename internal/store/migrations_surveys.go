package store

func init() { register(surveysMigration) }

// surveysMigration holds partner surveys: a wave asks a set of organizations
// (an initiative's members or any list) to rate their relationship with
// every other one. Each participant answers through a private link whose
// token is kept only as a SHA-256 hash. Ratings are 1–4; a trust rating is
// NULL when the respondent does not know, and any rating is NULL until it is
// answered (answers may be saved part by part until the wave closes).
var surveysMigration = Migration{10, "surveys", `
CREATE TABLE survey_waves (
	id {{ID}},
	name TEXT NOT NULL,
	initiative_id BIGINT REFERENCES initiatives (id) ON DELETE SET NULL,
	opened_at {{TIME}} NOT NULL,
	closes_at TEXT NOT NULL DEFAULT '',
	closed_at {{TIME}},
	created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	created_by_label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_waves_initiative ON survey_waves (initiative_id);
CREATE TABLE survey_participants (
	wave_id BIGINT NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	respondent_name TEXT NOT NULL DEFAULT '',
	respondent_email TEXT NOT NULL DEFAULT '',
	token_hash TEXT NOT NULL,
	responded_at {{TIME}},
	reminded_at {{TIME}},
	PRIMARY KEY (wave_id, organization_id)
);
CREATE UNIQUE INDEX survey_participants_token ON survey_participants (token_hash);
CREATE TABLE survey_ratings (
	wave_id BIGINT NOT NULL REFERENCES survey_waves (id) ON DELETE CASCADE,
	rater_organization_id TEXT NOT NULL REFERENCES organizations (id),
	rated_organization_id TEXT NOT NULL REFERENCES organizations (id),
	level TEXT NOT NULL DEFAULT '',
	trust_reliable INTEGER CHECK (trust_reliable BETWEEN 1 AND 4),
	trust_mission INTEGER CHECK (trust_mission BETWEEN 1 AND 4),
	trust_open INTEGER CHECK (trust_open BETWEEN 1 AND 4),
	value_influence INTEGER CHECK (value_influence BETWEEN 1 AND 4),
	value_involvement INTEGER CHECK (value_involvement BETWEEN 1 AND 4),
	value_resources INTEGER CHECK (value_resources BETWEEN 1 AND 4),
	resources TEXT NOT NULL DEFAULT '',
	updated_at {{TIME}} NOT NULL,
	PRIMARY KEY (wave_id, rater_organization_id, rated_organization_id),
	CHECK (rater_organization_id <> rated_organization_id)
);
CREATE INDEX survey_ratings_rated ON survey_ratings (wave_id, rated_organization_id)`}
