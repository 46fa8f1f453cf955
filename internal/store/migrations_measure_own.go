package store

func init() { register(measureOwnMigration) }

// measureOwnMigration makes one organization's own values of an indicator
// (a dashboard filtered to one member, an organization's own goals) an
// index-only read: at state scale those rows are scattered over the whole
// measurements table, and reading each from the table costs a random page
// read. The index replaces measurements_org, which it extends.
var measureOwnMigration = Migration{14, "measure own values", `
DROP INDEX measurements_org;
CREATE INDEX measurements_org ON measurements (organization_id, indicator_id, period, superseded_at, value, weight, reported_at)`}
