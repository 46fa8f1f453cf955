package hsds

import (
	"crypto/sha1"
	"fmt"
	"regexp"
	"strings"
)

// The ids Backbone keeps the records of the older formats under: their
// rows are numbered with small integers, table by table, where HSDS 3.0
// wants UUIDs. Each id becomes a UUID made from its table and itself, the
// same every time, so that importing a file again updates what the first
// import made.

// OhanaID turns the id of a row in one of Ohana's tables into the UUID that
// Backbone keeps it under: a version-5 style UUID from the SHA-1 of
// "ohana:<table>:<id>", the same every time.
func OhanaID(table, id string) string {
	return nameUUID("ohana:" + table + ":" + id)
}

// LegacyID is the id Backbone keeps a record of an HSDS 1.x or 2.0 package
// under: its own id when that is a UUID (as 3.0 requires), otherwise a UUID
// made from the namespace (its table) and the id, the same every time, so
// that importing the package again updates what the first import made and
// the small integers that older packages number each table with do not
// meet each other.
func LegacyID(namespace, id string) string {
	id = strings.TrimSpace(id)
	if id == "" || uuidPattern.MatchString(id) {
		return id
	}
	return nameUUID("hsds:" + namespace + ":" + id)
}

// uuidPattern matches an id written as a UUID, as HSDS 3.0 wants ids.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// nameUUID is the version-5 style UUID of a name: the first 16 bytes of
// its SHA-1, with the version and variant bits set.
func nameUUID(name string) string {
	sum := sha1.Sum([]byte(name))
	b := sum[:16]
	b[6] = (b[6] & 0x0f) | 0x50
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
