package main

import (
	"context"
	"fmt"

	"backbone/internal/initiative"
	"backbone/internal/store"
)

const initiativeHelp = `Usage: backbone initiative <list|role> [flags]

  list   every initiative with its id, name, active members and status
         (--format table|json)
  role   give a person a role in an initiative (--initiative NAME-or-ID,
         --email, --role backbone_staff|partner_lead|member|viewer), or take
         it away (--revoke); the last backbone staff stays

Every subcommand takes --db and --help.
`

func runInitiative(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "initiative", args, map[string]func(context.Context, env, []string) error{
		"list": initiativeList, "role": initiativeRole,
	}, initiativeHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

func initiativeList(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "initiative list", "Lists every initiative (administrators see them all): id, name, active members, status.")
	c := dbConfig(fs)
	format := fs.String("format", "table", "table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usagef("--format: %q is not table or json", *format)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		list, err := initiative.NewStore(db).List(ctx)
		if err != nil {
			return err
		}
		if *format == "json" {
			type row struct {
				ID       int64  `json:"id"`
				Name     string `json:"name"`
				Members  int    `json:"members"`
				Status   string `json:"status"`
				Backbone string `json:"backbone_organization,omitempty"`
				Public   bool   `json:"public"`
			}
			rows := []row{}
			for _, in := range list {
				rows = append(rows, row{ID: in.ID, Name: in.Name, Members: in.MemberCount, Status: in.Status,
					Backbone: in.BackboneOrganizationName, Public: in.IsPublic})
			}
			return printJSON(e.stdout, rows)
		}
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "ID\tNAME\tMEMBERS\tSTATUS\tBACKBONE")
		for _, in := range list {
			fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", in.ID, in.Name, in.MemberCount, in.Status, in.BackboneOrganizationName)
		}
		return tw.Flush()
	})
}
