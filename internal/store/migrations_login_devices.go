package store

// Migration 61: failed sign-ins remember the trusted device they came from
// (a browser that signed in to the account before: account.Device), so that
// a device's failures count against it alone and an attack from elsewhere
// never slows down the account's own browsers.
func init() {
	register(Migration{61, "sign-in failures by device", `
ALTER TABLE login_failures ADD COLUMN device TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_device ON login_failures (device, at)`})
}
