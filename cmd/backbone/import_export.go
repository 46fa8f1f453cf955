package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"backbone/internal/directory"
	"backbone/internal/hsds"
	"backbone/internal/network"
	"backbone/internal/store"
)

// kindsOf names what a command can import or export.
func kindsOf(command string) string {
	if command == "import" {
		return "hsds, ties or measurements"
	}
	return "hsds"
}

var importHelp = fmt.Sprintf(`Usage: backbone import hsds PATH [--db ...]
       backbone import ties FILE.csv [--create-missing] [--db ...]
       backbone import measurements FILE.csv|FILE.xlsx --initiative ID [--db ...]
       backbone import places [--db ...]   (approximate points for locations without coordinates)

Imports a directory into the database. PATH is an HSDS tabular data package
(a folder with datapackage.json and CSV files: HSDS 3.0 or 3.1, or the older
2.0 and 1.x, whose tables become 3.0's), an HSDS 3.0 or 3.1 JSON file (one
object, an array of them, or a page of a list), or a folder in the Ohana API's CSV layout
(organizations.csv, locations.csv, ...). Records are matched
by id, so importing again updates them. A file with a bad row is refused
whole, naming the file, the row and the field, and nothing is written.

ties: a CSV file of relationships between organizations with a header row:
from and to (an organization's id or exact name) and optional kinds
(separated by semicolons), level, status, since, until (YYYY-MM-DD) and notes.
A tie already recorded is updated and keeps its history. An organization that
is not found is an error, unless --create-missing adds it to the directory.
%s
measurements: partners' reported values for an initiative's indicators, a CSV
or Excel file with the columns indicator and organization (a name or an id),
period (2025-03, 2025-Q1, 2025-H1 or 2025, as the indicator's frequency),
value, and optional weight and note. All or nothing: a bad row is refused
with its row and column named. A value already reported is corrected and the
earlier one kept.
`, network.TieColumnsHelp())

const exportHelp = `Usage: backbone export hsds DIR [--version 3.0|3.1] [--db ...]

Writes the directory to DIR in HSDS 3.0, or 3.1 with --version 3.1 (which adds
3.1's URLs, units, service capacities, attribute labels and service areas of a
service at a location): services.json and organizations.json (full nested
objects, as the HSDS API returns them) and the tabular data package
(datapackage.json and one CSV file per table).
`

func runImport(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "ties" {
		return importTies(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "measurements" {
		return importMeasurements(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "places" {
		return importPlaces(ctx, e, args[1:]) // places.go
	}
	path, dsn, err := formatAndPath(e, "import", "PATH", importHelp, args)
	if err != nil {
		return err
	}
	b, err := hsds.ReadPath(path)
	if err != nil {
		return err
	}
	return withDB(ctx, dsn, func(db *store.DB) error {
		b.Progress = progressLine(e.stderr)
		c, err := directory.NewStore(db).SaveBundle(ctx, cli, b)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Imported %s (%s) into %s:\n", path, b.Format, db.Where)
		printCounts(e.stdout, c)
		q, err := directory.NewStore(db).ImportQuality(ctx, b, 0)
		if err != nil {
			return err
		}
		printQuality(e.stdout, q)
		return nil
	})
}

func runExport(ctx context.Context, e env, args []string) error {
	var version string
	dir, dsn, err := formatAndPath(e, "export", "DIR", exportHelp, args, func(fs *flag.FlagSet) {
		fs.StringVar(&version, "version", hsds.V30, "the HSDS version to write: "+strings.Join(hsds.Versions, " or "))
	})
	if err != nil {
		return err
	}
	if !hsds.KnownVersion(version) {
		return usagef("--version: %q is not %s", version, strings.Join(hsds.Versions, " or "))
	}
	return withDB(ctx, dsn, func(db *store.DB) error {
		c, err := directory.NewStore(db).ExportHSDSVersion(ctx, cli, dir, version)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Exported %s to %s (HSDS %s):\n", db.Where, dir, version)
		printCounts(e.stdout, c)
		return nil
	})
}

// formatAndPath reads "hsds PATH [--db ...]": the format word, one path and
// the flags, in any order after the format.
func formatAndPath(e env, name, what, help string, args []string,
	flags ...func(*flag.FlagSet)) (path, dsn string, err error) {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(e.stdout, help)
		return "", "", flag.ErrHelp
	}
	if len(args) == 0 {
		return "", "", usagef("which kind? %s (see backbone %s --help)", kindsOf(name), name)
	}
	if args[0] != "hsds" {
		return "", "", usagef("unknown kind %q (%s)", args[0], kindsOf(name))
	}
	fs := newFlags(e, name+" hsds "+what, strings.TrimSpace(strings.SplitN(help, "\n\n", 2)[1]))
	c := dbConfig(fs)
	for _, f := range flags {
		f(fs)
	}
	rest := args[1:]
	var paths []string
	for {
		if err := parse(fs, rest); err != nil {
			return "", "", err
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(paths) != 1 {
		return "", "", usagef("give one %s (see backbone %s --help)", what, name)
	}
	return paths[0], c.DB, nil
}

// progressLine returns a progress reporter that rewrites one line on w, and
// only for imports long enough to need it.
func progressLine(w io.Writer) func(done, total int) {
	return func(done, total int) {
		if total < 5000 {
			return
		}
		fmt.Fprintf(w, "\rsaving: %d of %d records (%d%%)", done, total, done*100/total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}

// printCounts writes one line per kind of record that has any.
// printQuality says the data-quality report of an import: its counts per
// kind, and where the stewards read the records named.
func printQuality(w io.Writer, q *directory.QualityReport) {
	if q.Total == 0 {
		fmt.Fprintln(w, "Data quality: no problems found.")
		return
	}
	fmt.Fprintf(w, "Data quality: %d problems to look at (they did not stop the import):\n", q.Total)
	tw := newTable(w)
	for _, k := range q.Counts {
		if k.Count > 0 {
			fmt.Fprintf(tw, "  %s\t%d\n", strings.ToLower(k.Label[:1])+k.Label[1:], k.Count)
		}
	}
	tw.Flush()
	fmt.Fprintln(
		w,
		"The records are named, with a link to fix each, at /directory/quality (GET /api/v1/directory/quality).",
	)
}

func printCounts(w io.Writer, c directory.Counts) {
	tw := newTable(w)
	for _, line := range []struct {
		name string
		n    int
	}{
		{"organizations", c.Organizations}, {"services", c.Services}, {"locations", c.Locations}, {"addresses", c.Addresses},
		{"phones", c.Phones}, {"services at locations", c.ServiceAtLocations}, {"programs", c.Programs}, {"contacts", c.Contacts},
		{"schedules", c.Schedules}, {"languages", c.Languages}, {"service areas", c.ServiceAreas}, {"cost options", c.CostOptions},
		{"required documents", c.RequiredDocuments}, {"funding", c.Fundings}, {"accessibility", c.Accessibility},
		{"organization identifiers", c.OrganizationIdentifiers}, {"taxonomies", c.Taxonomies}, {"taxonomy terms", c.TaxonomyTerms},
		{"attributes", c.Attributes}, {"metadata", c.Metadata}, {"table descriptions", c.MetaTableDescriptions},
		{"URLs", c.URLs}, {"units", c.Units}, {"service capacities", c.ServiceCapacities},
		{"links to records not found (left empty)", c.Unlinked},
	} {
		if line.n > 0 {
			fmt.Fprintf(tw, "  %s\t%d\n", line.name, line.n)
		}
	}
	tw.Flush()
}
