package api

import (
	"reflect"
	"strings"

	"backbone/internal/directory"
)

// importCountsSchema describes directory.Counts, the numbers of records a
// directory import wrote, from the struct itself: the kinds grow with what
// HSDS imports, and a hand-kept list would fall behind. A count the struct
// always sends is required; one it leaves out when zero (omitempty) is not.
func importCountsSchema() obj {
	props, required := obj{}, []string{}
	t := reflect.TypeFor[directory.Counts]()
	for i := range t.NumField() {
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		props[name] = obj{"type": "integer", "minimum": 0}
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	return obj{"type": "object", "additionalProperties": false, "properties": props, "required": required,
		"description": "How many records of each kind were written (created or updated); a kind that is " +
			"not required is left out when there were none. unlinked counts references to records found neither " +
			"in the file nor in the directory, which were left empty"}
}
