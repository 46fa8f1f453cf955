package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"backbone/internal/account"
	"backbone/internal/app"
	"backbone/internal/config"
	"backbone/internal/demo"
	"backbone/internal/store"
)

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "serve", "Runs the web server: the UI for people, the JSON API under /api/v1, /healthz and /readyz.\nStops gracefully on SIGTERM or Ctrl-C, finishing requests in flight.")
	cfg := config.Default()
	config.ServeFlags(fs, &cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (see backbone serve --help)", fs.Arg(0))
	}
	if err := cfg.Check(); err != nil {
		return usagef("%v", err)
	}
	cfg.PasswordCost = e.passwordCost
	logger := newLogger(e, cfg)
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	logger.Info("database ready", "engine", db.Engine, "where", db.Where)

	if cfg.Demo {
		if err := ensureDemo(ctx, e, db); err != nil {
			return err
		}
	}
	a, err := app.New(cfg, db, logger)
	if err != nil {
		return err
	}
	if n, err := a.Accounts.CountUsers(ctx); err == nil && n == 0 {
		fmt.Fprintln(e.stdout, "No one can sign in yet. Add an administrator with:\n  backbone user add --email you@example.org --name \"Your Name\" --role admin --db "+cfg.DB)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return usagef("--addr %s: %v", cfg.Addr, err)
	}
	fmt.Fprintf(e.stdout, "Backbone is running at http://%s/ (stop with Ctrl-C)\n", ln.Addr())
	go purgeLoop(ctx, a, logger)
	a.StartEvents(ctx)
	if cfg.Demo {
		fmt.Fprintln(e.stdout, "E-mail is not sent in the demo: messages stay in the outbox, on the Mail page.")
		fmt.Fprintln(e.stdout, "Nor are webhooks posted: deliveries stay queued, on each channel's page.")
	} else {
		a.StartMail(ctx)
		a.StartWebhooks(ctx)
	}
	err = app.Serve(ctx, ln, a.Handler(), cfg.ShutdownTimeout, logger)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if cerr := a.Close(sctx); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// ensureDemo loads the demo community the first time, and says how to sign in.
func ensureDemo(ctx context.Context, e env, db *store.DB) error {
	loaded, err := demo.Loaded(ctx, db)
	if err != nil {
		return err
	}
	if loaded {
		fmt.Fprintln(e.stdout, "The demo community is already loaded; your data is kept.")
		printDemoLogins(e, demo.Logins())
		return nil
	}
	fmt.Fprintln(e.stdout, "Loading the demo community (San Mateo County organizations and services, and a demo initiative)...")
	res, err := demo.Load(ctx, db, account.WithPasswordCost(e.passwordCost))
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	printDemoLogins(e, res.Logins)
	return nil
}

func printDemoLogins(e env, logins []demo.Login) {
	fmt.Fprintln(e.stdout, "Demo sign-ins (password for all: "+demo.Password+"):")
	for _, l := range logins {
		fmt.Fprintf(e.stdout, "  %-26s %s\n", l.Email, l.Description)
	}
}

// purgeLoop removes expired sessions and old login failures every hour.
func purgeLoop(ctx context.Context, a *app.App, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := a.Accounts.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("purge expired sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func newLogger(e env, cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}
