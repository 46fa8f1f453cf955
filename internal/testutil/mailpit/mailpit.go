// Package mailpit runs a real SMTP server for tests: Mailpit
// (github.com/axllent/mailpit), started on free loopback ports, whose HTTP
// API tells what arrived. Without the mailpit program a test is skipped
// with one line saying why, or fails when BACKBONE_REQUIRE_TOOLS is set, as
// CI sets it.
package mailpit

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"backbone/internal/testutil/wait"
)

// Server is a running Mailpit.
type Server struct {
	SMTPAddr string // host:port of its SMTP server
	APIURL   string // base URL of its web UI and API
}

// SMTPURL is the URL Backbone sends through, plain SMTP.
func (s *Server) SMTPURL() string { return "smtp://" + s.SMTPAddr + "?tls=none" }

// Path finds the mailpit program: on PATH, or in $(go env GOPATH)/bin
// where `go install github.com/axllent/mailpit@v1.33.1` puts it.
func Path(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			gopath = strings.TrimSpace(string(out))
		}
	}
	for _, dir := range filepath.SplitList(gopath) {
		p := filepath.Join(dir, "bin", "mailpit")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	const how = "go install github.com/axllent/mailpit@v1.33.1"
	if os.Getenv("BACKBONE_REQUIRE_TOOLS") != "" {
		t.Fatalf("mailpit is not installed (%s) and BACKBONE_REQUIRE_TOOLS is set", how)
	}
	t.Skipf("mailpit is not installed (%s)", how)
	return ""
}

// freePorts returns n distinct free addresses: the listeners stay open
// until all are chosen, so that the system cannot give one port twice.
func freePorts(t testing.TB, n int) []string {
	t.Helper()
	var out []string
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		out = append(out, ln.Addr().String())
	}
	return out
}

// Start runs a Mailpit of the test's own, stopped when the test ends. A
// port taken by another process between its choice and Mailpit's start
// is met by starting again on others.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Path(t)
	var last string
	for range 3 {
		s, out, ok := start(t, bin)
		if ok {
			return s
		}
		last = out
	}
	t.Fatalf("mailpit did not start, three times: %s", last)
	return nil
}

// start runs Mailpit once, and says whether it answers on both ports.
func start(t testing.TB, bin string) (*Server, string, bool) {
	t.Helper()
	ports := freePorts(t, 2)
	smtpAddr, httpAddr := ports[0], ports[1]
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "--smtp", smtpAddr, "--listen", httpAddr,
		"--database", filepath.Join(t.TempDir(), "mailpit.db"), "--quiet", "--max", "0")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start mailpit: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() { cancel(); <-exited }
	s := &Server{SMTPAddr: smtpAddr, APIURL: "http://" + httpAddr}
	started := wait.Until(20*time.Second, 50*time.Millisecond, func() bool {
		select {
		case <-exited:
			return true // it gave up (a port taken): no use waiting
		default:
		}
		resp, err := http.Get(s.APIURL + "/api/v1/info")
		if err != nil {
			return false
		}
		resp.Body.Close()
		c, err := net.Dial("tcp", smtpAddr)
		if err != nil {
			return false
		}
		c.Close()
		return true
	})
	select {
	case <-exited:
		started = false
	default:
	}
	if !started {
		stop()
		return nil, out.String(), false
	}
	t.Cleanup(stop)
	return s, "", true
}

// Address is one sender or recipient.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Summary is a message in Mailpit's list.
type Summary struct {
	ID      string    `json:"ID"`
	From    Address   `json:"From"`
	To      []Address `json:"To"`
	Subject string    `json:"Subject"`
}

// Message is one message as it arrived, both parts decoded.
type Message struct {
	Summary
	Text        string              `json:"Text"`
	HTML        string              `json:"HTML"`
	Attachments []Attachment        `json:"Attachments"`
	Headers     map[string][]string `json:"-"`
}

// Attachment is a file that came with a message.
type Attachment struct {
	PartID      string `json:"PartID"`
	FileName    string `json:"FileName"`
	ContentType string `json:"ContentType"`
}

// Raw returns a message as it arrived, headers and MIME parts undecoded.
func (s *Server) Raw(t testing.TB, id string) string {
	t.Helper()
	return string(s.bytes(t, "/api/v1/message/"+url.PathEscape(id)+"/raw"))
}

// Part returns the decoded content of one part of a message (an
// attachment's PartID).
func (s *Server) Part(t testing.TB, id, partID string) []byte {
	t.Helper()
	return s.bytes(t, "/api/v1/message/"+url.PathEscape(id)+"/part/"+url.PathEscape(partID))
}

func (s *Server) bytes(t testing.TB, path string) []byte {
	t.Helper()
	resp, err := http.Get(s.APIURL + path)
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: %s %v", path, resp.Status, err)
	}
	return b
}

func (s *Server) get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(s.APIURL + path)
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}

// Messages lists what arrived, newest first.
func (s *Server) Messages(t testing.TB) []Summary {
	t.Helper()
	var out struct {
		Messages []Summary `json:"messages"`
	}
	s.get(t, "/api/v1/messages?limit=1000", &out)
	return out.Messages
}

// Message reads one message with its headers.
func (s *Server) Message(t testing.TB, id string) Message {
	t.Helper()
	var m Message
	s.get(t, "/api/v1/message/"+url.PathEscape(id), &m)
	s.get(t, "/api/v1/message/"+url.PathEscape(id)+"/headers", &m.Headers)
	return m
}

// WaitFor waits up to 10 s for a message to an address and returns the
// newest.
func (s *Server) WaitFor(t testing.TB, to string) Message {
	t.Helper()
	var found Message
	arrived := wait.Until(10*time.Second, 50*time.Millisecond, func() bool {
		for _, m := range s.Messages(t) {
			for _, a := range m.To {
				if strings.EqualFold(a.Address, to) {
					found = s.Message(t, m.ID)
					return true
				}
			}
		}
		return false
	})
	if !arrived {
		t.Fatalf("no message to %s arrived in Mailpit in 10 s", to)
	}
	return found
}

// String says where it runs.
func (s *Server) String() string { return fmt.Sprintf("mailpit smtp %s api %s", s.SMTPAddr, s.APIURL) }
