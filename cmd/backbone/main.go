// Command backbone runs Backbone, the shared workspace for community
// partnerships, and administers it: serve, migrate, user, token, demo, version.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	// The time zones are built in, so that --timezone and an initiative's
	// time zone work on a machine without /usr/share/zoneinfo.
	_ "time/tzdata"

	"backbone/internal/account"
	"backbone/internal/config"
	"backbone/internal/store"
)

const usage = `Backbone: the shared workspace for community partnerships.

Usage:
  backbone <command> [flags]

Commands:
  serve       run the web server (UI, JSON API) on a SQLite file or PostgreSQL
  migrate     bring the database schema up to date
  user        manage people: add, list, passwd, role, org, disable, enable
  token       manage API tokens: create, list, revoke
  settings    who may start an initiative: get, set
  mail        e-mail: mail test ADDRESS sends a test message
  initiative  list initiatives (for scripts: --format json); give people roles in them
  network     network analysis of the relationships: metrics
  health      partnership health: contributions --initiative ID [--format json] (the balance)
  plan        action plans: plan list [--organization ID] [--format json] lists plans with their areas,
              actions and signal states; plan check checks every signal now
  demo        load the demo community into a database
  version     print the version
  import      import hsds PATH: a directory (HSDS 3.0 CSV package or JSON, HSDS 2.0/1.x, Ohana CSV)
              import ties FILE.csv: relationships between organizations
              import measurements FILE.csv|FILE.xlsx --initiative ID: partners' reported values
  export      export the directory: export hsds DIR (HSDS 3.0 JSON and CSV package)
  search      search services: search TEXT [--category T] [--near LAT,LON --radius KM] [--open-now] [--format json]
  api         the JSON API: api openapi prints its OpenAPI document
  review      scheduled reviews: review due [--initiative ID] [--format json] lists those due and overdue

Every command takes --help. The database is --db (or BACKBONE_DB): a SQLite
file path (default ` + store.DefaultPath + `) or a postgres:// URL.
`

// usageError is a mistake in how a command was called: one line, exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// env is what a command runs with: its streams, so that tests can run
// commands in-process, and the argon2id cost of the password hashes it
// makes (zero, as main leaves it, for account.MinPasswordCost; tests hash
// at account.TestPasswordCost).
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	passwordCost   account.PasswordCost
}

type command struct {
	name string
	run  func(ctx context.Context, e env, args []string) error
}

var commands = []command{
	{"serve", runServe},
	{"migrate", runMigrate},
	{"user", runUser},
	{"token", runToken},
	{"settings", runSettings},
	{"mail", runMail},
	{"initiative", runInitiative},
	{"network", runNetwork},
	{"health", runHealth},
	{"plan", runPlan},
	{"demo", runDemo},
	{"version", runVersion},
	{"import", runImport},
	{"export", runExport},
	{"search", runSearch},
	{"api", runAPI},
	{"review", runReview},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run runs one command and returns the exit status: 0 on success, 1 when
// the work failed, 2 when the command was called wrongly.
func run(ctx context.Context, e env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(e.stdout, usage)
		return 0
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(e.stderr, "backbone %s: %s\n", name, ue.msg)
			return 2
		default:
			fmt.Fprintf(e.stderr, "backbone %s: %v\n", name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "backbone: unknown command %q (commands: %s; see backbone --help)\n", name, commandNames())
	return 2
}

func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// newFlags returns a flag set that reports mistakes as one usage line and
// prints its help to stdout on --help.
func newFlags(e env, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: backbone %s\n\n%s\n\nFlags:\n", name, summary)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses args, turning a bad flag into a usage error and --help into
// the help text.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			// fs.Parse has printed the help already (fs.Usage).
			return flag.ErrHelp
		}
		return usagef("%v (see backbone %s --help)", err, fs.Name())
	}
	return nil
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, dsn string) (*store.DB, error) {
	if _, err := store.ParseDSN(dsn); err != nil {
		return nil, usagef("--db: %v", err)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// withDB opens and migrates the database, runs fn on it and closes it.
func withDB(ctx context.Context, dsn string, fn func(db *store.DB) error) error {
	db, err := openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

func dbConfig(fs *flag.FlagSet) *config.Config {
	c := config.Default()
	config.DBFlag(fs, &c)
	return &c
}
