package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"backbone/internal/measure"
	"backbone/internal/store"
)

// importMeasurements is "backbone import measurements FILE --initiative ID".
func importMeasurements(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "import measurements", "Imports partners' reported values from a CSV or Excel file, all or nothing (see backbone import --help).")
	c := dbConfig(fs)
	initiative := fs.Int64("initiative", 0, "the initiative whose indicators the file reports (required)")
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
		return usagef("give one CSV or XLSX file (see backbone import --help)")
	}
	if *initiative <= 0 {
		return usagef("--initiative is required (see backbone initiative list)")
	}
	ext := strings.ToLower(filepath.Ext(files[0]))
	if ext != ".csv" && ext != ".xlsx" {
		return usagef("%s: give a .csv or .xlsx file", files[0])
	}
	f, err := os.Open(files[0])
	if err != nil {
		return err
	}
	defer f.Close()
	return withDB(ctx, c.DB, func(db *store.DB) error {
		m := measure.NewStore(db)
		var res measure.ImportResult
		var err error
		if ext == ".xlsx" {
			res, err = m.ImportXLSX(ctx, cli, *initiative, f, files[0])
		} else {
			res, err = m.ImportCSV(ctx, cli, *initiative, f, files[0])
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Imported %s into %s: %d rows; %d new values, %d corrections (earlier values kept), %d unchanged; %d periods updated",
			files[0], db.Where, res.Rows, res.Created, res.Corrected, res.Unchanged, res.Periods)
		if res.Milestones > 0 {
			fmt.Fprintf(e.stdout, "; %d milestones reached", res.Milestones)
		}
		fmt.Fprintln(e.stdout, ".")
		if len(res.Warnings) > 0 {
			fmt.Fprintf(e.stdout, "Check these values, far from what the organization usually reports:\n")
			for _, w := range res.Warnings {
				fmt.Fprintf(e.stdout, "  %s row %d: %s: %s\n", files[0], w.Row, w.Column, w.Message)
			}
		}
		return nil
	})
}
