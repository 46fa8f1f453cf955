// Package httpx holds the small HTTP pieces that the web UI, the JSON API and
// the operations endpoints share: request ids, client addresses, access logs,
// security headers and panic recovery.
package httpx

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	userKey
)

// RequestID returns the id of the request being served, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithUser returns a context that carries the signed-in user.
func WithUser(ctx context.Context, u *account.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// User returns the signed-in user of the request, or nil.
func User(ctx context.Context) *account.User {
	u, _ := ctx.Value(userKey).(*account.User)
	return u
}

// Actor returns the audit actor for the request's user.
func Actor(r *http.Request) account.Actor {
	if u := User(r.Context()); u != nil {
		return account.UserActor(u, RequestID(r.Context()))
	}
	return account.Actor{Label: "anonymous", RequestID: RequestID(r.Context())}
}

// ClientIP returns the address the request came from: the TCP peer, or
// the client a trusted proxy names (Proxies.TrustProxies).
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Log gives every request an id (kept from X-Request-Id when it is sane,
// made up otherwise), answers with it in X-Request-Id, and logs one line per
// request when it ends.
func Log(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 || strings.ContainsAny(id, " \t\r\n\"") {
			id = account.RandomToken(9)
		}
		w.Header().Set("X-Request-Id", id)
		sw := &statusWriter{ResponseWriter: w}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		defer func() {
			if p := recover(); p != nil {
				logger.Error("panic", "request_id", id, "method", r.Method, "path", loggedPath(r.URL.Path), "panic", p)
				if sw.status == 0 {
					http.Error(sw, "Internal Server Error", http.StatusInternalServerError)
				}
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			logger.Log(ctx, level, "request", "request_id", id, "method", r.Method, "path", loggedPath(r.URL.Path),
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000, "ip", ClientIP(r))
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// privateLinkPaths start the paths whose rest is a secret: a partner
// survey's private link, a calendar link, a meeting invitation's answer
// link.
var privateLinkPaths = []string{"/survey/", "/calendar/", "/meetings/rsvp/"}

// loggedPath is a request's path as the log keeps it: the secret of a
// private link is left out, since more people read logs than the links
// were given to. (The updates feed's secret is in its query, which is not
// logged.)
func loggedPath(p string) string {
	for _, prefix := range privateLinkPaths {
		if rest, ok := strings.CutPrefix(p, prefix); ok && rest != "" {
			return prefix + "(secret)"
		}
	}
	return p
}

// SecurityHeaders sets the headers every response gets: a strict content
// security policy (no inline scripts, nothing from other sites), no framing,
// no sniffing, and no referrer leaks.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000")
		}
		next.ServeHTTP(w, r)
	})
}

// ValuesProblem finds the first parameter (in name order) whose name or a
// value of it cannot be stored as text (errs.TextProblem), and says which
// and why; "" and "" when every one can.
func ValuesProblem(v url.Values) (field, problem string) {
	names := make([]string, 0, len(v))
	for name := range v {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if p := errs.TextProblem(name); p != "" {
			return strings.ToValidUTF8(strings.ReplaceAll(name, "\x00", ""), "?"), "the parameter's name " + p
		}
		for _, s := range v[name] {
			if p := errs.TextProblem(s); p != "" {
				return name, p
			}
		}
	}
	return "", ""
}

// Instance is the request's path as a problem document names it: as
// decoded, or escaped when the decoded path is not UTF-8 (JSON cannot
// carry such bytes, and would show U+FFFD for them).
func Instance(r *http.Request) string {
	if utf8.ValidString(r.URL.Path) {
		return r.URL.Path
	}
	return r.URL.EscapedPath()
}

// SiteURL is the site's address as the request reached it (scheme and
// host, no trailing slash), for links people copy elsewhere: survey links,
// calendar links.
func SiteURL(r *http.Request) string {
	scheme := "http"
	if Secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
