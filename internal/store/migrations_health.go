package store

// Migrations 57 and 58: partnership health. What each member organization
// commits and delivers for a period (entry pledge or delivery), with its
// evidence and whether backbone staff confirmed it; the benefits a member
// reports it received (funding, referrals); the value of an hour of staff
// time per initiative; and the offers and needs members post, with the
// matches proposed between them and how they went.
func init() {
	register(Migration{57, "contributions", `
CREATE TABLE contributions (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	entry TEXT NOT NULL CHECK (entry IN ('pledge', 'delivery')),
	kind TEXT NOT NULL,
	period TEXT NOT NULL,
	quantity DOUBLE PRECISION NOT NULL,
	unit TEXT NOT NULL,
	money_value DOUBLE PRECISION,
	description TEXT NOT NULL DEFAULT '',
	evidence_note TEXT NOT NULL DEFAULT '',
	evidence_url TEXT NOT NULL DEFAULT '',
	recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	recorded_by_label TEXT NOT NULL,
	recorded_at {{TIME}} NOT NULL,
	confirmed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	confirmed_by_label TEXT NOT NULL DEFAULT '',
	confirmed_at {{TIME}}
);
CREATE INDEX contributions_initiative ON contributions (initiative_id, organization_id, kind);
CREATE TABLE contribution_benefits (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	kind TEXT NOT NULL CHECK (kind IN ('funding', 'referrals')),
	period TEXT NOT NULL,
	amount DOUBLE PRECISION NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	recorded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	recorded_by_label TEXT NOT NULL,
	recorded_at {{TIME}} NOT NULL
);
CREATE INDEX contribution_benefits_initiative ON contribution_benefits (initiative_id, organization_id);
CREATE TABLE contribution_rates (
	initiative_id BIGINT PRIMARY KEY REFERENCES initiatives (id) ON DELETE CASCADE,
	hour_rate DOUBLE PRECISION NOT NULL,
	updated_at {{TIME}} NOT NULL
)`})
	register(Migration{58, "offers and needs", `
CREATE TABLE health_posts (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	organization_id TEXT NOT NULL REFERENCES organizations (id),
	side TEXT NOT NULL CHECK (side IN ('offer', 'need')),
	category TEXT NOT NULL,
	title TEXT NOT NULL,
	details TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'open',
	posted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
	posted_by_label TEXT NOT NULL,
	posted_at {{TIME}} NOT NULL,
	closed_at {{TIME}}
);
CREATE INDEX health_posts_initiative ON health_posts (initiative_id, status);
CREATE TABLE health_matches (
	id {{ID}},
	initiative_id BIGINT NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
	offer_id BIGINT NOT NULL REFERENCES health_posts (id) ON DELETE CASCADE,
	need_id BIGINT NOT NULL REFERENCES health_posts (id) ON DELETE CASCADE,
	reason TEXT NOT NULL DEFAULT '',
	proposed_by_organization_id TEXT NOT NULL DEFAULT '',
	proposed_by_label TEXT NOT NULL,
	proposed_at {{TIME}} NOT NULL,
	status TEXT NOT NULL DEFAULT 'proposed',
	answered_by_label TEXT NOT NULL DEFAULT '',
	answered_at {{TIME}},
	outcome TEXT NOT NULL DEFAULT '',
	outcome_at {{TIME}},
	UNIQUE (offer_id, need_id)
);
CREATE INDEX health_matches_initiative ON health_matches (initiative_id)`})
}
