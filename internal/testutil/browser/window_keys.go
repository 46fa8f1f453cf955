package browser

import (
	"context"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// SetWindowSize makes the page see a window of width by height CSS pixels
// (a phone's 390 px, a laptop's 1366), until it is set again. Pages keep
// their zoom at 1, so a page that is too wide scrolls sideways, as it would
// on the device.
func (b *Browser) SetWindowSize(width, height int) {
	b.t.Helper()
	b.do("set the window size", "", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(width), Height: int64(height), DeviceScaleFactor: 1,
		})
		return err
	})
}

// Press sends one key to the element that has the focus, as a person
// pressing it: "\r" is Enter, "\u001b" Escape (chromedp's kb package
// names the others).
func (b *Browser) Press(key string) {
	b.t.Helper()
	b.do("press a key", "", func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.KeyEvent(key))
		return err
	})
}
