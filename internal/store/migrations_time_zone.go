package store

// Migration 28: an initiative may keep its own time zone (an IANA name, ""
// for the instance's), in which its deadlines and times are shown.
func init() {
	register(Migration{30, "initiative time zone", `ALTER TABLE initiatives ADD COLUMN time_zone TEXT NOT NULL DEFAULT ''`})
}
