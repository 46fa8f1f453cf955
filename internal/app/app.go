// Package app wires the parts of Backbone into one HTTP handler and runs the
// server: the web UI, the JSON API and the operations endpoints, behind the
// shared access log and security headers.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/api"
	"backbone/internal/config"
	"backbone/internal/demo"
	"backbone/internal/directory"
	"backbone/internal/events"
	"backbone/internal/health"
	"backbone/internal/hsdsapi"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
	"backbone/internal/jobs"
	"backbone/internal/mail"
	"backbone/internal/measure"
	"backbone/internal/meeting"
	"backbone/internal/network"
	"backbone/internal/notify"
	"backbone/internal/plan"
	"backbone/internal/review"
	"backbone/internal/store"
	"backbone/internal/web"
	"backbone/internal/webhook"
)

// Version is the product version, set at build time with
// -ldflags "-X backbone/internal/app.Version=...".
var Version = "dev"

// App is a running Backbone's parts.
type App struct {
	DB          *store.DB
	Accounts    *account.Store
	Directory   *directory.Store
	Initiatives *initiative.Store
	Network     *network.Store
	Measure     *measure.Store
	Meetings    *meeting.Store
	Health      *health.Store
	Plans       *plan.Store
	Mail        *mail.Outbox
	Notify      *notify.Store
	Webhooks    *webhook.Service
	Reviews     *review.Store
	// Events hands what follows from each change (notifications, webhook
	// posts) to the parts that do it; Schedule runs the periodic work
	// (reminders, digests) once across instances.
	Events   *events.Dispatcher
	Schedule *jobs.Schedule
	Logger   *slog.Logger
	handler  http.Handler
}

// New wires the stores, the pages and the API over an open, migrated database.
func New(cfg config.Config, db *store.DB, logger *slog.Logger) (*App, error) {
	a := &App{
		DB:          db,
		Accounts:    account.NewStore(db, account.WithPasswordCost(cfg.PasswordCost)),
		Directory:   directory.NewStore(db),
		Initiatives: initiative.NewStore(db),
		Network:     network.NewStore(db),
		Measure:     measure.NewStore(db),
		Health:      health.NewStore(db),
		Logger:      logger,
	}
	// Analyses that were running when the server last stopped will not
	// finish: say so, rather than show them running for ever.
	if err := a.Network.MarkInterruptedJobs(context.Background()); err != nil {
		return nil, fmt.Errorf("mark interrupted analyses: %w", err)
	}
	outbox, err := mail.NewOutbox(
		db,
		a.Accounts,
		mail.Options{SMTPURL: cfg.SMTPURL, MailFrom: cfg.MailFrom, Demo: cfg.Demo,
			Site: strings.TrimRight(cfg.BaseURL, "/")},
	)
	if err != nil {
		return nil, err
	}
	a.Mail = outbox
	zone, err := cfg.Location()
	if err != nil {
		return nil, err
	}
	a.Initiatives.WithTimeZone(zone)
	a.Reviews = review.NewStore(db, a.Initiatives, a.Measure)
	a.Notify = notify.NewStore(db, a.Accounts, siteURL(cfg), zone).WithReviews(a.Reviews)
	a.Network.WithSurveyMail(a.Notify.SurveyMailer())
	a.Events = events.NewDispatcher(db, logger)
	a.Events.Handle("notifications", a.Notify.HandleEvent)
	a.Plans = plan.NewStore(db, a.Initiatives)
	a.Plans.RegisterSubjects(a.Reviews.Subjects())
	a.Events.Handle("plan signals", a.Plans.HandleEvent)
	a.Webhooks = webhook.New(db, a.Accounts)
	a.Webhooks.Site = siteURL(cfg)
	a.Webhooks.AllowLoopback = cfg.WebhooksAllowLoopback
	a.Webhooks.Register(a.Events)
	a.Schedule = jobs.NewSchedule(db, logger)
	for _, t := range notify.Tasks(a.Notify, a.Measure) {
		a.Schedule.Add(t)
	}
	a.Meetings = meeting.NewStore(db, a.Initiatives, a.Measure).WithTimeZone(zone).
		WithSite(strings.TrimRight(cfg.BaseURL, "/"), cfg.MailFrom)
	var hint string
	if cfg.Demo {
		hint = demo.SignInHint()
	}
	pages, err := web.New(
		web.Deps{
			Accounts:      a.Accounts,
			Directory:     a.Directory,
			Initiatives:   a.Initiatives,
			Network:       a.Network,
			Measure:       a.Measure,
			Meetings:      a.Meetings,
			Health:        a.Health,
			Plans:         a.Plans,
			Mail:          a.Mail,
			Notify:        a.Notify,
			Webhooks:      a.Webhooks,
			Reviews:       a.Reviews,
			Logger:        logger,
			SessionTTL:    cfg.SessionTTL,
			SecureCookies: cfg.SecureCookies,
			Version:       Version,
			SignInHint:    hint,
			Clock:         db,
			TimeZone:      zone,
		},
	)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.Handle(
		"/api/",
		api.New(
			api.Deps{
				Accounts:    a.Accounts,
				Directory:   a.Directory,
				Initiatives: a.Initiatives,
				Network:     a.Network,
				Measure:     a.Measure,
				Meetings:    a.Meetings,
				Health:      a.Health,
				Plans:       a.Plans,
				Mail:        a.Mail,
				Notify:      a.Notify,
				Webhooks:    a.Webhooks,
				Reviews:     a.Reviews,
				Logger:      logger,
				Clock:       db,
			},
		),
	)
	mux.Handle("/hsds/", hsdsapi.New(a.Directory, logger))
	mux.Handle("/", pages)
	proxies, err := httpx.ParseProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	a.handler = proxies.TrustProxies(httpx.Log(logger, httpx.SecurityHeaders(mux)))
	return a, nil
}

// siteURL is the address links in notifications start with: --base-url,
// or else the address the server listens on (right for a newcomer's
// machine; a real instance sets --base-url).
func siteURL(cfg config.Config) string {
	if cfg.BaseURL != "" {
		return cfg.BaseURL
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return ""
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// StartMail runs the mail worker until ctx ends: every few seconds it
// sends what is due in the outbox. With no mail server set (and always
// with --demo) it sends nothing and messages stay in the outbox.
func (a *App) StartMail(ctx context.Context) {
	go mail.NewWorker(a.Mail, a.Logger).Run(ctx, 5*time.Second)
}

// StartEvents runs, until ctx ends, the event dispatcher (every second it
// turns the changes made since into notifications and webhook deliveries)
// and the schedule (reminders each morning, daily and weekly digests).
func (a *App) StartEvents(ctx context.Context) {
	go a.Events.Run(ctx, time.Second)
	go a.Schedule.Run(ctx, time.Minute)
}

// StartWebhooks runs the webhook delivery worker until ctx ends: it posts
// an initiative's updates to its channels.
func (a *App) StartWebhooks(ctx context.Context) {
	go webhook.NewWorker(a.Webhooks, a.Logger).Run(ctx, 5*time.Second)
}

// Close stops the background work (network analyses, recorded as
// interrupted), waiting for it until ctx ends. Call it after the server
// has stopped and before the database closes.
func (a *App) Close(ctx context.Context) error { return a.Network.StopJobs(ctx) }

// Handler returns the whole of Backbone as one handler.
func (a *App) Handler() http.Handler { return a.handler }

// healthz says the process is alive; it touches nothing else.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": Version})
}

// readyz says whether this instance can serve: the database answers and its
// schema is the one this binary expects.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	status := map[string]any{"database": a.DB.Engine}
	if err := a.DB.PingContext(ctx); err != nil {
		a.Logger.Error("not ready: database", "request_id", httpx.RequestID(r.Context()), "err", err)
		status["status"], status["reason"] = "unavailable", "the database does not answer"
		writeJSON(w, http.StatusServiceUnavailable, status)
		return
	}
	v, err := a.DB.SchemaVersion(ctx)
	if err != nil || v != store.LatestVersion() {
		status["status"], status["reason"] = "unavailable", fmt.Sprintf(
			"schema version %d, want %d",
			v,
			store.LatestVersion(),
		)
		writeJSON(w, http.StatusServiceUnavailable, status)
		return
	}
	status["status"], status["schema_version"] = "ready", v
	writeJSON(w, http.StatusOK, status)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Serve serves h on ln until ctx ends, then stops taking new connections and
// gives the requests in flight up to grace to finish.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
