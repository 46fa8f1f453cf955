package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func TestFlagsBeatEnvironmentBeatsDefaults(t *testing.T) {
	t.Setenv("BACKBONE_ADDR", "127.0.0.1:9999")
	t.Setenv("BACKBONE_DB", "postgres://db/bb")
	t.Setenv("BACKBONE_SESSION_TTL", "2h")
	t.Setenv("BACKBONE_DEMO", "true")
	c := Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	ServeFlags(fs, &c)
	if err := fs.Parse([]string{"--addr", ":7000", "--public-demo", "--trusted-proxies", "10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":7000" || c.DB != "postgres://db/bb" || c.SessionTTL != 2*time.Hour || !c.Demo ||
		c.LogFormat != "text" {
		t.Fatalf("config %+v", c)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestCheckNamesTheSetting(t *testing.T) {
	cases := map[string]func(*Config){
		"--db":             func(c *Config) { c.DB = "mysql://x/y" },
		"--log-format":     func(c *Config) { c.LogFormat = "xml" },
		"--log-level":      func(c *Config) { c.LogLevel = "loud" },
		"--secure-cookies": func(c *Config) { c.SecureCookies = "maybe" },
		"--session-ttl":    func(c *Config) { c.SessionTTL = time.Second },
		"--timezone":       func(c *Config) { c.TimeZone = "Pacific/Atlantis" },
	}
	for want, breakIt := range cases {
		c := Default()
		breakIt(&c)
		if err := c.Check(); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
}

// TestPublicAddress: the demo and plain-HTTP sign-ins are refused on an
// address other than loopback unless asked for by name.
func TestPublicAddress(t *testing.T) {
	for _, c := range []struct {
		set  func(*Config)
		want string // "" for accepted
	}{
		{func(c *Config) { c.Addr = "127.0.0.1:8080"; c.Demo = true }, ""},
		{func(c *Config) { c.Addr = "localhost:8080"; c.Demo = true }, ""},
		{func(c *Config) { c.Addr = "[::1]:8080"; c.Demo = true }, ""},
		{func(c *Config) { c.Addr = "0.0.0.0:8080"; c.Demo = true; c.SecureCookies = "always" }, "--public-demo"},
		{func(c *Config) { c.Addr = ":8080"; c.Demo = true; c.PublicDemo = true; c.SecureCookies = "always" }, ""},
		{func(c *Config) { c.Addr = ":8080" }, "--insecure-http"},
		{func(c *Config) { c.Addr = "192.0.2.10:8080"; c.TrustedProxies = "192.0.2.1" }, ""},
		{func(c *Config) { c.Addr = ":8080"; c.InsecureHTTP = true }, ""},
	} {
		cfg := Default()
		c.set(&cfg)
		err := cfg.Check()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: %v, want %q", cfg, err, c.want)
		}
	}
}

func TestTimeZone(t *testing.T) {
	t.Setenv("BACKBONE_TIMEZONE", "America/Los_Angeles")
	c := Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	ServeFlags(fs, &c)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	loc, err := c.Location()
	if err != nil || loc.String() != "America/Los_Angeles" {
		t.Fatalf("location %v, %v", loc, err)
	}
	d := Default()
	if loc, err := d.Location(); err != nil || loc != time.UTC {
		t.Fatalf("the default is %v, %v; want UTC", loc, err)
	}
	for _, bad := range []string{"PST8PDT/Nowhere", "Local", "../etc/passwd", "Los Angeles"} {
		c.TimeZone = bad
		err := c.Check()
		if err == nil || !strings.Contains(err.Error(), "--timezone") || !strings.Contains(err.Error(), "IANA name") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestCheckMail(t *testing.T) {
	for _, tc := range []struct {
		c    Config
		want string
	}{
		{Config{SMTPURL: "smtp://u:secret@host:99999"}, "--smtp-url: port"},
		{Config{MailFrom: "not an address"}, "--mail-from:"},
		{Config{BaseURL: "backbone.example.org"}, "--base-url:"},
		{Config{BaseURL: "https://backbone.example.org/sub"}, "--base-url:"},
		{Config{SMTPURL: "smtp://host:587?tls=starttls", MailFrom: "Hub <hub@example.org>",
			BaseURL: "https://backbone.example.org"}, ""},
	} {
		err := tc.c.CheckMail()
		if tc.want == "" && err != nil ||
			tc.want != "" &&
				(err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "secret")) {
			t.Errorf("CheckMail(%+v) = %v, want %q", tc.c, err, tc.want)
		}
	}
}
