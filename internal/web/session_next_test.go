package web

import (
	"net/url"
	"strings"
	"testing"
)

// TestSafeNext keeps destinations on this site and refuses the ones a
// browser would take elsewhere, among them the TAB that browsers drop.
func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"/initiatives/3?tab=goals": "/initiatives/3?tab=goals",
		"/search?q=rent+help":      "/search?q=rent+help",
		"/%09/evil.example":        "/%09/evil.example", // encoded, it stays a path here
		"":                         "/",
		"https://evil.example/":    "/",
		"//evil.example/phish":     "/",
		"/\t/evil.example/phish":   "/",
		"/\n/evil.example":         "/",
		"/\r\n/evil.example":       "/",
		"/\\evil.example":          "/",
		"/\\\\evil.example":        "/",
		"/x\\..\\/evil.example":    "/",
		"/login?next=/x":           "/",
		"evil.example":             "/",
		"/\x00/evil.example":       "/",
		"/\x7f/evil.example":       "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

// FuzzSafeNext checks that whatever it keeps, read as a browser reads a
// URL (tabs and line breaks dropped, control characters and spaces trimmed
// at the ends, backslashes as slashes), resolves on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/a", "/\t/evil.example", "//x", "/\\x", "/a?b=//c#//d", "/%2F%2Fevil", "/ /x"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://backbone.example/home")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		read := strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\r':
				return -1
			case '\\':
				return '/'
			}
			return r
		}, got)
		read = strings.TrimFunc(read, func(r rune) bool { return r <= ' ' })
		u, err := url.Parse(read)
		if err != nil {
			t.Fatalf("safeNext(%q) = %q, which does not parse: %v", next, got, err)
		}
		if to := base.ResolveReference(u); to.Host != base.Host || to.Scheme != base.Scheme {
			t.Fatalf("safeNext(%q) = %q leads to %s", next, got, to)
		}
	})
}
