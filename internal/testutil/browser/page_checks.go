package browser

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// console holds what the page reported as going wrong (scripts' uncaught
// exceptions, console.error calls, resources that failed to load, content
// security policy refusals) since it was last read.
type console struct {
	mu       sync.Mutex
	problems []string
}

func (c *console) add(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.problems) < 100 {
		c.problems = append(c.problems, s)
	}
}

func (c *console) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.problems
	c.problems = nil
	return out
}

// WatchConsole starts collecting the page's errors: uncaught exceptions,
// console.error, failed resource loads and refused scripts or styles, as the
// browser's developer console shows them in red. ConsoleErrors reads them.
func (b *Browser) WatchConsole() {
	b.t.Helper()
	if b.console != nil {
		return
	}
	c := &console{}
	b.console = c
	err := chromedp.Listen(b.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text += " " + d.Exception.Description
			}
			c.add(fmt.Sprintf("exception: %s (%s:%d)", text, d.URL, d.LineNumber+1))
		case *runtime.EventConsoleAPICalled:
			if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
				return
			}
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, strings.Trim(string(a.Value), `"`))
				}
			}
			c.add("console." + string(ev.Type) + ": " + strings.Join(parts, " "))
		case *log.EventEntryAdded:
			if e := ev.Entry; e.Level == log.EntryLevelError {
				c.add(fmt.Sprintf("%s: %s %s", e.Source, e.Text, e.URL))
			}
		}
	})
	if err != nil {
		b.fail("watch the console", "", err)
	}
}

// ConsoleErrors returns the errors the page reported since the last call
// (WatchConsole must have been called), and forgets them.
func (b *Browser) ConsoleErrors() []string {
	b.t.Helper()
	if b.console == nil {
		b.t.Fatal("browser: ConsoleErrors without WatchConsole")
	}
	return b.console.take()
}

// Resize makes the page's window width × height CSS pixels, as a phone's or
// a laptop's screen, and lays the page out anew.
func (b *Browser) Resize(width, height int) {
	b.t.Helper()
	b.do(fmt.Sprintf("resize to %d×%d", width, height), "", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(width), Height: int64(height), DeviceScaleFactor: 1,
		})
		return err
	})
}

// Visit opens url like Go and returns the HTTP status of the page. A link
// that downloads a file (the browser loads no page) gives 0, and the tab
// stays on the page it was on.
func (b *Browser) Visit(url string) int {
	b.t.Helper()
	status := 0
	b.do("visit "+url, "", func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
		var le *chromedp.LoadError
		if errors.As(err, &le) && le.ErrorText == "net::ERR_ABORTED" {
			return nil // a download
		}
		if err != nil {
			return err
		}
		if resp != nil {
			status = int(resp.Status)
		}
		return waitDocument(ctx)
	})
	return status
}
