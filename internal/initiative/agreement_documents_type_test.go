package initiative

import "testing"

// TestServedType: a document is served as itself only when it is a kind of
// document people sign; anything a browser would run is served as bytes.
func TestServedType(t *testing.T) {
	for stored, want := range map[string]string{
		"application/pdf":                "application/pdf",
		"Application/PDF; name=x.pdf":    "application/pdf",
		"text/plain":                     "text/plain; charset=utf-8",
		"image/png":                      "image/png",
		"text/javascript":                "application/octet-stream",
		"application/javascript":         "application/octet-stream",
		"text/html; charset=utf-8":       "application/octet-stream",
		"image/svg+xml":                  "application/octet-stream",
		"application/xhtml+xml":          "application/octet-stream",
		"":                               "application/octet-stream",
		"not a type":                     "application/octet-stream",
		"application/octet-stream":       "application/octet-stream",
		"text/plain; charset=iso-8859-1": "text/plain; charset=iso-8859-1",
	} {
		if got := (&Document{ContentType: stored}).ServedType(); got != want {
			t.Errorf("ServedType(%q) = %q, want %q", stored, got, want)
		}
	}
}
