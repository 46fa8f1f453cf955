package browser

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ScreenshotWindow writes a PNG of what the window shows (not the whole
// page) to path, creating its directory: a picture for the user guide,
// the size of a screen.
func (b *Browser) ScreenshotWindow(path string) {
	b.t.Helper()
	b.do("screenshot the window to "+path, "", func(ctx context.Context) error {
		shot, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format: page.CaptureScreenshotFormatPng,
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
