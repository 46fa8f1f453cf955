package hsds

import (
	"strings"
	"time"
)

// How a kept value is written out, so that the tabular package passes a
// Frictionless validator (its time, date and datetime types have one form
// each) and the JSON objects say the same:
//   - a time becomes HH:MM:SS ("09:00" → "09:00:00"); the JSON keeps a
//     zone written after it, the CSV cannot hold one;
//   - a date becomes YYYY-MM-DD and a datetime YYYY-MM-DDTHH:MM:SSZ (in
//     UTC, to the second), whichever ISO 8601 form it was kept in; a value
//     that is no date is left out of the CSV;
//   - a required description left empty (an organization's, a program's, a
//     taxonomy's or a term's) is written as the record's name: HSDS wants
//     one, and the name is the shortest true description Backbone has.
//
// A row whose other required cells are empty (an address without a postal
// code, a capacity without its count) cannot be written in the tabular
// form at all: the CSV leaves it out (rowComplete); the JSON, whose schema
// only wants the field present, keeps it.

// cellOut returns the value of column c of row as an export writes it.
func cellOut(t *Table, c Column, row map[string]string) string {
	v := row[c.Name]
	if v == "" {
		if c.Required && c.Name == "description" {
			return row["name"]
		}
		return v
	}
	switch c.Type {
	case "time":
		if hms, zone, ok := clockTime(v); ok {
			return hms + zone
		}
	case "date":
		if d, ok := parseWhen(v); ok {
			return d.Format(time.DateOnly)
		}
	case "datetime":
		if d, ok := parseWhen(v); ok {
			return d.UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	return v
}

// csvCell returns the value of column c of row as the tabular package
// writes it: cellOut's, less what the column's type cannot hold.
func csvCell(t *Table, c Column, row map[string]string) string {
	v := cellOut(t, c, row)
	if v == "" {
		return v
	}
	switch c.Type {
	case "time":
		if hms, _, ok := clockTime(v); ok {
			return hms
		}
		return ""
	case "date", "datetime":
		if _, ok := parseWhen(v); !ok {
			return ""
		}
	}
	return v
}

// rowComplete reports whether every required cell of a row is filled as the
// tabular package writes it.
func rowComplete(t *Table, row map[string]string) bool {
	for _, c := range t.Columns {
		if c.Required && csvCell(t, c, row) == "" {
			return false
		}
	}
	return true
}

// clockTime reads a time of day, "9:00", "09:00", "09:00:00", with or
// without a zone ("Z", "-05:00"), as HH:MM:SS and the zone.
func clockTime(v string) (hms, zone string, ok bool) {
	v = strings.TrimSpace(v)
	clock := v
	if i := strings.IndexAny(v, "Z+-"); i > 0 {
		clock, zone = v[:i], v[i:]
	}
	for _, layout := range []string{"15:04:05", "15:04", "15:04:05.999999999"} {
		if t, err := time.Parse(layout, clock); err == nil {
			return t.Format("15:04:05"), zone, true
		}
	}
	return "", "", false
}

// parseWhen reads a date or a date and time in the ISO 8601 forms HSDS
// files use.
func parseWhen(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
