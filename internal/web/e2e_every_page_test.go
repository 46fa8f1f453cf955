package web_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"backbone/internal/demo"
	"backbone/internal/testutil/browser"
)

// The two screens every page must suit: a laptop and a phone.
const (
	desktopWidth, desktopHeight = 1366, 768
	phoneWidth, phoneHeight     = 390, 844
)

// Bounds of the crawl, per person: how many pages, and how many links away
// from the navigation.
const (
	crawlMaxPages = 90
	crawlMaxDepth = 3
)

// rawUUID is an identifier a person should never have to read.
var rawUUID = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)

// downloadSuffixes are links to files, not pages.
var downloadSuffixes = []string{".csv", ".pdf", ".svg", ".zip", ".xlsx", ".json", ".ics", ".png"}

// pageCheck is what the browser measures on a page.
type pageCheck struct {
	Text         string   `json:"text"`
	ScrollWidth  int      `json:"scrollWidth"`
	ClientWidth  int      `json:"clientWidth"`
	Wide         []string `json:"wide"`
	HeaderRows   int      `json:"headerRows"`
	HeaderHeight int      `json:"headerHeight"`
	Misaligned   []string `json:"misaligned"`
	Links        []string `json:"links"`
}

// measureJS measures the page: its visible text, how wide it is against
// the window (and which elements stick out), how many rows the header's
// items take, and the addresses it links to.
const measureJS = `(() => {
  const doc = document.documentElement;
  const vw = doc.clientWidth;
  const wide = [];
  if (doc.scrollWidth > vw) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 && r.width > 0) {
        const parentSticks = el.parentElement && el.parentElement.getBoundingClientRect().right > vw + 1;
        if (!parentSticks || wide.length === 0) {
          let name = el.tagName.toLowerCase();
          if (el.id) { name += "#" + el.id; }
          if (el.classList.length) { name += "." + Array.from(el.classList).join("."); }
          wide.push(name + " (right " + Math.round(r.right) + ")");
        }
        if (wide.length >= 5) { break; }
      }
    }
  }
  const tops = [];
  const items = [document.querySelector(".top .brand"), ...document.querySelectorAll(".top nav li"),
	document.querySelector(".top .who")];
  for (const el of items) {
    if (!el) { continue; }
    const r = el.getBoundingClientRect();
    if (r.height === 0) { continue; }
    if (!tops.some(t => Math.abs(t - r.top) < r.height / 2)) { tops.push(r.top); }
  }
  const misaligned = [];
  const hidden = cells => Array.from(cells).map(c => getComputedStyle(c).display === "none");
  for (const table of document.querySelectorAll("table.list")) {
    const head = table.querySelector("thead tr:last-child");
    if (!head) { continue; }
    const want = hidden(head.cells).join();
    for (const row of table.querySelectorAll("tbody tr")) {
      if (row.cells.length === head.cells.length && hidden(row.cells).join() !== want) {
        misaligned.push((table.id || "table") + ": " + row.cells[0].innerText.slice(0, 40));
        break;
      }
    }
  }
  const header = document.querySelector("header.top");
  return {
    text: document.body.innerText,
    scrollWidth: doc.scrollWidth,
    clientWidth: vw,
    wide: wide,
    headerRows: tops.length,
    misaligned: misaligned,
    headerHeight: header ? Math.round(header.getBoundingClientRect().height) : 0,
    links: Array.from(document.querySelectorAll("a[href]:not([download])")).map(a => new URL(a.getAttribute("href"),
	location.href).href),
  };
})()`

// crawlPage is an address to visit, and how many links it is from the
// navigation.
type crawlPage struct {
	url   string
	depth int
}

// TestBrowserEveryPage signs in as each of the demo's people and visits
// every page the navigation leads to (its links, and the pages linked from
// those, breadth-first, one page of each kind), on a laptop's screen and on
// a phone's. A page fails when the server errs (or a link leads to a page
// not found or not allowed), when it shows a raw identifier, when it
// scrolls sideways, when a table hides a column in its head and not in its
// rows, when the browser reports an error (a script's exception, a
// resource that did not load), or, on the laptop, when the header takes
// more than one row. With BACKBONE_PAGE_SHOTS=dir it writes a picture of
// each page at each width into dir, for a person to look at.
func TestBrowserEveryPage(t *testing.T) {
	f := newDemoFixture(t)
	b := browser.Start(t)
	b.WatchConsole()
	shots := os.Getenv("BACKBONE_PAGE_SHOTS")

	origin, err := url.Parse(f.a.URL)
	if err != nil {
		t.Fatal(err)
	}
	// The sign-in page, the one page everyone sees first.
	for _, w := range [][2]int{{desktopWidth, desktopHeight}, {phoneWidth, phoneHeight}} {
		b.Resize(w[0], w[1])
		if status := b.Visit(f.a.URL + "/login"); status != 200 {
			t.Errorf("/login: the server answered %d", status)
		}
		var c pageCheck
		b.Eval(measureJS, &c)
		checkPage(t, fmt.Sprintf("/login at %d px", w[0]), c)
		if shots != "" {
			b.Screenshot(filepath.Join(shots, fmt.Sprintf("login-%d.png", w[0])))
		}
	}
	for _, e := range b.ConsoleErrors() {
		t.Errorf("/login: the browser reports %s", e)
	}

	total := 0
	for _, email := range []string{"admin@example.org", "steward@example.org", "coordinator@example.org",
		"partner@example.org"} {
		role := strings.TrimSuffix(email, "@example.org")
		b.Resize(desktopWidth, desktopHeight)
		b.Go(f.a.URL + "/")
		if b.Exists("form[action='/logout'] button") {
			b.Submit("form[action='/logout'] button")
		}
		b.Go(f.a.URL + "/login")
		b.Fill("#email", email)
		b.Fill("#password", demo.Password)
		b.Submit("form[action='/login'] button[type=submit]")
		if strings.Contains(b.URL(), "/login") {
			t.Fatalf("sign in as %s failed: %q", email, b.Text("main"))
		}
		var nav []string
		b.Eval(`Array.from(document.querySelectorAll("header.top a[href]")).map(a => a.href)`, &nav)
		b.ConsoleErrors()

		queue := []crawlPage{{url: f.a.URL + "/"}}
		for _, u := range nav {
			queue = append(queue, crawlPage{url: u})
		}
		seen := map[string]bool{}
		visited := 0
		for len(queue) > 0 && visited < crawlMaxPages {
			p := queue[0]
			queue = queue[1:]
			key, ok := pageKind(origin, p.url)
			if !ok || seen[key] {
				continue
			}
			seen[key] = true

			b.Resize(desktopWidth, desktopHeight)
			status := b.Visit(p.url)
			if status == 0 {
				b.ConsoleErrors() // a download; the tab stayed where it was
				continue
			}
			visited++
			where := role + " " + strings.TrimPrefix(p.url, f.a.URL)
			switch {
			case status >= 500:
				t.Errorf("%s: the server answered %d", where, status)
			case status >= 400: // a link to a page that is not there, or not for this person
				t.Errorf("%s: a link leads to a page that answers %d", where, status)
			}
			var desk pageCheck
			b.Eval(measureJS, &desk)
			checkPage(t, where+" at 1366 px", desk)
			if desk.HeaderRows > 1 {
				t.Errorf(
					"%s at 1366 px: the header takes %d rows (%d px tall)",
					where,
					desk.HeaderRows,
					desk.HeaderHeight,
				)
			}
			if shots != "" {
				b.ScreenshotWindow(filepath.Join(shots, shotName(role, key, desktopWidth)))
			}

			b.Resize(phoneWidth, phoneHeight)
			var phone pageCheck
			b.Eval(measureJS, &phone)
			checkPage(t, where+" at 390 px", phone)
			if shots != "" {
				b.Screenshot(filepath.Join(shots, shotName(role, key, phoneWidth)))
			}
			for _, e := range b.ConsoleErrors() {
				t.Errorf("%s: the browser reports %s", where, e)
			}

			if p.depth < crawlMaxDepth {
				for _, u := range desk.Links {
					queue = append(queue, crawlPage{url: u, depth: p.depth + 1})
				}
			}
		}
		t.Logf("%s: %d pages", role, visited)
		total += visited
	}
	t.Logf("%d pages at two widths", total)
}

// checkPage reports a raw identifier in a page's text and a page wider than
// the window.
func checkPage(t *testing.T, where string, c pageCheck) {
	t.Helper()
	if id := rawUUID.FindString(c.Text); id != "" {
		i := strings.Index(c.Text, id)
		context := c.Text[max(0, i-60):min(len(c.Text), i+len(id)+20)]
		t.Errorf("%s: a raw identifier is shown: %q", where, strings.Join(strings.Fields(context), " "))
	}
	for _, m := range c.Misaligned {
		t.Errorf("%s: a table hides a column in its head but not in its rows (or the reverse): %s", where, m)
	}
	if c.ScrollWidth > c.ClientWidth {
		t.Errorf("%s: the page scrolls sideways (%d px wide in a %d px window); sticking out: %s",
			where, c.ScrollWidth, c.ClientWidth, strings.Join(c.Wide, ", "))
	}
}

// pageKind says which kind of page an address is (its path with
// identifiers and numbers replaced, and the names of its query's fields),
// so the crawl visits one organization rather than all of them; ok is false
// for addresses it does not visit: other sites, files, signing out.
func pageKind(origin *url.URL, raw string) (key string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != origin.Scheme || u.Host != origin.Host {
		return "", false
	}
	path := u.Path
	if path == "/logout" || path == "/login" || strings.HasPrefix(path, "/static/") {
		return "", false
	}
	for _, s := range downloadSuffixes {
		if strings.HasSuffix(path, s) {
			return "", false
		}
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		switch {
		case rawUUID.MatchString(s):
			segs[i] = "{id}"
		case s != "" && strings.Trim(s, "0123456789") == "":
			segs[i] = "{n}"
		case len(s) >= 20 && !strings.Contains(s, "."):
			segs[i] = "{token}"
		}
	}
	var fields []string
	for k := range u.Query() {
		fields = append(fields, k)
	}
	slices.Sort(fields)
	key = strings.Join(segs, "/")
	if len(fields) > 0 {
		key += "?" + strings.Join(fields, "&")
	}
	return key, true
}

// shotName is the file a page's picture is written to.
func shotName(role, kind string, width int) string {
	name := strings.Trim(regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(kind, "-"), "-")
	if name == "" {
		name = "home"
	}
	return fmt.Sprintf("%s-%s-%d.png", role, name, width)
}

// TestPageKind: the crawl's idea of which addresses are the same kind of
// page, and which it leaves alone.
func TestPageKind(t *testing.T) {
	origin, _ := url.Parse("http://127.0.0.1:8080")
	for _, c := range []struct {
		raw, want string
		ok        bool
	}{
		{"http://127.0.0.1:8080/", "/", true},
		{"http://127.0.0.1:8080/organizations/d9aaf2f8-dd91-42b4-8fbe-f401b34bb8e0", "/organizations/{id}", true},
		{"http://127.0.0.1:8080/initiatives/12/goals/3#chart", "/initiatives/{n}/goals/{n}", true},
		{"http://127.0.0.1:8080/network/analysis?sort=trust&initiative=1", "/network/analysis?initiative&sort", true},
		{"http://127.0.0.1:8080/survey/Zk3c9QmVb2LpXw7RtYu1Aa", "/survey/{token}", true},
		{"http://127.0.0.1:8080/initiatives/1/dashboard.csv", "", false},
		{"http://127.0.0.1:8080/guide.pdf", "", false},
		{"http://127.0.0.1:8080/logout", "", false},
		{"http://127.0.0.1:8080/static/style.css", "", false},
		{"https://openreferral.org/", "", false},
		{"mailto:info@example.org", "", false},
	} {
		got, ok := pageKind(origin, c.raw)
		if got != c.want || ok != c.ok {
			t.Errorf("pageKind(%q) = %q, %v; want %q, %v", c.raw, got, ok, c.want, c.ok)
		}
	}
}
