package store

// Migration 39: organization names are no longer unique. HSDS 3.0 says an
// organization's name is not unique ("constraints": {"unique": false}),
// and real directories hold two organizations whose names differ only in
// case ("... De Paul ..." and "... de Paul ..."): the unique index refused
// such a file whole. The index stays, not unique, for the organizations
// list's order; names that collide are listed in the data-quality report
// for a steward instead, and a person adding an organization by hand is
// still told when its name is taken (checkNameFree).
func init() {
	register(Migration{39, "organization names not unique", `DROP INDEX organizations_name;
CREATE INDEX organizations_name ON organizations (lower(name)) WHERE archived_at IS NULL`})
}
