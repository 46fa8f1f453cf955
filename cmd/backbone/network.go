package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"backbone/internal/errs"
	"backbone/internal/network"
	"backbone/internal/sheet"
	"backbone/internal/store"
)

// importTies is "backbone import ties FILE.csv [--create-missing]".
func importTies(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "import ties", "Records the relationships in a CSV file, all or nothing (see backbone import --help).\n\n"+
		"Columns: from and to (an organization's id or exact name), and any of kinds, level,\n"+
		"status, since, until (YYYY-MM-DD) and notes.\n"+strings.TrimSuffix(network.TieColumnsHelp(), "\n"))
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
		var ie *network.ImportError
		if errors.As(err, &ie) && ie.Missing != "" {
			return fmt.Errorf("%w: check the spelling, or import again with --create-missing to add it to the directory", err)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Imported %s into %s: %d new ties, %d changed, %d unchanged", files[0], db.Where, res.Created, res.Updated, res.Unchanged)
		if res.CreatedOrganizations > 0 {
			added := "organizations"
			if res.CreatedOrganizations == 1 {
				added = "organization"
			}
			fmt.Fprintf(e.stdout, "; %d %s added to the directory", res.CreatedOrganizations, added)
		}
		fmt.Fprintln(e.stdout, ".")
		return nil
	})
}

const networkHelp = `Usage: backbone network metrics [--initiative ID] [--as-of DATE] [--compare-from DATE]
                                [--format json|csv|table] [--ties] [--sort COLUMN] [--db ...]

  metrics   the network analysis of the whole community's relationships, or of
            one initiative's members: density, components, isolates, and per
            organization degree (in, out), betweenness, closeness, eigenvector
            centrality, Burt's constraint, sector brokerage, and the average
            trust and value the others gave it in the latest closed partner
            survey (of the initiative, with --initiative). Centralities are
            exact (this command waits for them) and normalized as networkx
            does by default.

  --as-of DATE         the network as it stood at the end of DATE (YYYY-MM-DD)
  --compare-from DATE  instead of the analysis, the change from the end of DATE
                       to --as-of (or today): density, components, isolates and
                       ties, per organization the change in degree and
                       betweenness and the ties gained and lost, and the ties
                       that began or ended
  --ties               with --format csv or table: one row per relationship the
                       survey rated, with its average trust and value
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

// parseDay reads a YYYY-MM-DD flag; "" is the zero time.
func parseDay(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return d, usagef("--%s: %q is not a date like 2024-03-31", flag, v)
	}
	return d, nil
}

func networkMetrics(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "network metrics", "The network analysis, for scripts and checks (see backbone network --help).")
	c := dbConfig(fs)
	initiative := fs.Int64("initiative", 0, "only this initiative's active members")
	asOf := fs.String("as-of", "", "the network as it stood at the end of this day (YYYY-MM-DD)")
	compareFrom := fs.String("compare-from", "", "show the change from the end of this day (YYYY-MM-DD) to --as-of or today")
	format := fs.String("format", "json", "json, csv or table")
	ties := fs.Bool("ties", false, "with csv or table: the survey's trust and value per relationship")
	sortBy := fs.String("sort", "name", "order of organizations: "+strings.Join(network.SortColumns, ", "))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" && *format != "table" {
		return usagef("--format: %q is not json, csv or table", *format)
	}
	to, err := parseDay("as-of", *asOf)
	if err != nil {
		return err
	}
	from, err := parseDay("compare-from", *compareFrom)
	if err != nil {
		return err
	}
	if !from.IsZero() && *ties {
		return usagef("--ties: not with --compare-from")
	}
	filter := network.MapFilter{Scope: network.Scope{InitiativeID: *initiative}, AsOf: to}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		ns := network.NewStore(db)
		if !from.IsZero() {
			cmp, err := ns.CompareDates(ctx, cli, filter, from, to)
			if err != nil {
				return cliError(err, map[string]string{"from": "compare-from", "to": "as-of", "as_of": "as-of"})
			}
			return printComparison(e, cmp, *format)
		}
		a, err := ns.ExactAnalysis(ctx, cli, filter)
		if err != nil {
			return cliError(err, map[string]string{"as_of": "as-of"})
		}
		if err := a.SortBy(*sortBy); err != nil {
			return usagef("--sort: %v", err)
		}
		switch {
		case *format == "json":
			return printJSON(e.stdout, a)
		case *ties:
			return printTieScores(e, a, *format)
		case *format == "csv":
			w := sheet.NewWriter(e.stdout)
			w.Write([]string{"id", "name", "sector", "degree", "in_degree", "out_degree", "degree_centrality", "betweenness", "closeness", "eigenvector",
				"constraint", "sectors_bridged", "broker_score", "component", "trust", "value", "rated_by"})
			for _, o := range a.Organizations {
				w.Write([]string{o.ID, o.Name, o.Sector, strconv.Itoa(o.Degree), strconv.Itoa(o.InDegree), strconv.Itoa(o.OutDegree), ftoa(o.DegreeCent),
					ftoa(o.Betweenness), optFtoa(o.Closeness), ftoa(o.Eigenvector), optFtoa(o.Constraint), strconv.Itoa(o.SectorsBridged),
					strconv.Itoa(o.BrokerScore), strconv.Itoa(o.Component), optFtoa(o.Trust), optFtoa(o.Value), strconv.Itoa(o.RatedBy)})
			}
			w.Flush()
			return w.Error()
		}
		s := a.Network
		fmt.Fprintf(e.stdout, "%d organizations, %d ties, density %.4f, %d components (largest %d), %d isolates\n",
			s.Organizations, s.Ties, s.Density, s.Components, s.Largest, s.Isolates)
		if a.Survey != nil {
			fmt.Fprintf(e.stdout, "Trust and value from the survey %q, closed %s\n", a.Survey.Name, a.Survey.ClosedAt.Format("2006-01-02"))
		}
		fmt.Fprintln(e.stdout)
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "NAME\tDEGREE\tBETWEENNESS\tCLOSENESS\tEIGENVECTOR\tCONSTRAINT\tBRIDGES\tTRUST\tVALUE")
		for _, o := range a.Organizations {
			fmt.Fprintf(tw, "%s\t%d\t%.3f\t%s\t%.3f\t%s\t%d\t%s\t%s\n", o.Name, o.Degree, o.Betweenness, opt3(o.Closeness), o.Eigenvector,
				opt3(o.Constraint), o.SectorsBridged, opt3(o.Trust), opt3(o.Value))
		}
		return tw.Flush()
	})
}

// cliError turns a validation error's parameter names into the flags that
// set them.
func cliError(err error, flags map[string]string) error {
	var v *errs.ValidationError
	if !errors.As(err, &v) {
		return err
	}
	var parts []string
	for field, msg := range v.Fields {
		if f, ok := flags[field]; ok {
			field = f
		}
		parts = append(parts, "--"+field+": "+msg)
	}
	sort.Strings(parts)
	return usagef("%s", strings.Join(parts, "; "))
}

func printTieScores(e env, a *network.Analysis, format string) error {
	if format == "csv" {
		w := sheet.NewWriter(e.stdout)
		w.Write([]string{"a_id", "a_name", "b_id", "b_name", "trust", "value"})
		for _, t := range a.Ties {
			w.Write([]string{t.AID, t.AName, t.BID, t.BName, optFtoa(t.Trust), optFtoa(t.Value)})
		}
		w.Flush()
		return w.Error()
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "ORGANIZATION\tORGANIZATION\tTRUST\tVALUE")
	for _, t := range a.Ties {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.AName, t.BName, opt3(t.Trust), opt3(t.Value))
	}
	return tw.Flush()
}

func printComparison(e env, c *network.DateComparison, format string) error {
	switch format {
	case "json":
		return printJSON(e.stdout, c)
	case "csv":
		w := sheet.NewWriter(e.stdout)
		w.Write([]string{"id", "name", "in_before", "in_after", "degree_before", "degree_after", "degree_change",
			"betweenness_before", "betweenness_after", "betweenness_change", "eigenvector_change", "ties_gained", "ties_lost"})
		for _, o := range c.Organizations {
			w.Write([]string{o.ID, o.Name, strconv.FormatBool(o.InBefore), strconv.FormatBool(o.InAfter), strconv.Itoa(o.DegreeBefore),
				strconv.Itoa(o.DegreeAfter), strconv.Itoa(o.DegreeChange), ftoa(o.BetweennessBefore), ftoa(o.BetweennessAfter),
				ftoa(o.BetweennessChange), ftoa(o.EigenvectorChange), strconv.Itoa(o.Gained), strconv.Itoa(o.Lost)})
		}
		w.Flush()
		return w.Error()
	}
	b, a, d := c.Before, c.After, c.Change
	fmt.Fprintf(e.stdout, "From %s to %s\n", c.From, c.To)
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "\tFROM\tTO\tCHANGE")
	fmt.Fprintf(tw, "organizations\t%d\t%d\t%+d\n", b.Organizations, a.Organizations, d.Organizations)
	fmt.Fprintf(tw, "ties\t%d\t%d\t%+d\n", b.Ties, a.Ties, d.Ties)
	fmt.Fprintf(tw, "density\t%.4f\t%.4f\t%+.4f\n", b.Density, a.Density, d.Density)
	fmt.Fprintf(tw, "components\t%d\t%d\t%+d\n", b.Components, a.Components, d.Components)
	fmt.Fprintf(tw, "isolates\t%d\t%d\t%+d\n", b.Isolates, a.Isolates, d.Isolates)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d new ties, %d ended\n\n", len(c.NewTies), len(c.DroppedTies))
	tw = newTable(e.stdout)
	fmt.Fprintln(tw, "NAME\tDEGREE\tCHANGE\tBETWEENNESS CHANGE\tGAINED\tLOST")
	for _, o := range c.Organizations {
		fmt.Fprintf(tw, "%s\t%d\t%+d\t%+.3f\t%d\t%d\n", o.Name, o.DegreeAfter, o.DegreeChange, o.BetweennessChange, o.Gained, o.Lost)
	}
	return tw.Flush()
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', 12, 64) }

// optFtoa is a figure that may be missing, as an empty CSV cell.
func optFtoa(p *float64) string {
	if p == nil {
		return ""
	}
	return ftoa(*p)
}

// opt3 is a figure that may be missing, for a table.
func opt3(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.3f", *p)
}
