package main

import (
	"context"
	"fmt"
	"os"

	"backbone/internal/network"
	"backbone/internal/store"
)

// importTies is "backbone import ties FILE.csv [--create-missing]".
func importTies(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "import ties", "Records the relationships in a CSV file, all or nothing (see backbone import --help).")
	c := dbConfig(fs)
	createMissing := fs.Bool("create-missing", false, "add organizations named in the file but not in the directory")
	var files []string
	rest := args
	for {
		if err := parse(fs, rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		return usagef("give one CSV file (see backbone import --help)")
	}
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	return withDB(ctx, c.DB, func(db *store.DB) error {
		res, err := network.NewStore(db).ImportTiesCSV(ctx, cli, f, files[0], *createMissing)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Imported %s into %s: %d new ties, %d changed, %d unchanged", files[0], db.Where, res.Created, res.Updated, res.Unchanged)
		if res.CreatedOrganizations > 0 {
			fmt.Fprintf(e.stdout, "; %d organizations added to the directory", res.CreatedOrganizations)
		}
		fmt.Fprintln(e.stdout, ".")
		return nil
	})
}
