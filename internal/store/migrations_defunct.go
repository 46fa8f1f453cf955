package store

// Migration 62: the services that no longer exist (status defunct, as a
// merged duplicate becomes), few, found at once so that a search leaves
// them out.
func init() {
	register(Migration{62, "defunct services", `CREATE INDEX services_defunct ON services (id) WHERE status = 'defunct'`})
}
