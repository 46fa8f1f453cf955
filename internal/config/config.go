// Package config turns command-line flags and BACKBONE_* environment
// variables into one Config value. A flag beats the environment, which beats
// the default.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/mail"
	"backbone/internal/store"
)

// Config is everything the server needs to know to run.
type Config struct {
	Addr          string        // where to listen
	DB            string        // a SQLite file path or a postgres:// URL
	Demo          bool          // load the demo community on first start
	LogFormat     string        // text or json
	LogLevel      string        // debug, info, warn, error
	SessionTTL    time.Duration // how long an idle session lives
	SecureCookies string        // auto (when served over TLS), always, never
	// PublicDemo lets the demo (whose sign-ins the sign-in page shows) be
	// served on an address other than loopback; InsecureHTTP lets sign-ins
	// go over plain HTTP there. Both are refused without them.
	PublicDemo, InsecureHTTP bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed: addresses and networks, commas
	// between them ("" trusts none).
	TrustedProxies  string
	ShutdownTimeout time.Duration // how long in-flight requests get on SIGTERM
	// TimeZone is the instance's time zone, an IANA name: deadlines and
	// times are shown in it, unless an initiative keeps its own.
	TimeZone string
	// PasswordCost is the argon2id cost of new password hashes; the zero
	// value means account.MinPasswordCost, the least outside tests.
	PasswordCost account.PasswordCost
	// SMTPURL is the mail server messages are sent through,
	// smtp://user:password@host:port?tls=none|starttls|tls; "" for none
	// (messages stay in the outbox). One saved on the settings page wins.
	SMTPURL string
	// MailFrom is the sender's address of the messages.
	MailFrom string
	// BaseURL is where people reach Backbone (https://backbone.example.org),
	// for the links in e-mail; "" for the address each request came to.
	BaseURL string
	// WebhooksAllowLoopback lets an initiative's channels post to this
	// machine, over plain http too: for local development and tests. Off,
	// channels must use https and may not point at loopback addresses.
	WebhooksAllowLoopback bool
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DB:              store.DefaultPath,
		LogFormat:       "text",
		LogLevel:        "info",
		SessionTTL:      12 * time.Hour,
		SecureCookies:   "auto",
		ShutdownTimeout: 30 * time.Second,
		TimeZone:        "UTC",
	}
}

// env reads BACKBONE_<name>, falling back to def.
func env(name, def string) string {
	if v, ok := os.LookupEnv("BACKBONE_" + name); ok && v != "" {
		return v
	}
	return def
}

// DBFlag adds the --db flag, shared by every command that opens the database.
func DBFlag(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.DB, "db", env("DB", c.DB), "SQLite file path or postgres:// URL (env BACKBONE_DB)")
}

// ServeFlags adds the flags of the serve command.
func ServeFlags(fs *flag.FlagSet, c *Config) {
	DBFlag(fs, c)
	fs.StringVar(&c.Addr, "addr", env("ADDR", c.Addr), "address to listen on (env BACKBONE_ADDR)")
	demo, _ := strconv.ParseBool(env("DEMO", "false"))
	fs.BoolVar(&c.Demo, "demo", demo, "load the demo community the first time (env BACKBONE_DEMO)")
	public, _ := strconv.ParseBool(env("PUBLIC_DEMO", "false"))
	fs.BoolVar(&c.PublicDemo, "public-demo", public, "serve the demo, whose sign-ins and password the sign-in page "+
		"shows, on an address other than this machine's own (env BACKBONE_PUBLIC_DEMO)")
	insecure, _ := strconv.ParseBool(env("INSECURE_HTTP", "false"))
	fs.BoolVar(&c.InsecureHTTP, "insecure-http", insecure, "serve sign-ins over plain HTTP on an address other than "+
		"this machine's own, cookies and passwords in clear text (env BACKBONE_INSECURE_HTTP); behind a TLS proxy, "+
		"use --trusted-proxies or --secure-cookies always instead")
	loopback, _ := strconv.ParseBool(env("WEBHOOKS_ALLOW_LOOPBACK", "false"))
	fs.BoolVar(
		&c.WebhooksAllowLoopback,
		"webhooks-allow-loopback",
		loopback,
		"let initiatives' channels post to this machine over http, for development (env BACKBONE_WEBHOOKS_ALLOW_LOOPBACK)",
	)
	fs.StringVar(
		&c.LogFormat,
		"log-format",
		env("LOG_FORMAT", c.LogFormat),
		"log format: text or json (env BACKBONE_LOG_FORMAT)",
	)
	fs.StringVar(
		&c.LogLevel,
		"log-level",
		env("LOG_LEVEL", c.LogLevel),
		"log level: debug, info, warn or error (env BACKBONE_LOG_LEVEL)",
	)
	fs.StringVar(
		&c.SecureCookies,
		"secure-cookies",
		env("SECURE_COOKIES", c.SecureCookies),
		"mark cookies Secure: auto, always or never (env BACKBONE_SECURE_COOKIES); use always behind a TLS proxy",
	)
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("TRUSTED_PROXIES", c.TrustedProxies),
		"the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, addresses or networks with "+
			"commas between them, such as 127.0.0.1,10.0.0.0/8 (env BACKBONE_TRUSTED_PROXIES); behind a TLS proxy, "+
			"cookies are then Secure by themselves")
	fs.StringVar(&c.TimeZone, "timezone", env("TIMEZONE", c.TimeZone),
		"the time zone deadlines and times are shown in, an IANA name like America/Los_Angeles (env BACKBONE_TIMEZONE)")
	MailFlags(fs, c)
	ttl := c.SessionTTL
	if v := env("SESSION_TTL", ""); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			ttl = d
		}
	}
	fs.DurationVar(
		&c.SessionTTL,
		"session-ttl",
		ttl,
		"how long an idle session stays signed in (env BACKBONE_SESSION_TTL)",
	)
}

// MailFlags adds --smtp-url and --mail-from, shared by serve and mail test.
func MailFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(
		&c.SMTPURL,
		"smtp-url",
		env("SMTP_URL", c.SMTPURL),
		"the mail server, smtp://user:password@host:port?tls=none|starttls|tls (env BACKBONE_SMTP_URL); one saved on the "+
			"settings page wins",
	)
	fs.StringVar(&c.MailFrom, "mail-from", env("MAIL_FROM", c.MailFrom),
		"the sender's address of the messages, like \"Backbone <backbone@example.org>\" (env BACKBONE_MAIL_FROM)")
	fs.StringVar(
		&c.BaseURL,
		"base-url",
		env("BASE_URL", c.BaseURL),
		"where people reach Backbone, like https://backbone.example.org, for the links in e-mail (env BACKBONE_BASE_URL); "+
			"without it, the address each request came to",
	)
}

// CheckMail validates the mail settings, naming the one that is wrong
// (never repeating the password).
func (c *Config) CheckMail() error {
	if c.SMTPURL != "" {
		if _, err := mail.ParseURL("--smtp-url", c.SMTPURL); err != nil {
			return err
		}
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") {
			return fmt.Errorf("--base-url: %q is not an address like https://backbone.example.org", c.BaseURL)
		}
	}
	return mail.CheckFrom("--mail-from", c.MailFrom)
}

// Check validates the settings, naming the one that is wrong.
func (c *Config) Check() error {
	if _, err := store.ParseDSN(c.DB); err != nil {
		return fmt.Errorf("--db: %w", err)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format: %q is not text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level: %q is not debug, info, warn or error", c.LogLevel)
	}
	switch c.SecureCookies {
	case "auto", "always", "never":
	default:
		return fmt.Errorf("--secure-cookies: %q is not auto, always or never", c.SecureCookies)
	}
	if _, err := httpx.ParseProxies(c.TrustedProxies); err != nil {
		return fmt.Errorf("--trusted-proxies: %w", err)
	}
	if !Loopback(c.Addr) {
		if c.Demo && !c.PublicDemo {
			return fmt.Errorf("--addr %s: the demo's sign-ins and their password are shown on the sign-in page, so "+
				"it is served on this machine only (127.0.0.1:8080); add --public-demo to publish it on purpose", c.Addr)
		}
		if c.SecureCookies != "always" && c.TrustedProxies == "" && !c.InsecureHTTP {
			return fmt.Errorf("--addr %s: passwords and session cookies would cross the network in clear text: "+
				"serve behind a TLS proxy named with --trusted-proxies (or --secure-cookies always), or add "+
				"--insecure-http to do so on purpose", c.Addr)
		}
	}
	if _, err := c.Location(); err != nil {
		return err
	}
	if err := c.CheckMail(); err != nil {
		return err
	}
	if c.SessionTTL < time.Minute {
		return fmt.Errorf("--session-ttl: %s is too short (at least 1m)", c.SessionTTL)
	}
	return nil
}

// Location is the instance's time zone (UTC when none is set), or an error
// naming the --timezone setting when it is not an IANA name.
func (c *Config) Location() (*time.Location, error) {
	if c.TimeZone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "Local" {
		return nil, fmt.Errorf(
			"--timezone: %q is not a time zone: use an IANA name, like America/Los_Angeles, Europe/Berlin or UTC",
			c.TimeZone,
		)
	}
	return loc, nil
}

// Loopback reports whether addr (host:port) listens on this machine only:
// localhost or a loopback address. An empty host (":8080") listens on
// every address.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
