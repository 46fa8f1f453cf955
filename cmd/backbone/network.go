package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"

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

const networkHelp = `Usage: backbone network metrics [--initiative ID] [--format json|csv|table] [--db ...]

  metrics   the network analysis of the whole community's relationships, or of
            one initiative's members: density, components, isolates, and per
            organization degree (in, out), betweenness, closeness, eigenvector
            centrality, Burt's constraint and sector brokerage. Centralities
            are normalized as networkx does by default.
`

func runNetwork(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "network", args, map[string]func(context.Context, env, []string) error{
		"metrics": networkMetrics,
	}, networkHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

func networkMetrics(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "network metrics", "The network analysis, for scripts and checks (see backbone network --help).")
	c := dbConfig(fs)
	initiative := fs.Int64("initiative", 0, "only this initiative's active members")
	format := fs.String("format", "json", "json, csv or table")
	sortBy := fs.String("sort", "name", "order of organizations: name, degree, betweenness, closeness, eigenvector, constraint or broker_score")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" && *format != "table" {
		return usagef("--format: %q is not json, csv or table", *format)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		n, err := network.NewStore(db).Load(ctx, network.MapFilter{Scope: network.Scope{InitiativeID: *initiative}})
		if err != nil {
			return err
		}
		a, err := network.Analyze(ctx, n)
		if err != nil {
			return err
		}
		if err := a.SortBy(*sortBy); err != nil {
			return usagef("--sort: %v", err)
		}
		switch *format {
		case "json":
			return printJSON(e.stdout, a)
		case "csv":
			w := csv.NewWriter(e.stdout)
			w.Write([]string{"id", "name", "sector", "degree", "in_degree", "out_degree", "degree_centrality", "betweenness", "closeness", "eigenvector", "constraint", "sectors_bridged", "broker_score", "component"})
			for _, o := range a.Organizations {
				cons := ""
				if o.Constraint != nil {
					cons = ftoa(*o.Constraint)
				}
				w.Write([]string{o.ID, o.Name, o.Sector, strconv.Itoa(o.Degree), strconv.Itoa(o.InDegree), strconv.Itoa(o.OutDegree), ftoa(o.DegreeCent),
					ftoa(o.Betweenness), ftoa(o.Closeness), ftoa(o.Eigenvector), cons, strconv.Itoa(o.SectorsBridged), strconv.Itoa(o.BrokerScore), strconv.Itoa(o.Component)})
			}
			w.Flush()
			return w.Error()
		}
		s := a.Network
		fmt.Fprintf(e.stdout, "%d organizations, %d ties, density %.4f, %d components (largest %d), %d isolates\n\n",
			s.Organizations, s.Ties, s.Density, s.Components, s.Largest, s.Isolates)
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "NAME\tDEGREE\tBETWEENNESS\tCLOSENESS\tEIGENVECTOR\tCONSTRAINT\tBRIDGES")
		for _, o := range a.Organizations {
			cons := "-"
			if o.Constraint != nil {
				cons = fmt.Sprintf("%.3f", *o.Constraint)
			}
			fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%s\t%d\n", o.Name, o.Degree, o.Betweenness, o.Closeness, o.Eigenvector, cons, o.SectorsBridged)
		}
		return tw.Flush()
	})
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', 12, 64) }
