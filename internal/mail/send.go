package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// Render writes a message as it goes over the wire: headers, then a
// multipart/alternative body with the plain-text part first and the HTML
// part second, both quoted-printable UTF-8. A message with an attachment is
// multipart/mixed around that alternative and the file; a calendar
// invitation is also a third alternative (text/calendar with its method),
// as Google Calendar and Outlook send them, so that mail programs show it
// as an invitation to answer.
func Render(from string, e Entry, date time.Time) ([]byte, error) {
	var b bytes.Buffer
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("sender address %q: %w", from, err)
	}
	domain := fromAddr.Address[strings.LastIndex(fromAddr.Address, "@")+1:]
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", fromAddr.String())
	h("To", e.To)
	h("Subject", mime.QEncoding.Encode("utf-8", e.Subject))
	h("Date", date.Format(time.RFC1123Z))
	h("Message-ID", fmt.Sprintf("<backbone-%d-%s@%s>", e.ID, hex.EncodeToString(rnd[:]), domain))
	if e.ListUnsubscribe != "" {
		h("List-Unsubscribe", "<"+e.ListUnsubscribe+">")
		h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	h("X-Backbone-Kind", e.Kind)
	h("MIME-Version", "1.0")
	alt := multipart.NewWriter(&b)
	if e.Attachment == nil {
		h("Content-Type", "multipart/alternative; boundary="+alt.Boundary())
		b.WriteString("\r\n")
		if err := writeAlternatives(alt, e); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	mixed := multipart.NewWriter(&b)
	h("Content-Type", "multipart/mixed; boundary="+mixed.Boundary())
	b.WriteString("\r\n")
	pw, err := mixed.CreatePart(
		textproto.MIMEHeader{"Content-Type": {"multipart/alternative; boundary=" + alt.Boundary()}},
	)
	if err != nil {
		return nil, err
	}
	boundary := alt.Boundary()
	alt = multipart.NewWriter(pw)
	if err := alt.SetBoundary(boundary); err != nil {
		return nil, err
	}
	if err := writeAlternatives(alt, e); err != nil {
		return nil, err
	}
	a := e.Attachment
	ctype := a.ContentType
	if a.Calendar() {
		// The file is named .ics for those who save it; the invitation
		// itself is the text/calendar alternative above.
		ctype = "application/ics"
	}
	fw, err := mixed.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {mime.FormatMediaType(ctype, map[string]string{"name": a.Name})},
		"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return nil, err
	}
	if err := writeBase64(fw, a.Body); err != nil {
		return nil, err
	}
	if err := mixed.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeAlternatives writes the text and HTML parts, and a calendar
// attachment's text/calendar alternative, and closes the multipart.
func writeAlternatives(mw *multipart.Writer, e Entry) error {
	for _, part := range []struct{ ctype, body string }{
		{"text/plain; charset=utf-8", e.Text},
		{"text/html; charset=utf-8", e.HTML},
	} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return err
		}
		qw := quotedprintable.NewWriter(pw)
		if _, err := qw.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(part.body, "\r\n", "\n"), "\n",
			"\r\n"))); err != nil {
			return err
		}
		if err := qw.Close(); err != nil {
			return err
		}
	}
	if e.Attachment.Calendar() {
		// base64 keeps the calendar's CRLF line ends and folding intact.
		ctype := e.Attachment.ContentType
		if !strings.Contains(strings.ToLower(ctype), "charset") {
			ctype += "; charset=utf-8"
		}
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {ctype},
			"Content-Transfer-Encoding": {"base64"},
		})
		if err != nil {
			return err
		}
		if err := writeBase64(pw, e.Attachment.Body); err != nil {
			return err
		}
	}
	return mw.Close()
}

// writeBase64 writes s in base64, in lines of 76 characters.
func writeBase64(w io.Writer, s string) error {
	enc := base64.StdEncoding.EncodeToString([]byte(s))
	for len(enc) > 76 {
		if _, err := io.WriteString(w, enc[:76]+"\r\n"); err != nil {
			return err
		}
		enc = enc[76:]
	}
	_, err := io.WriteString(w, enc+"\r\n")
	return err
}

// SendError is why a message did not go: the server's answer, and whether
// trying again can help (a 4xx answer, or no answer at all) or not (5xx).
type SendError struct {
	Permanent bool
	Answer    string
}

func (e *SendError) Error() string { return e.Answer }

// sendTimeout bounds one message's whole conversation with the server.
const sendTimeout = time.Minute

// Deliver sends one rendered message through a server. The error is a
// *SendError; it never holds the password.
func Deliver(ctx context.Context, srv Server, from, to string, raw []byte) error {
	err := deliver(ctx, srv, from, to, raw)
	if err == nil {
		return nil
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return &SendError{Permanent: te.Code >= 500, Answer: fmt.Sprintf("%d %s", te.Code, te.Msg)}
	}
	return &SendError{Answer: err.Error()}
}

func deliver(ctx context.Context, srv Server, from, to string, raw []byte) error {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return fmt.Errorf("sender address %q: %w", from, err)
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	d := net.Dialer{Timeout: 30 * time.Second}
	var conn net.Conn
	tcfg := &tls.Config{ServerName: srv.Host, MinVersion: tls.VersionTLS12}
	if srv.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: tcfg}).DialContext(ctx, "tcp", srv.Addr())
	} else {
		conn, err = d.DialContext(ctx, "tcp", srv.Addr())
	}
	if err != nil {
		return fmt.Errorf("cannot reach the mail server %s: %w", srv.Addr(), unwrapOp(err))
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, srv.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if srv.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf(
				"the mail server %s does not offer STARTTLS (use tls=none or tls=tls in the URL)",
				srv.Addr(),
			)
		}
		if err := c.StartTLS(tcfg); err != nil {
			return err
		}
	}
	if srv.User != "" {
		if err := c.Auth(smtp.PlainAuth("", srv.User, srv.Password, srv.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(fromAddr.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// unwrapOp keeps the reason of a network error and drops the addresses it
// repeats.
func unwrapOp(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}
