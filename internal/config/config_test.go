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
	if err := fs.Parse([]string{"--addr", ":7000"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":7000" || c.DB != "postgres://db/bb" || c.SessionTTL != 2*time.Hour || !c.Demo || c.LogFormat != "text" {
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
	}
	for want, breakIt := range cases {
		c := Default()
		breakIt(&c)
		if err := c.Check(); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
}
