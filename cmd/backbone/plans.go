package main

import (
	"context"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/plan"
	"backbone/internal/store"
)

const planHelp = `Usage: backbone plan <list|check> [flags]

  list   every action plan with its areas, actions and signal states
         (--organization ID: the plans of a unit and of its people;
         --format table|json)
  check  check every open plan's success signals now, as the server does
         after each change of ties, surveys, measurements or organizations

Every subcommand takes --db and --help.
`

func runPlan(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "plan", args, map[string]func(context.Context, env, []string) error{
		"list": planList, "check": planCheck,
	}, planHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

func planList(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "plan list", "Lists every action plan (an administrator's command sees them all) with its "+
		"areas, actions and signal states.")
	c := dbConfig(fs)
	org := fs.String("organization", "",
		"only the plans of this unit (organization id) and of the people who work for it")
	format := fs.String("format", "table", "table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usagef("--format: %q is not table or json", *format)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		plans, err := plan.NewStore(db, initiative.NewStore(db)).List(ctx, account.SystemActor("cli"),
			plan.Filter{OrganizationID: *org})
		if err != nil {
			return err
		}
		if *format == "json" {
			if plans == nil {
				plans = []*plan.Plan{}
			}
			return printJSON(e.stdout, plans)
		}
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "PLAN\tOWNER\tSTATUS\tAREA\tACTIONS\tOVERDUE\tSIGNAL")
		for _, p := range plans {
			if len(p.Areas) == 0 {
				fmt.Fprintf(tw, "%d %s\t%s\t%s\t-\t0\t0\t-\n", p.ID, p.Title, p.OwnerName, p.Status)
			}
			for _, a := range p.Areas {
				overdue := 0
				for _, x := range a.Actions {
					if x.Overdue {
						overdue++
					}
				}
				fmt.Fprintf(tw, "%d %s\t%s\t%s\t%s\t%d\t%d\t%s\n", p.ID, p.Title, p.OwnerName, p.Status, a.Title,
					len(a.Actions), overdue, signalState(a.Signal))
			}
		}
		return tw.Flush()
	})
}

// signalState says a signal and whether it is met, in a table's cell.
func signalState(g *plan.Signal) string {
	switch {
	case g == nil:
		return "not set"
	case g.Met():
		return "met " + g.MetAt.Format("2006-01-02") + ": " + strings.TrimSuffix(g.Evidence, ".")
	}
	return "not yet: " + g.Text()
}

func planCheck(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "plan check", "Checks every open plan's success signals now and records those met.")
	c := dbConfig(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		n, err := plan.NewStore(db, initiative.NewStore(db)).CheckSignals(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%d signals met\n", n)
		return nil
	})
}
