// Package mail sends Backbone's e-mail. Every message is first written to
// a durable outbox, in the same transaction as the change that caused it
// (Enqueue); a background Worker sends what is due over SMTP, retrying with
// backoff, and platform admins read the outbox (Outbox.List). With no mail
// server set, messages stay in the outbox, where the Mail page shows them
// as they would arrive.
package mail

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// TLS modes of a mail server.
const (
	TLSNone     = "none"     // plain SMTP (a server on the same machine or network)
	TLSStartTLS = "starttls" // plain, then STARTTLS before signing in (port 587)
	TLSImplicit = "tls"      // TLS from the start (port 465)
)

// Server is an SMTP server to send through.
type Server struct {
	Host     string
	Port     int
	User     string
	Password string
	TLS      string // TLSNone, TLSStartTLS or TLSImplicit
}

// ParseURL reads smtp://user:password@host:port?tls=none|starttls|tls. The
// error names the setting, as given in param (--smtp-url, smtp_url), and
// never repeats the password.
func ParseURL(param, s string) (Server, error) {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL, password and all
		}
		return Server{}, fmt.Errorf("%s: the mail server URL cannot be read: %v", param, err)
	}
	if u.Scheme != "smtp" {
		return Server{}, fmt.Errorf(
			"%s: the mail server URL must start with smtp:// (like smtp://user:password@mail.example.org:587?tls=starttls), "+
				"not %q",
			param,
			u.Scheme+"://",
		)
	}
	srv := Server{Host: u.Hostname(), TLS: TLSStartTLS}
	if srv.Host == "" {
		return Server{}, fmt.Errorf(
			"%s: the mail server URL has no host name (like smtp://mail.example.org:587)",
			param,
		)
	}
	if u.User != nil {
		srv.User = u.User.Username()
		srv.Password, _ = u.User.Password()
	}
	q := u.Query()
	for k := range q {
		if k != "tls" {
			return Server{}, fmt.Errorf(
				"%s: unknown option %q in the mail server URL (only tls=none, starttls or tls)",
				param,
				k,
			)
		}
	}
	if t := q.Get("tls"); t != "" {
		switch t {
		case TLSNone, TLSStartTLS, TLSImplicit:
			srv.TLS = t
		default:
			return Server{}, fmt.Errorf("%s: tls=%q is not none, starttls or tls", param, t)
		}
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Server{}, fmt.Errorf("%s: port %q is not a port number (1-65535)", param, p)
		}
		srv.Port = n
	} else {
		switch srv.TLS {
		case TLSImplicit:
			srv.Port = 465
		case TLSStartTLS:
			srv.Port = 587
		default:
			srv.Port = 25
		}
	}
	return srv, nil
}

// Addr is the server's host:port.
func (s Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// URL writes the server back as a URL, with the password when withPassword.
func (s Server) URL(withPassword bool) string {
	u := url.URL{Scheme: "smtp", Host: s.Addr(), RawQuery: "tls=" + s.TLS}
	if s.User != "" {
		if withPassword && s.Password != "" {
			u.User = url.UserPassword(s.User, s.Password)
		} else {
			u.User = url.User(s.User)
		}
	}
	return u.String()
}

// String is the server without its password, for logs and pages.
func (s Server) String() string { return s.URL(false) }

// CheckFrom checks a sender address (BACKBONE_MAIL_FROM), naming param.
func CheckFrom(param, from string) error {
	if from == "" {
		return nil
	}
	if _, err := mail.ParseAddress(from); err != nil {
		return fmt.Errorf("%s: %q is not an e-mail address (like Backbone <backbone@example.org>)", param, from)
	}
	return nil
}

// CheckAddress checks one recipient's address, naming param.
func CheckAddress(param, to string) error {
	a, err := mail.ParseAddress(to)
	if err != nil || a.Name != "" || !strings.Contains(a.Address, "@") {
		return fmt.Errorf("%s: %q is not an e-mail address (like name@example.org)", param, to)
	}
	return nil
}
