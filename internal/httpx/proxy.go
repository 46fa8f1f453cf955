package httpx

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the reverse proxies whose forwarding headers Backbone
// believes (--trusted-proxies): X-Forwarded-For names the client, and
// X-Forwarded-Proto says whether it came over TLS. Without them, anyone
// could send those headers, so they are dropped.
type Proxies []netip.Prefix

// ParseProxies reads a comma-separated list of addresses and networks
// ("127.0.0.1, 10.0.0.0/8, ::1").
func ParseProxies(list string) (Proxies, error) {
	var out Proxies
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a network (10.0.0.0/8)", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a network (10.0.0.0/8)", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (ps Proxies) trusts(host string) bool {
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

type forwardedTLSKey struct{}

// ForwardedTLS reports whether a trusted proxy says the request reached it
// over TLS.
func ForwardedTLS(r *http.Request) bool {
	v, _ := r.Context().Value(forwardedTLSKey{}).(bool)
	return v
}

// Secure reports whether the request reached Backbone, or the trusted
// proxy in front of it, over TLS.
func Secure(r *http.Request) bool { return r.TLS != nil || ForwardedTLS(r) }

// TrustProxies believes the forwarding headers of requests from the
// proxies: the client is the last address in X-Forwarded-For that is not
// a proxy (the ones before it could be written by anyone), and the
// request's RemoteAddr becomes it; X-Forwarded-Proto's last value says
// whether the client used TLS. From anyone else, both headers are dropped.
func (ps Proxies) TrustProxies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			peer = r.RemoteAddr
		}
		if !ps.trusts(peer) {
			r.Header.Del("X-Forwarded-For")
			r.Header.Del("X-Forwarded-Proto")
			next.ServeHTTP(w, r)
			return
		}
		var hops []string
		for _, h := range r.Header.Values("X-Forwarded-For") {
			for _, a := range strings.Split(h, ",") {
				hops = append(hops, strings.TrimSpace(a))
			}
		}
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(hops[i])
			if err != nil {
				break // a hop no proxy writes: believe nothing before it
			}
			if !ps.trusts(a.String()) {
				r.RemoteAddr = net.JoinHostPort(a.Unmap().String(), "0")
				break
			}
		}
		protos := r.Header.Values("X-Forwarded-Proto")
		if len(protos) > 0 {
			parts := strings.Split(protos[len(protos)-1], ",")
			if strings.EqualFold(strings.TrimSpace(parts[len(parts)-1]), "https") {
				r = r.WithContext(context.WithValue(r.Context(), forwardedTLSKey{}, true))
			}
		}
		next.ServeHTTP(w, r)
	})
}
