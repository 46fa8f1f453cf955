package httpx

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestLogLeavesOutSecrets checks that the request log keeps no private
// link's secret.
func TestLogLeavesOutSecrets(t *testing.T) {
	var out bytes.Buffer
	h := Log(
		slog.New(slog.NewTextHandler(&out, nil)),
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
	)
	for _, path := range []string{"/calendar/bbc_s3cretS3cret.ics", "/survey/s3cretS3cret",
		"/initiatives/1/updates.atom?token=bbc_s3cretS3cret"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/organizations", nil))
	if strings.Contains(out.String(), "s3cret") {
		t.Errorf("a secret in the log:\n%s", out.String())
	}
	for _, want := range []string{"path=/calendar/(secret)", "path=/survey/(secret)", "path=/initiatives/1/updates.atom ",
		"path=/organizations "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, out.String())
		}
	}
}
