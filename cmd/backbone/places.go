package main

import (
	"context"
	"fmt"

	"backbone/internal/directory"
	"backbone/internal/store"
)

// importPlaces gives every location without coordinates an approximate
// point from its postal code or city, from the offline gazetteer: once,
// for a directory imported before Backbone did it at each import.
func importPlaces(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "import places", "Gives every location without coordinates an approximate point: the centre "+
		"of its\nUS postal code or city, from the gazetteer built into Backbone (nothing leaves the\nmachine). "+
		"Imports and edits do it; this places the locations stored before.")
	c := dbConfig(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		n, err := directory.NewStore(db).LocateApproximately(ctx, cli)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Placed %d locations at their postal code or city (marked approximate).\n", n)
		return nil
	})
}
