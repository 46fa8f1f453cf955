package mail_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"backbone/internal/mail"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// stallingProxy listens on a port: its first stall connections are taken
// and never answered (a mail server that hangs before its greeting); the
// later ones are passed through to the server at target.
func stallingProxy(t *testing.T, target string, stall int32) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var seen atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if seen.Add(1) <= stall {
				t.Cleanup(func() { c.Close() })
				continue // hold it open, say nothing
			}
			go func() {
				defer c.Close()
				up, err := net.Dial("tcp", target)
				if err != nil {
					return
				}
				defer up.Close()
				go func() { _, _ = io.Copy(up, c) }()
				_, _ = io.Copy(c, up)
			}()
		}
	}()
	return ln.Addr().String()
}

// TestSlowMailServer: a mail server that accepts the connection and then
// says nothing makes the try time out; the message stays queued with the
// reason, and is sent once when the server answers again.
func TestSlowMailServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := storetest.Clock(t, db)
		f, fakeURL := startFake(t, func(int) error { return nil })
		u, err := url.Parse(fakeURL)
		if err != nil {
			t.Fatal(err)
		}
		addr := stallingProxy(t, u.Host, 1)
		o := newOutbox(t, db, "smtp://"+addr+"?tls=none")
		id, err := o.SendTest(ctx, admin, "dora@example.org")
		if err != nil {
			t.Fatal(err)
		}
		w := newWorker(o)
		// The worker's time limit for one message, shortened for the test.
		w.Deliver = func(ctx context.Context, srv mail.Server, from, to string, raw []byte) error {
			ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			defer cancel()
			return mail.Deliver(ctx, srv, from, to, raw)
		}
		if n, err := w.RunOnce(ctx); n != 1 || err != nil {
			t.Fatalf("RunOnce = %d, %v", n, err)
		}
		e := entry(t, o, id)
		if e.Status != mail.StatusQueued || e.Attempts != 1 || !strings.Contains(e.LastError, "timeout") {
			t.Fatalf("after the server hung: %+v", e)
		}
		clk.Advance(2 * time.Minute)
		if n, err := w.RunOnce(ctx); n != 1 || err != nil {
			t.Fatalf("retry: %d, %v", n, err)
		}
		if e := entry(t, o, id); e.Status != mail.StatusSent || e.Attempts != 2 {
			t.Fatalf("after the retry: %+v", e)
		}
		if _, got := f.count(); got != 1 {
			t.Fatalf("the server took %d messages, want 1", got)
		}
	})
}
