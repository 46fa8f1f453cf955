package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

const settingsHelp = `Usage: backbone settings <get|set> [flags]

  get       print the settings (--format table|json)
  set       change them: --initiative-starters stewards|stewards_and_organization_admins
            (who may start an initiative: directory stewards only, or also any
            organization's admin), --distance-unit auto|mi|km (auto: miles when the
            directory's addresses are in the US), --geocoder-url URL|none (a
            Nominatim-compatible service that refines street addresses in the
            background); the Settings page on the web does the same

Every subcommand takes --db and --help.
`

func runSettings(ctx context.Context, e env, args []string) error {
	f, rest, err := subcommand(e, "settings", args, map[string]func(context.Context, env, []string) error{
		"get": settingsGet, "set": settingsSet,
	}, settingsHelp)
	if err != nil {
		return err
	}
	return f(ctx, e, rest)
}

func settingsGet(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "settings get", "Prints what platform admins chose for the whole instance.")
	c := dbConfig(fs)
	format := fs.String("format", "table", "table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "table" && *format != "json" {
		return usagef("--format: %q is not table or json", *format)
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		s, err := account.NewStore(db).Settings(ctx, cli)
		if err != nil {
			return err
		}
		return printSettings(e, s, *format)
	})
}

func printSettings(e env, s account.Settings, format string) error {
	if format == "json" {
		return printJSON(e.stdout, s)
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "SETTING\tVALUE")
	fmt.Fprintf(tw, "initiative-starters\t%s\n", s.InitiativeStarters)
	fmt.Fprintf(tw, "distance-unit\t%s\n", s.DistanceUnit)
	fmt.Fprintf(tw, "geocoder-url\t%s\n", s.GeocoderURL)
	return tw.Flush()
}

func settingsSet(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "settings set", "Changes the settings named; the others stay as they are.")
	c := dbConfig(fs)
	starters := fs.String("initiative-starters", "", "who may start an initiative: "+
		strings.Join(account.InitiativeStarterChoices, " or "))
	unit := fs.String("distance-unit", "", "distances in: "+strings.Join(account.DistanceUnitChoices, ", "))
	geocoder := fs.String("geocoder-url", "", `a Nominatim-compatible service that refines street addresses, or "none"`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *starters == "" && *unit == "" && *geocoder == "" {
		return usagef("name a setting to change, such as --initiative-starters (see backbone settings set --help)")
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		accounts := account.NewStore(db)
		s, err := accounts.Settings(ctx, cli)
		if err != nil {
			return err
		}
		if *starters != "" {
			s.InitiativeStarters = *starters
		}
		if *unit != "" {
			s.DistanceUnit = *unit
		}
		switch *geocoder {
		case "":
		case "none":
			s.GeocoderURL = ""
		default:
			s.GeocoderURL = *geocoder
		}
		s, err = accounts.SaveSettings(ctx, cli, s)
		var v *errs.ValidationError
		if errors.As(err, &v) {
			for field, msg := range v.Fields {
				return usagef("--%s %s", strings.ReplaceAll(field, "_", "-"), msg)
			}
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "Settings saved.")
		return printSettings(e, s, "table")
	})
}
