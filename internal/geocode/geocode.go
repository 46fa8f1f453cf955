// Package geocode asks a Nominatim-compatible service
// (https://nominatim.org/release-docs/latest/api/Search/) for the point of
// a street address, at most one request a second as the public Nominatim's
// usage policy asks, with a User-Agent that names Backbone. It knows
// nothing of the directory; callers keep the answers (a cache).
package geocode

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// UserAgent names Backbone to the service, as Nominatim's policy asks.
const UserAgent = "Backbone/1 (self-hosted community directory; https://github.com/backbone)"

// Gap is the least time between two requests.
const Gap = time.Second

// Client asks one service. Its zero value is not usable: use New.
type Client struct {
	base string
	http *http.Client
	// Now and Sleep pace the requests; tests replace them.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	mu   sync.Mutex
	last time.Time
}

// New returns a client of the service at base (such as
// https://nominatim.openstreetmap.org), whose search is base + "/search".
func New(base string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("geocoder %q: not an http or https address", base)
	}
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	return &Client{base: strings.TrimRight(u.String(), "/"), http: hc, Now: time.Now, Sleep: sleep}, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Base is the service's address, without a trailing slash.
func (c *Client) Base() string { return c.base }

// Point is what the service found for an address.
type Point struct {
	Lat, Lon float64
}

// Search asks for the point of a free-form address restricted to a
// country (a two-letter code, "" for any). ok is false when the service
// found nothing.
func (c *Client) Search(ctx context.Context, address, country string) (p Point, ok bool, err error) {
	if err := c.wait(ctx); err != nil {
		return p, false, err
	}
	q := url.Values{"q": {address}, "format": {"jsonv2"}, "limit": {"1"}}
	if country != "" {
		q.Set("countrycodes", strings.ToLower(country))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/search?"+q.Encode(), nil)
	if err != nil {
		return p, false, err
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return p, false, fmt.Errorf("geocode %q: %w", address, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return p, false, fmt.Errorf("geocode %q: the service answered %s", address, resp.Status)
	}
	var found []struct {
		Lat string `json:"lat"`
		Lon string `json:"lon"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&found); err != nil {
		return p, false, fmt.Errorf("geocode %q: %w", address, err)
	}
	if len(found) == 0 {
		return p, false, nil
	}
	lat, err1 := strconv.ParseFloat(found[0].Lat, 64)
	lon, err2 := strconv.ParseFloat(found[0].Lon, 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return p, false, fmt.Errorf("geocode %q: not a point: %q, %q", address, found[0].Lat, found[0].Lon)
	}
	return Point{lat, lon}, true, nil
}

// wait holds a request until Gap has passed since the one before.
func (c *Client) wait(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.last.IsZero() {
		if d := Gap - c.Now().Sub(c.last); d > 0 {
			if err := c.Sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	c.last = c.Now()
	return nil
}
