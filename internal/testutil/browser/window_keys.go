package browser

import (
	"context"

	"github.com/chromedp/chromedp"
)

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
