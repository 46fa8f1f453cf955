package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"backbone/internal/account"
	"backbone/internal/app"
	"backbone/internal/errs"
	"backbone/internal/store"
)

var cli = account.SystemActor("cli")

func runVersion(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "version", "Prints the version of this binary.")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "backbone", app.Version)
	return nil
}

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "migrate", "Brings the database schema up to date. (serve does this too, at start-up.)")
	c := dbConfig(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withDB(ctx, c.DB, func(db *store.DB) error {
		v, err := db.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: schema is at version %d (latest)\n", db.Where, v)
		return nil
	})
}

func runDemo(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "demo", "Loads the demo community (real San Mateo County organizations and services, a demo\ninitiative, and demo sign-ins) into a database, unless it is already there.")
	c := dbConfig(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	return withDB(ctx, c.DB, func(db *store.DB) error { return ensureDemo(ctx, e, db) })
}

// subcommand picks the verb of a two-word command such as "user add".
func subcommand(e env, name string, args []string, verbs map[string]func(context.Context, env, []string) error, help string) (func(context.Context, env, []string) error, []string, error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		if len(args) == 0 {
			return nil, nil, usagef("which one? %s (see backbone %s --help)", keys(verbs), name)
		}
		fmt.Fprint(e.stdout, help)
		return nil, nil, flag.ErrHelp
	}
	f, ok := verbs[args[0]]
	if !ok {
		return nil, nil, usagef("unknown subcommand %q (one of %s)", args[0], keys(verbs))
	}
	return f, args[1:], nil
}

func keys(m map[string]func(context.Context, env, []string) error) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ", ")
}

// newPassword reads a password from the first line of stdin when asked to,
// and otherwise makes one up (made is then true, so it can be shown once).
func newPassword(e env, fromStdin bool) (password string, made bool, err error) {
	if !fromStdin {
		return account.RandomToken(12), true, nil
	}
	p, err := readPassword(e.stdin)
	return p, false, err
}

// readPassword reads a password from the first line of stdin.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("--password-stdin: no password on standard input")
	}
	return line, nil
}

// describe turns a validation error into one line naming the flags.
func describe(err error) error {
	if v, ok := err.(*errs.ValidationError); ok {
		var parts []string
		for k, msg := range v.Fields {
			parts = append(parts, "--"+k+" "+msg)
		}
		slices.Sort(parts)
		return usagef("%s", strings.Join(parts, "; "))
	}
	return err
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func newTable(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 2, 4, 2, ' ', 0) }
