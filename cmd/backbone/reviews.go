package main

import (
	"context"
	"fmt"

	"backbone/internal/initiative"
	"backbone/internal/measure"
	"backbone/internal/plan"
	"backbone/internal/review"
	"backbone/internal/store"
)

const reviewHelp = `Usage: backbone review <due> [flags]

  due    the scheduled reviews due within two weeks or overdue, the most
         overdue first: of one initiative (--initiative ID) or of every one
         (--within DAYS looks further ahead; --format table|json)

Every subcommand takes --db and --help.
`

func runReview(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "review", args, map[string]func(context.Context, env, []string) error{
		"due": reviewDue,
	}, reviewHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

// reviewDue is "backbone review due [--initiative ID] [--format json]".
func reviewDue(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "review due", "Lists the scheduled reviews due within two weeks (or --within days) or "+
		"overdue, the most overdue first: what is to be reviewed, of which initiative, and when.")
	c := dbConfig(fs)
	ini := fs.Int64("initiative", 0, "only this initiative's reviews (see backbone initiative list)")
	within := fs.Int("within", review.DueWindow, "how many days ahead count as due (1 to 366)")
	format := fs.String("format", "table", "table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usagef("--format: %q is not table or json", *format)
	}
	if *within < 1 || *within > 366 {
		return usagef("--within: give 1 to 366 days")
	}
	if *ini < 0 {
		return usagef("--initiative: give an initiative's id (see backbone initiative list)")
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		inits := initiative.NewStore(db)
		reviews := review.NewStore(db, inits, measure.NewStore(db))
		plan.NewStore(db, inits).RegisterSubjects(reviews.Subjects())
		due, err := reviews.Due(ctx, cli, review.DueFilter{InitiativeID: *ini, Within: *within})
		if err != nil {
			return err
		}
		if *format == "json" {
			return printJSON(e.stdout, due)
		}
		if len(due) == 0 {
			fmt.Fprintln(e.stdout, "No review is due.")
			return nil
		}
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "DUE\tSTATE\tKIND\tSUBJECT\tINITIATIVE\tCADENCE")
		for _, d := range due {
			state := "due"
			if d.Overdue {
				state = "overdue"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", d.NextDueOn, state, d.Subject.Kind, d.Subject.Title,
				d.Subject.InitiativeName, d.CadenceWords)
		}
		return tw.Flush()
	})
}
