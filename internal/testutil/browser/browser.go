// Package browser drives a headless Chromium for Backbone's end-to-end tests.
//
// It is the one package that calls chromedp (pinned at v0.23.0, whose API is
// the generic Action[T] one introduced in v0.20; examples written for older
// versions do not apply). Tests use only the small API below, so a chromedp
// upgrade touches this file alone.
//
// A test starts one browser (one tab) and drives it:
//
//	b := browser.Start(t)
//	b.Go(srv.URL + "/login")
//	b.Fill(`input[name="email"]`, "admin@example.org")
//	b.Fill(`input[name="password"]`, "secret")
//	b.Submit(`button[type="submit"]`)
//	if !b.HasText("h1", "Organizations") { t.Fatal(...) }
//
// Every selector is a CSS selector (document.querySelector syntax). Every
// method fails the test (t.Fatalf, naming the selector and the page URL) when
// the browser cannot do what was asked within the timeout (10 s).
//
// Chromium is Debian's /usr/bin/chromium, or the file that BACKBONE_CHROMIUM
// names. Without it the test is skipped, unless BACKBONE_REQUIRE_BROWSER=1,
// which makes a missing browser a failure (CI sets it).
package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Timeout bounds every single browser operation (a navigation, a wait, a
// click, a read).
const Timeout = 10 * time.Second

// startTimeout bounds the start of the browser process and its first tab.
const startTimeout = 30 * time.Second

// Window size of the headless browser.
const (
	windowWidth  = 1280
	windowHeight = 900
)

// SkipMessage is what a test prints when it is skipped for lack of a browser.
const SkipMessage = "browser tests skipped: no chromium found (apt-get install chromium)"

// Browser is one headless Chromium with one tab. It is not safe for use by
// several goroutines at once.
type Browser struct {
	t   testing.TB
	ctx context.Context // the tab's context; it has no deadline

	outMu sync.Mutex
	out   *bytes.Buffer // the browser's stdout and stderr, for failure reports

	console *console // the page's errors, once WatchConsole has been called
}

// lockedWriter lets chromedp write the browser's output while a failing
// test reads it.
type lockedWriter struct{ b *Browser }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.b.outMu.Lock()
	defer w.b.outMu.Unlock()
	if w.b.out.Len() > 64<<10 { // keep the report short
		return len(p), nil
	}
	return w.b.out.Write(p)
}

func (b *Browser) output() string {
	b.outMu.Lock()
	defer b.outMu.Unlock()
	return strings.TrimSpace(b.out.String())
}

// findChromium returns the browser to run, or "" when there is none.
func findChromium() string {
	if p := os.Getenv("BACKBONE_CHROMIUM"); p != "" {
		if isExecutable(p) {
			return p
		}
		if full, err := exec.LookPath(p); err == nil {
			return full
		}
		return ""
	}
	if isExecutable("/usr/bin/chromium") {
		return "/usr/bin/chromium"
	}
	if full, err := exec.LookPath("chromium"); err == nil {
		return full
	}
	return ""
}

func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// Start starts a headless Chromium with a fresh profile and returns its
// single tab. The browser stops when the test ends. Without Chromium the test
// is skipped (or fails when BACKBONE_REQUIRE_BROWSER=1).
func Start(t testing.TB) *Browser {
	t.Helper()
	exe := findChromium()
	if exe == "" {
		if os.Getenv("BACKBONE_REQUIRE_BROWSER") == "1" {
			t.Fatalf("BACKBONE_REQUIRE_BROWSER=1 but no chromium found at /usr/bin/chromium or $BACKBONE_CHROMIUM (%q); apt-get install chromium", os.Getenv("BACKBONE_CHROMIUM"))
		}
		t.Skip(SkipMessage)
	}

	b := &Browser{t: t, out: new(bytes.Buffer)}
	profile := t.TempDir() // removed after the cleanup below has stopped the browser

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(windowWidth, windowHeight),
		chromedp.CombinedOutput(lockedWriter{b}),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	// chromedp logs protocol errors through these; route them to the test
	// while it runs, and drop them once it has finished.
	var doneMu sync.Mutex
	done := false
	logf := func(format string, args ...any) {
		doneMu.Lock()
		defer doneMu.Unlock()
		if !done {
			t.Logf("chromedp: "+format, args...)
		}
	}
	tabCtx, tabCancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(logf))
	b.ctx = tabCtx

	t.Cleanup(func() {
		doneMu.Lock()
		done = true
		doneMu.Unlock()
		cctx, cancel := context.WithTimeout(tabCtx, 5*time.Second)
		_ = chromedp.Cancel(cctx) // closes the browser gracefully, or kills it at the deadline
		cancel()
		tabCancel()
		allocCancel() // waits until the process has gone
	})

	// The first Do starts the browser and binds its life to tabCtx, which
	// has no deadline; bound the start from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(tabCtx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("browser: start %s: %v\n%s", exe, err, b.output())
		}
	case <-time.After(startTimeout):
		tabCancel()
		t.Fatalf("browser: %s did not start within %s\n%s", exe, startTimeout, b.output())
	}
	return b
}

// fail ends the test with what was being done, the selector and the URL.
func (b *Browser) fail(action, selector string, err error) {
	b.t.Helper()
	where := b.currentURL()
	if selector != "" {
		b.t.Fatalf("browser: %s %q on %s: %v", action, selector, where, err)
	}
	b.t.Fatalf("browser: %s on %s: %v", action, where, err)
}

// currentURL returns the page's URL for error messages, never failing.
func (b *Browser) currentURL() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(page URL unknown)"
	}
	return u
}

// do runs fn with a context bounded by Timeout, failing the test on error.
func (b *Browser) do(action, selector string, fn func(ctx context.Context) error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, Timeout)
	defer cancel()
	if err := fn(ctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("timed out after %s: %w", Timeout, err)
		}
		b.fail(action, selector, err)
	}
}

// waitDocument waits until the current document has a body and its
// readyState is "complete". Errors while a navigation swaps the document
// (the execution context goes away) are retried until ctx ends.
func waitDocument(ctx context.Context) error {
	var lastErr error
	for {
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`document.body !== null && document.readyState === "complete" ? "ready" : document.readyState`))
		if err == nil && state == "ready" {
			return nil
		}
		if err != nil {
			lastErr = err
		} else {
			lastErr = fmt.Errorf("document.readyState is %q", state)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("document not ready (%v): %w", lastErr, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// evalOn waits for the element, then runs a JavaScript function body with
// `el` bound to it and `v` to arg. The body returns a string result.
func evalOn(ctx context.Context, selector, arg, body string) (string, error) {
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(selector))); err != nil {
		return "", err
	}
	js := fmt.Sprintf(`(function(el, v) { if (!el) { throw new Error("no element matches"); } %s })(document.querySelector(%s), %s)`,
		body, jsString(selector), jsString(arg))
	return chromedp.Run(ctx, chromedp.Evaluate[string](js))
}

// Go opens url in the tab and waits for the page to be loaded.
func (b *Browser) Go(url string) {
	b.t.Helper()
	b.do("go to "+url, "", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			return err
		}
		return waitDocument(ctx)
	})
}

// fillJS clears the field and either leaves it focused for typing ("type")
// or sets the value directly ("set") for fields that typing does not suit.
const fillJS = `
	const tag = el.tagName;
	const typeable = ["text", "email", "password", "search", "tel", "url", "number", ""];
	if (tag === "SELECT") { throw new Error("element is a <select>; use Select"); }
	if (tag !== "INPUT" && tag !== "TEXTAREA") { throw new Error("element is a <" + tag.toLowerCase() + ">, not an input or textarea"); }
	if (el.disabled) { throw new Error("field is disabled"); }
	const type = tag === "INPUT" ? (el.getAttribute("type") || "").toLowerCase() : "";
	const visible = !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
	el.focus();
	el.value = "";
	el.dispatchEvent(new Event("input", {bubbles: true}));
	if (visible && !el.readOnly && typeable.includes(type) && !v.includes("\n")) { return "type"; }
	el.value = v;
	el.dispatchEvent(new Event("input", {bubbles: true}));
	el.dispatchEvent(new Event("change", {bubbles: true}));
	return "set";
`

// Fill clears an <input> or <textarea> and enters value: typed key by key
// for ordinary text fields, set directly (with input and change events) for
// dates, colours, hidden or read-only fields and multi-line values. It fails
// if the field does not end up holding value.
func (b *Browser) Fill(selector, value string) {
	b.t.Helper()
	b.do("fill", selector, func(ctx context.Context) error {
		mode, err := evalOn(ctx, selector, value, fillJS)
		if err != nil {
			return err
		}
		if mode == "type" && value != "" {
			if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(selector), value)); err != nil {
				return err
			}
			if _, err := evalOn(ctx, selector, "", `el.dispatchEvent(new Event("change", {bubbles: true})); return "";`); err != nil {
				return err
			}
		}
		got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(selector)))
		if err != nil {
			return err
		}
		if got != value {
			return fmt.Errorf("field holds %q after filling, want %q", got, value)
		}
		return nil
	})
}

// Upload puts the files at paths into a file <input>, as a person choosing
// them would.
func (b *Browser) Upload(selector string, paths ...string) {
	b.t.Helper()
	b.do("upload into", selector, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(selector), paths))
	})
}

// selectJS picks the option whose value (or, failing that, visible text) is v.
const selectJS = `
	if (el.tagName !== "SELECT") { throw new Error("element is a <" + el.tagName.toLowerCase() + ">, not a <select>"); }
	if (el.disabled) { throw new Error("select is disabled"); }
	const opts = Array.from(el.options);
	const opt = opts.find(o => o.value === v) || opts.find(o => o.text.trim() === v);
	if (!opt) { throw new Error("no option with value or text " + JSON.stringify(v) + "; options: " + JSON.stringify(opts.map(o => o.value))); }
	if (el.multiple) { opt.selected = true; } else { el.value = opt.value; }
	el.dispatchEvent(new Event("input", {bubbles: true}));
	el.dispatchEvent(new Event("change", {bubbles: true}));
	return opt.value;
`

// Select chooses, in a <select>, the option whose value is value (or, when
// no value matches, whose visible text is value), and fires input and change
// events. For a multiple select it adds the option to the selection.
func (b *Browser) Select(selector, value string) {
	b.t.Helper()
	b.do("select "+jsString(value)+" in", selector, func(ctx context.Context) error {
		_, err := evalOn(ctx, selector, value, selectJS)
		return err
	})
}

// checkJS ticks a checkbox or radio button with a real click (so change
// handlers run), when it is not ticked already.
const checkJS = `
	if (el.tagName !== "INPUT" || !["checkbox", "radio"].includes(el.type)) { throw new Error("element is not a checkbox or radio input"); }
	if (el.disabled) { throw new Error("input is disabled"); }
	if (!el.checked) { el.click(); }
	if (!el.checked) { throw new Error("input is still unchecked after a click"); }
	return "";
`

// Check ticks a checkbox (or radio button); it does nothing when it is
// ticked already.
func (b *Browser) Check(selector string) {
	b.t.Helper()
	b.do("check", selector, func(ctx context.Context) error {
		_, err := evalOn(ctx, selector, "", checkJS)
		return err
	})
}

// Click clicks the element with the mouse, once it is visible, then waits
// until the document is ready. It does not wait for a page that the click
// starts loading: use Submit for clicks that navigate.
func (b *Browser) Click(selector string) {
	b.t.Helper()
	b.do("click", selector, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
			return err
		}
		return waitDocument(ctx)
	})
}

// Submit clicks the element (a submit button or a link) and waits for the
// next page to load and its document to be ready. When the selector names a
// <form>, the form is submitted as if by its submit button
// (form.requestSubmit, so validation and submit handlers run). It fails if no
// page load follows within the timeout (an invalid form, say).
func (b *Browser) Submit(selector string) {
	b.t.Helper()
	b.do("submit", selector, func(ctx context.Context) error {
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(selector))); err != nil {
			return err
		}
		isForm, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
			fmt.Sprintf(`document.querySelector(%s).tagName === "FORM"`, jsString(selector))))
		if err != nil {
			return err
		}
		trigger := chromedp.Click(chromedp.CSS(selector))
		if isForm {
			trigger = chromedp.Evaluate[chromedp.Void](
				fmt.Sprintf(`document.querySelector(%s).requestSubmit()`, jsString(selector)))
		}
		if _, err := chromedp.RunResponse(ctx, trigger); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("no page load followed (form invalid or no navigation?): %w", err)
			}
			return err
		}
		return waitDocument(ctx)
	})
}

// Text returns the visible text (innerText, trimmed) of the first element
// that matches, waiting for it to appear. An element that is not rendered
// gives "".
func (b *Browser) Text(selector string) string {
	b.t.Helper()
	var text string
	b.do("read text of", selector, func(ctx context.Context) error {
		var err error
		text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
		return err
	})
	return strings.TrimSpace(text)
}

// Value returns the current value of the first form field that matches.
func (b *Browser) Value(selector string) string {
	b.t.Helper()
	var v string
	b.do("read value of", selector, func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Value(chromedp.CSS(selector)))
		return err
	})
	return v
}

// HasText reports whether the visible text of the first element that
// matches contains substr. It waits for the element to appear (and fails the
// test if it never does), then checks once.
func (b *Browser) HasText(selector, substr string) bool {
	b.t.Helper()
	return strings.Contains(b.Text(selector), substr)
}

// WaitVisible waits until the element is in the page and visible.
func (b *Browser) WaitVisible(selector string) {
	b.t.Helper()
	b.do("wait for visible", selector, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(selector)))
	})
}

// URL returns the URL of the current page.
func (b *Browser) URL() string {
	b.t.Helper()
	var u string
	b.do("read URL", "", func(ctx context.Context) error {
		var err error
		u, err = chromedp.Run(ctx, chromedp.Location())
		return err
	})
	return u
}

// Title returns the title of the current page.
func (b *Browser) Title() string {
	b.t.Helper()
	var title string
	b.do("read title", "", func(ctx context.Context) error {
		var err error
		title, err = chromedp.Run(ctx, chromedp.Title())
		return err
	})
	return title
}

// Screenshot writes a PNG of the whole page (not only the window) to path,
// creating its directory.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	b.do("screenshot to "+path, "", func(ctx context.Context) error {
		m, err := chromedp.Call(ctx, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return err
		}
		// The whole document, and at least the window.
		w, h := float64(windowWidth), float64(windowHeight)
		if v := m.CSSLayoutViewport; v != nil && v.ClientWidth > 0 && v.ClientHeight > 0 {
			w, h = float64(v.ClientWidth), float64(v.ClientHeight)
		}
		if s := m.CSSContentSize; s != nil {
			w, h = max(w, s.Width), max(h, s.Height)
		}
		shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:                page.CaptureScreenshotFormatPng,
			Clip:                  &page.Viewport{X: 0, Y: 0, Width: w, Height: h, Scale: 1},
			CaptureBeyondViewport: new(true),
			FromSurface:           new(true),
		})
		if err != nil {
			return err
		}
		if len(shot.Data) == 0 {
			return errors.New("browser returned an empty image")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, shot.Data, 0o644)
	})
}

// Eval runs a JavaScript expression in the page (awaiting it when it gives
// a promise) and decodes its JSON value into out, which may be nil to ignore
// it. A thrown exception fails the test.
func (b *Browser) Eval(js string, out any) {
	b.t.Helper()
	b.do("eval "+js, "", func(ctx context.Context) error {
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
		if err != nil {
			return err
		}
		if out == nil {
			return nil
		}
		if len(raw) == 0 {
			return fmt.Errorf("expression gave undefined (or a value that is not JSON), cannot decode into %T", out)
		}
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("decode result %s into %T: %w", raw, out, err)
		}
		return nil
	})
}

// Exists reports whether an element matches the selector right now, without
// waiting.
func (b *Browser) Exists(selector string) bool {
	b.t.Helper()
	var ok bool
	b.do("look for", selector, func(ctx context.Context) error {
		var err error
		ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](
			fmt.Sprintf(`document.querySelector(%s) !== null`, jsString(selector))))
		return err
	})
	return ok
}

// SetWidth makes the page as wide as a screen of width CSS pixels (390 for
// a phone), the window's height kept, until ResetWidth.
func (b *Browser) SetWidth(width int64) {
	b.t.Helper()
	b.Resize(int(width), windowHeight)
}

// ResetWidth gives the page the window's own width again.
func (b *Browser) ResetWidth() {
	b.t.Helper()
	b.Resize(windowWidth, windowHeight)
}
