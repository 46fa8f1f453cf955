package webhook_test

import (
	"strings"
	"testing"
	"time"

	"backbone/internal/webhook"
)

func TestCheckURL(t *testing.T) {
	for _, c := range []struct {
		url      string
		loopback bool
		ok       bool
	}{
		{"https://hooks.slack.com/services/T/B/x", false, true},
		{"https://10.0.0.5/hooks/abc", false, true}, // a self-hosted Mattermost on the office network
		{"https://[fd12::1]/hooks/abc", false, true},
		{"http://hooks.slack.com/services/T/B/x", false, false},
		{"https://169.254.169.254/latest/", false, false},
		{"https://[fe80::1]/", false, false},
		{"https://0.0.0.0/", false, false},
		{"https://100.100.100.200/", false, false},
		{"https://127.0.0.1/", false, false},
		{"https://127.0.0.1/", true, true},
		{"http://127.0.0.1:4000/x", true, true},
		{"http://localhost:4000/x", true, true},
		{"http://10.0.0.5/x", true, false},
		{"https://[::1]/", false, false},
		{"https://a@example.org/", false, false},
		{"/relative", false, false},
		{"", false, false},
	} {
		if err := webhook.CheckURL(c.url, c.loopback); (err == nil) != c.ok {
			t.Errorf("CheckURL(%q, loopback %v) = %v", c.url, c.loopback, err)
		}
	}
}

func TestMaskURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://hooks.slack.com/services/T0/B0/secret":       "https://hooks.slack.com/services/••••",
		"https://chat.example.org/hooks/xyzabc123456789":      "https://chat.example.org/hooks/••••",
		"https://prod.westus.logic.azure.com:443/workflows/a": "https://prod.westus.logic.azure.com:443/workflows/••••",
		"https://example.org/abcdefghijkl":                    "https://example.org/abcd••••",
		"https://example.org/short":                           "https://example.org/••••",
		"https://example.org/?token=secret":                   "https://example.org/",
		"nonsense":                                            "••••",
	} {
		if got := webhook.MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"120":                           2 * time.Minute,
		"Mon, 07 Dec 2026 12:05:00 GMT": 5 * time.Minute,
		"Mon, 07 Dec 2026 11:00:00 GMT": 0,
	} {
		if got, ok := webhook.RetryAfter(v, now); !ok || got != want {
			t.Errorf("RetryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "-1", "soon", "1.5"} {
		if _, ok := webhook.RetryAfter(v, now); ok {
			t.Errorf("RetryAfter(%q) read", v)
		}
	}
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0", "-5", "Mon, 07 Dec 2026 12:05:00 GMT", "99999999999999999999", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d, ok := webhook.RetryAfter(v, now); d < 0 || (!ok && d != 0) {
			t.Errorf("RetryAfter(%q) = %v, %v", v, d, ok)
		}
	})
}

func FuzzVerify(f *testing.F) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	f.Add("whsec_x", webhook.Sign("whsec_x", now, []byte(`{"a":1}`)), []byte(`{"a":1}`))
	f.Add("s", "t=1,v1=00", []byte(""))
	f.Add("s", "v1=zz,t=,t=2", []byte("x"))
	f.Fuzz(func(t *testing.T, secret, header string, body []byte) {
		err := webhook.Verify(secret, header, body, now, 5*time.Minute)
		if err == nil && header != webhook.Sign(secret, now, body) && !strings.Contains(header, "v1=") {
			t.Errorf("Verify took %q without a v1 signature", header)
		}
		// A post signed now always verifies.
		if err := webhook.Verify(secret, webhook.Sign(secret, now, body), body, now, time.Minute); err != nil {
			t.Errorf("a fresh signature does not verify: %v", err)
		}
	})
}

func FuzzMaskURL(f *testing.F) {
	for _, s := range []string{"https://hooks.slack.com/services/T0/B0/secret", "https://x/abcdefghi", "%",
		"http://[::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := webhook.MaskURL(raw)
		// Whatever comes after the first path segment is never shown.
		if i := strings.Index(raw, "://"); i >= 0 {
			rest := raw[i+3:]
			if j := strings.Index(rest, "/"); j >= 0 {
				if _, tail, ok := strings.Cut(rest[j+1:], "/"); ok && len(tail) > 3 &&
					strings.Count(got, tail) > strings.Count(raw[:i+3+j+1], tail) {
					t.Errorf("MaskURL(%q) = %q shows %q", raw, got, tail)
				}
			}
		}
	})
}
