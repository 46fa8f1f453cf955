package browser_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"backbone/internal/testutil/browser"
)

// TestBrowserPageChecks: Visit gives the page's HTTP status (0 for a
// download), ConsoleErrors gives a script's exception, a console.error and
// a missing picture, and Resize changes the window the page is laid out in.
func TestBrowserPageChecks(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>Broken</title><link rel="icon" href="data:,"></head><body>
<img src="/missing.png" alt="">
<script>console.error("it went wrong"); throw new Error("boom");</script></body></html>`)
	})
	// The pages name their icon (as Backbone's do): otherwise Chromium asks
	// for /favicon.ico, and whether its 404 is reported before the check
	// depends on timing.
	mux.HandleFunc("GET /fine", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(
			w,
			`<!doctype html><html><head><title>Fine</title><link rel="icon" href="data:,"></head><body><p>ok</p></body></html>`,
		)
	})
	mux.HandleFunc("GET /file", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("Content-Disposition", `attachment; filename="x.csv"`)
		fmt.Fprint(w, "a,b\n1,2\n")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	b := browser.Start(t)
	b.WatchConsole()
	if got := b.Visit(srv.URL + "/fine"); got != http.StatusOK {
		t.Fatalf("Visit(/fine) = %d, want 200", got)
	}
	if errs := b.ConsoleErrors(); len(errs) != 0 {
		t.Fatalf("a fine page reports %q", errs)
	}
	if got := b.Visit(srv.URL + "/nowhere"); got != http.StatusNotFound {
		t.Fatalf("Visit(/nowhere) = %d, want 404", got)
	}
	b.ConsoleErrors()

	if got := b.Visit(srv.URL + "/broken"); got != http.StatusOK {
		t.Fatalf("Visit(/broken) = %d", got)
	}
	all := strings.Join(b.ConsoleErrors(), "\n")
	for _, want := range []string{"boom", "it went wrong", "missing.png"} {
		if !strings.Contains(all, want) {
			t.Errorf("console errors lack %q:\n%s", want, all)
		}
	}
	if got := b.Visit(srv.URL + "/file"); got != 0 {
		t.Errorf("Visit of a download = %d, want 0", got)
	}

	b.Resize(390, 844)
	var width int
	b.Eval(`document.documentElement.clientWidth`, &width)
	if width != 390 {
		t.Errorf("window is %d px wide after Resize(390, 844)", width)
	}
}
