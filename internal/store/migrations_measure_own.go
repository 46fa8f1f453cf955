package store

func init() { register(measureOwnMigration, measureRankMigration) }

// measureOwnMigration makes one organization's own values of an indicator
// (a dashboard filtered to one member, an organization's own goals) an
// index-only read: at state scale those rows are scattered over the whole
// measurements table, and reading each from the table costs a random page
// read. The index replaces measurements_org, which it extends.
var measureOwnMigration = Migration{14, "measure own values", `
DROP INDEX measurements_org;
CREATE INDEX measurements_org ON measurements (organization_id, indicator_id, period, superseded_at, value, weight, reported_at)`}

// measureRankMigration lets a dashboard list the largest contributions to a
// period (ORDER BY value DESC LIMIT n) by reading n index entries, instead
// of every partner's report of the period from the table.
var measureRankMigration = Migration{15, "measure contributions by value", `
CREATE INDEX measurements_rank ON measurements (indicator_id, period, value) WHERE superseded_at IS NULL`}
