package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/httpx"
)

// maxFormBytes bounds a form post, uploads included.
const maxFormBytes = 20 << 20

// maxFormMemory is how much of a multipart form is kept in memory; the
// rest of its files goes to temporary files.
const maxFormMemory = 32 << 20

const (
	sessionCookie = "backbone_session"
	csrfCookie    = "backbone_csrf"
	csrfField     = "csrf_token"
)

// secure says whether cookies get the Secure flag: always, never, or when
// the request came over TLS to Backbone itself or to a trusted proxy that
// says so (--trusted-proxies).
func (h *handler) secure(r *http.Request) bool {
	switch h.SecureCookies {
	case "always":
		return true
	case "never":
		return false
	}
	return httpx.Secure(r)
}

// csrfToken returns the request's CSRF token, making one (and its cookie)
// when the browser has none yet. Forms carry it in a hidden field; the
// csrf middleware checks that field against the cookie (double submit),
// behind the standard library's cross-origin check.
func csrfToken(w http.ResponseWriter, r *http.Request, secure bool) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	t := account.RandomToken(32)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: t, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	return t
}

// csrf refuses a form post whose token is missing or does not match.
func (h *handler) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions ||
			r.URL.Path == unsubscribePath {
			next.ServeHTTP(w, r)
			return
		}
		// A form over the limit is refused as too large, not as expired:
		// cut short, it would have lost its token.
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		perr := r.ParseForm()
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			perr = r.ParseMultipartForm(maxFormMemory)
		}
		if mbe := (*http.MaxBytesError)(nil); errors.As(perr, &mbe) {
			h.renderError(w, r, http.StatusRequestEntityTooLarge, "This upload is too large",
				fmt.Sprintf("A form with its files may hold up to %d MiB, so nothing was saved. Split the file, "+
					"or leave out what it does not need, and send it again.", maxFormBytes>>20))
			return
		}
		c, err := r.Cookie(csrfCookie)
		sent := r.PostFormValue(csrfField)
		if err != nil || sent == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(sent)) != 1 {
			h.Logger.Warn("csrf token missing or wrong", "request_id", httpx.RequestID(r.Context()), "path", r.URL.Path, "had_cookie", err == nil, "had_field", sent != "")
			h.renderError(w, r, http.StatusForbidden, "This form has expired",
				"The form's security token was missing or out of date, so nothing was saved. Go back, reload the page and submit it again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// plainText refuses a request whose path, query or form holds text no
// database can store (bytes that are not UTF-8, or a NUL:
// errs.TextProblem), naming the field, before any page reads it. A browser sends neither from what
// a person types; they come from pasted binary, a crafted link or a script.
// The csrf check has already parsed a posted form.
func (h *handler) plainText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if errs.TextProblem(r.URL.Path) != "" {
			// An address with an id no record can have.
			h.fail(w, r, errs.ErrNotFound)
			return
		}
		values := r.URL.Query()
		if r.Form != nil {
			values = r.Form // the query's values and the posted form's, multipart too
		}
		if field, problem := httpx.ValuesProblem(values); problem != "" {
			h.renderError(w, r, http.StatusUnprocessableEntity, "Some of that is not right", field+": "+problem)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// signedIn runs the page with the signed-in user in its context, or sends
// the browser to the login page (saying so when a session has expired).
func (h *handler) signedIn(page http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil {
			h.toLogin(w, r, "")
			return
		}
		_, u, err := h.Accounts.SessionUser(r.Context(), c.Value, h.SessionTTL)
		if errors.Is(err, errs.ErrUnauthenticated) {
			h.clearSession(w, r)
			h.toLogin(w, r, "Your session has ended. Please sign in again.")
			return
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if u.MustChangePassword && r.URL.Path != choosePasswordPath {
			// A temporary password a platform admin set: the person
			// chooses their own before anything else.
			to := choosePasswordPath
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				to += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			redirect(w, r, to)
			return
		}
		page(w, r.WithContext(httpx.WithUser(r.Context(), u)))
	})
}

func (h *handler) toLogin(w http.ResponseWriter, r *http.Request, msg string) {
	if msg != "" {
		h.setFlash(w, r, "info", msg)
	}
	to := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		to += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	redirect(w, r, to)
}

func (h *handler) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

// safeNext keeps a post-login destination only when it is a path on this
// site. Browsers drop tabs and line breaks anywhere in a URL, trim control
// characters and spaces at its ends and read a backslash as a slash, so
// "/\t/evil.example" would become "//evil.example", another site: a
// destination holding any control character or backslash is refused
// whole, and what is left must parse as a path alone (no scheme, no host).
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/login") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

type loginForm struct {
	Email string
	Next  string
	Error string
	Hint  string
}

func (h *handler) loginPage(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if _, _, err := h.Accounts.SessionUser(r.Context(), c.Value, h.SessionTTL); err == nil {
			redirect(w, r, safeNext(r.URL.Query().Get("next")))
			return nil
		}
	}
	h.render(w, r, http.StatusOK, "login", "Sign in", "", loginForm{Next: r.URL.Query().Get("next"), Hint: h.SignInHint})
	return nil
}

func (h *handler) login(w http.ResponseWriter, r *http.Request) error {
	form := loginForm{Email: strings.TrimSpace(r.PostFormValue("email")), Next: r.PostFormValue("next"), Hint: h.SignInHint}
	ip := httpx.ClientIP(r)
	if !h.logins.Allow(ip) {
		w.Header().Set("Retry-After", "60")
		form.Error = "Too many sign-in attempts from this address. Please wait a minute and try again."
		h.render(w, r, http.StatusTooManyRequests, "login", "Sign in", "", form)
		return nil
	}
	in, alert, err := h.Accounts.SignIn(r.Context(), account.Attempt{Email: form.Email,
		Password: r.PostFormValue("password"), IP: ip, Device: deviceCookie(r)})
	if alert != nil {
		h.Logger.Warn("sign-in attack", "request_id", httpx.RequestID(r.Context()), "email", alert.Email,
			"failures", alert.Failures, "addresses", alert.Addresses)
		if aerr := h.Mail.AlertSignInAttack(r.Context(), *alert); aerr != nil {
			h.Logger.Error("alert of a sign-in attack", "request_id", httpx.RequestID(r.Context()), "err", aerr)
		} else {
			h.Mail.Wake()
		}
	}
	var locked *account.LockedError
	switch {
	case errors.As(err, &locked):
		h.Logger.Warn("login locked", "request_id", httpx.RequestID(r.Context()), "email", form.Email, "ip", ip)
		w.Header().Set("Retry-After", fmt.Sprint(int(locked.RetryAfter.Seconds())+1))
		form.Error = "Too many failed attempts for this account. " + strings.ToUpper(locked.Error()[:1]) + locked.Error()[1:] + "."
		h.render(w, r, http.StatusTooManyRequests, "login", "Sign in", "", form)
		return nil
	case errors.Is(err, account.ErrBadCredentials):
		h.Logger.Info("login failed", "request_id", httpx.RequestID(r.Context()), "email", form.Email, "ip", ip)
		form.Error = "That email and password do not match an active account. Check them and try again."
		h.render(w, r, http.StatusUnauthorized, "login", "Sign in", "", form)
		return nil
	case err != nil:
		return err
	}
	u := in.User
	if err := h.startSession(w, r, u); err != nil {
		return err
	}
	h.setDeviceCookie(w, r, in.Device)
	h.Logger.Info("login", "request_id", httpx.RequestID(r.Context()), "user", u.Email)
	if u.MustChangePassword {
		redirect(w, r, choosePasswordPath+"?next="+url.QueryEscape(safeNext(form.Next)))
		return nil
	}
	redirect(w, r, safeNext(form.Next))
	return nil
}

// startSession signs u in: a new session, and a new CSRF token for it, so
// that one planted before sign-in is useless.
func (h *handler) startSession(w http.ResponseWriter, r *http.Request, u *account.User) error {
	token, _, err := h.Accounts.CreateSession(r.Context(), u, h.SessionTTL, httpx.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	secure := h.secure(r)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: account.RandomToken(32), Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	return nil
}

func (h *handler) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := h.Accounts.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	h.clearSession(w, r)
	h.setFlash(w, r, "success", "You have signed out.")
	redirect(w, r, "/login")
	return nil
}

// The device cookie (account.SignIn) marks a browser that signed in to an
// account, so that failed sign-ins elsewhere never slow it down. Over TLS
// its name carries the __Host- prefix: Secure, for this host and path /
// only, so that no other site or subdomain can plant one.
const (
	deviceCookieName       = "backbone_device"
	deviceCookieSecureName = "__Host-backbone_device"
	deviceCookieAge        = 365 * 24 * 60 * 60
)

// deviceCookie is the browser's device cookie, or "".
func deviceCookie(r *http.Request) string {
	for _, name := range []string{deviceCookieSecureName, deviceCookieName} {
		if c, err := r.Cookie(name); err == nil {
			return c.Value
		}
	}
	return ""
}

func (h *handler) setDeviceCookie(w http.ResponseWriter, r *http.Request, value string) {
	name := deviceCookieName
	if h.secure(r) {
		name = deviceCookieSecureName
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: deviceCookieAge, HttpOnly: true,
		Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}
