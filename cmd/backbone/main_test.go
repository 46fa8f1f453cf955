package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"backbone/internal/account"
)

// runCLI runs a command in-process and returns its exit status and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, passwordCost: account.TestPasswordCost}, args)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{}, "Usage:"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--nope"}, "flag provided but not defined: -nope"},
		{[]string{"serve", "--db", "mysql://x/y"}, `unsupported scheme "mysql"`},
		{[]string{"serve", "--db", "postgres:///nohost"}, "has no host"},
		{[]string{"serve", "--log-format", "xml", "--db", db}, "--log-format"},
		{[]string{"user"}, "which one?"},
		{[]string{"user", "rename"}, `unknown subcommand "rename"`},
		{[]string{"user", "add", "--db", db, "--email", "x@example.org"}, "--email and --name are required"},
		{[]string{"user", "add", "--db", db, "--email", "bad", "--name", "B", "--password-stdin"}, "--email must be an email address"},
		{[]string{"token", "create", "--db", db, "--email", "a@example.org", "--name", "n", "--expires", "soon"}, "--expires"},
		{[]string{"token", "revoke", "--db", db}, "--id is required"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, "long enough password\n", c.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", c.args, code, stderr)
		}
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%v: stderr %q lacks %q", c.args, stderr, c.want)
		}
		if c.want != "Usage:" && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: more than one line: %q", c.args, stderr)
		}
	}
}

func TestHelp(t *testing.T) {
	all := [][]string{{"--help"}, {"user", "add", "--help"}, {"migrate", "-h"}, {"version"}}
	for _, c := range commands {
		if c.name != "version" {
			all = append(all, []string{c.name, "--help"})
		}
	}
	for _, args := range all {
		code, out, stderr := runCLI(t, "", args...)
		if code != 0 || out == "" || stderr != "" {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q", args, code, len(out), stderr)
		}
		if n := strings.Count(out, "Usage:"); args[0] != "version" && n != 1 {
			t.Errorf("%v: the help is printed %d times:\n%s", args, n, out)
		}
	}
	_, out, _ := runCLI(t, "", "--help")
	for _, c := range []string{"import hsds", "import ties", "import measurements", "export hsds"} {
		if !strings.Contains(out, " "+c+" ") {
			t.Errorf("backbone --help does not list %q:\n%s", c, out)
		}
	}
}

func TestUsersAndTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	code, out, stderr := runCLI(t, "correct horse battery\n", "user", "add", "--db", db, "--email", "Ana@Example.org", "--name", "Ana Ruiz", "--role", "admin", "--password-stdin")
	if code != 0 || !strings.Contains(out, "Added ana@example.org") {
		t.Fatalf("add: %d %q %q", code, out, stderr)
	}
	code, out, _ = runCLI(t, "", "user", "add", "--db", db, "--email", "bo@example.org", "--name", "Bo")
	if code != 0 || !regexp.MustCompile(`Password \(shown once.*\): \S{16}`).MatchString(out) {
		t.Fatalf("add with a made-up password: %d %q", code, out)
	}
	if code, _, stderr := runCLI(t, "", "user", "add", "--db", db, "--email", "ana@example.org", "--name", "Again"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Fatalf("duplicate: %d %q", code, stderr)
	}
	code, out, _ = runCLI(t, "", "user", "list", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(out, `"email": "ana@example.org"`) || !strings.Contains(out, `"role": "admin"`) {
		t.Fatalf("list: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, "another long password\n", "user", "passwd", "--db", db, "--email", "bo@example.org", "--password-stdin"); code != 0 || !strings.Contains(out, "changed") {
		t.Fatalf("passwd: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "", "token", "create", "--db", db, "--email", "ana@example.org", "--name", "211 sync", "--expires", "90d")
	secret := regexp.MustCompile(`bb_\S+`).FindString(out)
	if code != 0 || secret == "" {
		t.Fatalf("token create: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "", "token", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "211 sync") || strings.Contains(out, secret) {
		t.Fatalf("token list: %d %q", code, out)
	}
	if code, _, _ := runCLI(t, "", "token", "revoke", "--db", db, "--id", "1"); code != 0 {
		t.Fatalf("revoke: %d", code)
	}
	if code, _, stderr := runCLI(t, "", "token", "revoke", "--db", db, "--id", "1"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Fatalf("revoke again: %d %q", code, stderr)
	}
	if code, out, _ := runCLI(t, "", "user", "disable", "--db", db, "--email", "bo@example.org"); code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("disable: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, "", "migrate", "--db", db); code != 0 || !strings.Contains(out, "latest") {
		t.Fatalf("migrate: %d %q", code, out)
	}
}

// syncBuffer is a bytes.Buffer safe to read while the server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeDemo starts serve --demo twice on one database: the first start
// loads the demo, the second keeps the data and does not load it again.
func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	for round := 1; round <= 2; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		out := &syncBuffer{}
		done := make(chan int)
		go func() {
			done <- run(ctx, env{stdin: strings.NewReader(""), stdout: out, stderr: io.Discard}, []string{"serve", "--demo", "--db", db, "--addr", "127.0.0.1:0"})
		}()
		url := ""
		for deadline := time.Now().Add(60 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			sc := bufio.NewScanner(strings.NewReader(out.String()))
			for sc.Scan() {
				if m := regexp.MustCompile(`running at (http://\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
					url = m[1]
				}
			}
		}
		if url == "" {
			cancel()
			t.Fatalf("round %d: server did not start: %q", round, out.String())
		}
		res, err := http.Get(url + "/readyz")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("round %d: readyz: %v %v", round, err, res)
		}
		res.Body.Close()
		res, err = http.Get(url + "/login")
		if err != nil {
			t.Fatal(err)
		}
		login, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(login), "This is a demo. Sign in as admin@example.org") {
			t.Errorf("round %d: the sign-in page does not show the demo sign-ins", round)
		}
		text := out.String()
		if round == 1 && !strings.Contains(text, "Loading the demo community") {
			t.Errorf("first start did not load the demo: %q", text)
		}
		if round == 2 && (strings.Contains(text, "Loading the demo") || !strings.Contains(text, "already loaded")) {
			t.Errorf("second start: %q", text)
		}
		if !strings.Contains(text, "admin@example.org") || !strings.Contains(text, "backbone-demo") {
			t.Errorf("no demo login printed: %q", text)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("round %d: serve exited %d", round, code)
		}
	}
}

func TestInitiativeList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if code, _, stderr := runCLI(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	code, out, _ := runCLI(t, "", "initiative", "list", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(out, `"name": "Aging Well in San Mateo County"`) || !strings.Contains(out, `"members": 8`) || !strings.Contains(out, `"status": "active"`) {
		t.Fatalf("json: %d %s", code, out)
	}
	code, out, _ = runCLI(t, "", "initiative", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "Aging Well in San Mateo County") || !strings.HasPrefix(out, "ID") {
		t.Fatalf("table: %d %s", code, out)
	}
	if code, _, stderr := runCLI(t, "", "initiative", "list", "--db", db, "--format", "xml"); code != 2 || !strings.Contains(stderr, "--format") {
		t.Fatalf("bad format: %d %s", code, stderr)
	}
}

// TestSettingsAndTemporaryPasswords: an administrator scripts who may start
// an initiative, and adds a person whose password is temporary.
func TestSettingsAndTemporaryPasswords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	code, out, stderr := runCLI(t, "", "settings", "get", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(out, `"initiative_starters": "stewards"`) {
		t.Fatalf("get: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "", "settings", "set", "--db", db, "--initiative-starters", "everyone"); code != 2 ||
		!strings.Contains(stderr, "--initiative-starters must be stewards or stewards_and_organization_admins") {
		t.Fatalf("a wrong value: %d %q", code, stderr)
	}
	code, out, _ = runCLI(t, "", "settings", "set", "--db", db, "--initiative-starters", "stewards_and_organization_admins")
	if code != 0 || !strings.Contains(out, "initiative-starters  stewards_and_organization_admins") {
		t.Fatalf("set: %d %q", code, out)
	}

	code, out, _ = runCLI(t, "", "user", "add", "--db", db, "--email", "cy@example.org", "--name", "Cy", "--must-change-password")
	if code != 0 || !regexp.MustCompile(`Temporary password \(shown once.*\): \S{16}`).MatchString(out) {
		t.Fatalf("add with a temporary password: %d %q", code, out)
	}
	code, out, _ = runCLI(t, "long enough pw 1\n", "user", "passwd", "--db", db, "--email", "cy@example.org", "--temporary", "--password-stdin")
	if code != 0 || !strings.Contains(out, "Temporary password of cy@example.org set") {
		t.Fatalf("passwd --temporary: %d %q", code, out)
	}
}
