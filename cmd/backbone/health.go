package main

import (
	"context"
	"fmt"
	"strings"

	"backbone/internal/health"
	"backbone/internal/store"
)

// runHealth is "backbone health": partnership health, for scripts.
func runHealth(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "health", args, map[string]func(context.Context, env, []string) error{
		"contributions": healthContributions,
	}, healthHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

const healthHelp = `Usage: backbone health contributions --initiative ID [--format json|table] [--db ...]

  contributions   the balance of an initiative: per member what it pledged and
                  delivered of each kind (in the kind's own unit; never added
                  across units), its share of each kind, of the valued total in
                  dollars, of the votes, of the funding and referrals received
                  and of the indicators reported, how partners rated its value
                  in the latest closed survey wave, and the alerts (one member
                  carrying over half of a kind; a member that delivered under
                  75% of its pledge in periods that have ended)
`

func healthContributions(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "health contributions", "The balance of contributions of an initiative "+
		"(see backbone health --help).")
	c := dbConfig(fs)
	initiative := fs.Int64("initiative", 0, "the initiative (required; see backbone initiative list)")
	format := fs.String("format", "table", "json or table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *initiative <= 0 {
		return usagef("--initiative is required (see backbone initiative list)")
	}
	if *format != "json" && *format != "table" {
		return usagef("--format: %q is not json or table", *format)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		b, err := health.NewStore(db).Balance(ctx, cli, *initiative)
		if err != nil {
			return cliError(err, nil)
		}
		if *format == "json" {
			return printJSON(e.stdout, b)
		}
		printBalance(e, b)
		return nil
	})
}

// printBalance writes the balance for people: the alerts, then a block per
// member.
func printBalance(e env, b *health.Balance) {
	if len(b.Alerts) == 0 {
		fmt.Fprintln(e.stdout, "No alerts.")
	}
	for _, a := range b.Alerts {
		fmt.Fprintf(e.stdout, "! %s\n", a.Message)
	}
	for _, m := range b.Members {
		fmt.Fprintf(e.stdout, "\n%s (%s): votes %s; value to partners %s; indicators %d\n", m.OrganizationName,
			m.Status, m.VoteWords(b.Voters), m.ValueWords(), m.Indicators)
		var lines []string
		for _, l := range m.Lines {
			lines = append(lines, fmt.Sprintf("  %s: pledged %s, delivered %s (%s of the kind)",
				health.KindLabel(l.Kind), l.PledgedWords(), l.DeliveredWords(), health.Percent(l.Share)))
		}
		if len(lines) == 0 {
			lines = append(lines, "  nothing recorded")
		}
		fmt.Fprintln(e.stdout, strings.Join(lines, "\n"))
		if m.FundingReceived > 0 || m.ReferralsReceived > 0 {
			fmt.Fprintf(e.stdout, "  received %s in funding (%s), %s referrals (%s)\n",
				health.Amount(m.FundingReceived, health.UnitDollars), health.Percent(m.FundingShare),
				health.Number(m.ReferralsReceived), health.Percent(m.ReferralShare))
		}
	}
}
