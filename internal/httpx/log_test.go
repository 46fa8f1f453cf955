package httpx_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"backbone/internal/httpx"
)

// TestLogKeepsNoSecrets: the access log leaves out the secret of every
// private link (survey, calendar, meeting answer) and every query string.
func TestLogKeepsNoSecrets(t *testing.T) {
	var out bytes.Buffer
	h := httpx.Log(slog.New(slog.NewTextHandler(&out, nil)), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, p := range []string{"/survey/SECRET1", "/calendar/SECRET2.ics", "/meetings/rsvp/SECRET3",
		"/password/reset?token=SECRET4", "/initiatives/1/updates.atom?key=SECRET5"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	if strings.Contains(out.String(), "SECRET") {
		t.Fatalf("the log holds a secret:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "/meetings/rsvp/(secret)") {
		t.Fatalf("the log lost the path:\n%s", out.String())
	}
}
