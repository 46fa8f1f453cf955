package browser_test

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"backbone/internal/testutil/browser"
)

const formPage = `<!doctype html>
<html><head><title>Form</title></head>
<body>
<h1>Sign up</h1>
<form method="post" action="/result">
  <label>Name <input id="name" name="name" type="text" value="placeholder"></label>
  <label>Notes <textarea id="notes" name="notes"></textarea></label>
  <label>Colour <select id="colour" name="colour">
    <option value="r">Red</option>
    <option value="g">Green</option>
  </select></label>
  <label><input id="agree" name="agree" type="checkbox" value="yes"> Agree</label>
  <button id="go" type="submit">Send</button>
</form>
<p><button id="reveal" type="button" onclick="document.getElementById('later').hidden = false">Reveal</button></p>
<p id="later" hidden>Now you see me</p>
</body></html>`

func newServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /form", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, formPage)
	})
	mux.HandleFunc("POST /result", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		// Post/redirect/get, as the application does.
		q := r.PostForm.Encode()
		http.Redirect(w, r, "/done?"+q, http.StatusSeeOther)
	})
	mux.HandleFunc("GET /done", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var body strings.Builder
		for i := range 200 { // make the page taller than the window
			fmt.Fprintf(&body, "<p>line %d</p>\n", i)
		}
		fmt.Fprintf(w, `<!doctype html><html><head><title>Done</title></head><body>
<p id="result">Hello %s; colour=%s; agree=%s; notes=%s</p>%s</body></html>`,
			html.EscapeString(q.Get("name")), html.EscapeString(q.Get("colour")),
			html.EscapeString(q.Get("agree")), html.EscapeString(q.Get("notes")), body.String())
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestBrowserDrivesForm(t *testing.T) {
	srv := newServer(t)
	b := browser.Start(t)

	b.Go(srv.URL + "/form")
	if got := b.Title(); got != "Form" {
		t.Fatalf("Title = %q, want Form", got)
	}
	if !b.HasText("h1", "Sign up") {
		t.Fatalf("h1 = %q", b.Text("h1"))
	}
	if b.Exists("#later:not([hidden])") {
		t.Fatal("#later visible before the click")
	}
	b.Click("#reveal")
	b.WaitVisible("#later")
	if got := b.Text("#later"); got != "Now you see me" {
		t.Fatalf("Text(#later) = %q", got)
	}

	b.Fill("#name", "Ada Lovelace") // replaces the pre-filled value
	b.Fill("#notes", "two\nlines")
	b.Select("#colour", "Green") // by visible text
	b.Check("#agree")
	b.Check("#agree") // already ticked: stays ticked

	var name string
	b.Eval(`document.querySelector("#name").value`, &name)
	if name != "Ada Lovelace" {
		t.Fatalf("name field = %q", name)
	}

	b.Submit("#go")

	if u := b.URL(); !strings.HasPrefix(u, srv.URL+"/done?") {
		t.Fatalf("URL after submit = %q", u)
	}
	want := "Hello Ada Lovelace; colour=g; agree=yes; notes=two lines" // HTML collapses the CRLF
	if got := b.Text("#result"); got != want {
		t.Fatalf("result = %q, want %q", got, want)
	}
	if !b.Exists("#result") || b.Exists("#nope") {
		t.Fatal("Exists gives wrong answers")
	}

	var sum int
	b.Eval(`Promise.resolve(20 + 22)`, &sum)
	if sum != 42 {
		t.Fatalf("Eval = %d, want 42", sum)
	}

	shot := filepath.Join(t.TempDir(), "shots", "done.png")
	b.Screenshot(shot)
	img, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("screenshot is not a PNG (%d bytes)", len(img))
	}
	// Full page: taller than the 900 px window.
	if h := pngHeight(img); h <= 900 {
		t.Fatalf("screenshot height %d, want the full page (> 900)", h)
	}

	// Submitting the form element itself, and a second page load in the same tab.
	b.Go(srv.URL + "/form")
	b.Fill("#name", "Grace")
	b.Submit("form")
	if !b.HasText("#result", "Hello Grace;") {
		t.Fatalf("result = %q", b.Text("#result"))
	}
}

// pngHeight reads the height from a PNG's IHDR chunk.
func pngHeight(img []byte) int {
	if len(img) < 24 {
		return 0
	}
	return int(img[20])<<24 | int(img[21])<<16 | int(img[22])<<8 | int(img[23])
}

// TestStartWithoutChromium checks that a missing browser skips the test
// rather than failing it (unless BACKBONE_REQUIRE_BROWSER=1).
func TestStartWithoutChromium(t *testing.T) {
	t.Setenv("BACKBONE_CHROMIUM", filepath.Join(t.TempDir(), "no-such-chromium"))
	t.Setenv("BACKBONE_REQUIRE_BROWSER", "")
	var skipped bool
	t.Run("inner", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		browser.Start(t)
		t.Error("Start returned without a browser")
	})
	if !skipped {
		t.Fatal("Start did not skip without chromium")
	}
}
