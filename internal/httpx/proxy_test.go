package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"backbone/internal/httpx"
)

// TestTrustProxies: the forwarding headers are believed from a trusted
// proxy only, and only their last untrusted hop.
func TestTrustProxies(t *testing.T) {
	ps, err := httpx.ParseProxies("127.0.0.1, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := httpx.ParseProxies("10.0.0.0/33"); err == nil {
		t.Fatal("a bad network accepted")
	}
	var ip string
	var secure bool
	var url string
	h := ps.TrustProxies(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, secure, url = httpx.ClientIP(r), httpx.Secure(r), httpx.SiteURL(r)
	}))
	for _, c := range []struct {
		peer, forwardedFor, proto string
		ip                        string
		secure                    bool
	}{
		// Through the proxy: the client it names, over TLS.
		{"127.0.0.1:5000", "203.0.113.9", "https", "203.0.113.9", true},
		// A client's own header before the proxy's: the proxy's word.
		{"10.1.2.3:5000", "198.51.100.1, 203.0.113.9, 10.0.0.7", "http, https", "203.0.113.9", true},
		// Not through a trusted proxy: the headers are anyone's.
		{"203.0.113.50:5000", "127.0.0.1", "https", "203.0.113.50", false},
		// A trusted proxy without the headers is the client.
		{"127.0.0.1:5000", "", "", "127.0.0.1", false},
		// A hop that is no address: nothing before it is believed.
		{"127.0.0.1:5000", "203.0.113.9, junk", "http", "127.0.0.1", false},
	} {
		r := httptest.NewRequest(http.MethodGet, "http://backbone.example/", nil)
		r.RemoteAddr = c.peer
		if c.forwardedFor != "" {
			r.Header.Set("X-Forwarded-For", c.forwardedFor)
		}
		if c.proto != "" {
			r.Header.Set("X-Forwarded-Proto", c.proto)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		wantURL := "http://backbone.example"
		if c.secure {
			wantURL = "https://backbone.example"
		}
		if ip != c.ip || secure != c.secure || url != wantURL {
			t.Errorf("%+v: client %s, secure %v, site %s", c, ip, secure, url)
		}
	}
}
