package store

// Migration 26: a postal code finds the addresses written with it and
// those written with it and an extension after a hyphen ("94025" finds
// "94025-9881", a ZIP+4, as San Mateo County's own data writes some), by a
// range of the postal codes' index (PostalCodeIs). The range must be in
// byte order. On SQLite it is: the index sorts by its BINARY collation. On
// PostgreSQL the database's collation may not be (en_US sorts
// punctuation after letters and digits, at a later level), so the index
// is made again in the "C" collation, and the conditions name it.
func init() {
	register(Migration{26, "addresses by postal code and its extension", ``})
	registerEngineSQL(26, map[Engine]string{Postgres: `DROP INDEX addresses_postal_code;
CREATE INDEX addresses_postal_code ON addresses ((postal_code COLLATE "C"))`})
}

// PostalCodeIs is the condition that the postal code col (a column) is
// code, or code followed by a hyphen and an extension, read by the index
// of migration 26; arg makes the query's placeholders. '.' comes right
// after '-' in byte order, so the range holds exactly the codes that start
// with code and a hyphen.
func PostalCodeIs(e Engine, col, code string, arg func(any) string) string {
	if e == Postgres {
		col += ` COLLATE "C"`
	}
	return "(" + col + " = " + arg(code) + " OR (" + col + " >= " + arg(code+"-") + " AND " + col + " < " + arg(code+".") + "))"
}
