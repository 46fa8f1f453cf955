// Package webhook posts an initiative's updates to the outside: to a chat
// channel through a Slack-, Mattermost- or Microsoft Teams-compatible
// incoming webhook, or to any address as JSON signed with HMAC-SHA256.
//
// Backbone staff add channels to an initiative (account.ManageWebhooks).
// Each audit event of the initiative (the events its updates feed shows)
// reaches the events dispatcher once; the dispatcher's handler (Handle)
// writes, in its transaction, one delivery per enabled channel that wants
// the event's kind. A Worker posts the deliveries, retries the ones that
// failed for a passing reason with growing waits, and records each attempt
// for the channel's delivery log.
package webhook

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"backbone/internal/errs"
)

// The formats a channel posts in.
const (
	FormatSlack      = "slack"      // Slack incoming webhook: {"text": ...} with mrkdwn links
	FormatMattermost = "mattermost" // Mattermost incoming webhook: the same, with Markdown links
	FormatTeams      = "teams"      // Microsoft Teams (Workflows or incoming webhook): an Adaptive Card
	FormatJSON       = "json"       // any address: the event as JSON, signed with HMAC-SHA256
)

// Formats lists the formats, in the order forms offer them.
var Formats = []string{FormatSlack, FormatMattermost, FormatTeams, FormatJSON}

// Kinds are the kinds of update a channel may receive: the updates feed's
// kinds (initiative.FeedKind), and meetings.
var Kinds = []string{"member", "decision", "agreement", "governance", "activity", "measure", "celebrate", "meeting",
	"contribution", "other"}

// Webhook is a channel: where an initiative's updates are posted, and how.
// Its URL and secret are not in it: they are read only to post (see
// target) and shown only masked (MaskedURL).
type Webhook struct {
	ID           int64     `json:"id"`
	InitiativeID int64     `json:"initiative_id"`
	Name         string    `json:"name"`
	Format       string    `json:"format"`
	MaskedURL    string    `json:"url_masked"` // scheme, host and a masked path: enough to tell channels apart
	Kinds        []string  `json:"kinds"`      // the kinds it receives; all of Kinds when it was given none
	Enabled      bool      `json:"enabled"`
	Signed       bool      `json:"signed"`   // posts carry X-Backbone-Signature (the JSON format)
	Failures     int       `json:"failures"` // failed attempts in a row since the last delivered post
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Failing reports whether the channel has failed often enough in a row
// that staff should look at it.
func (w Webhook) Failing() bool { return w.Failures >= FailingAfter }

// FailingAfter is how many failed attempts in a row make a channel show a
// warning.
const FailingAfter = 3

// Wants reports whether the channel receives updates of kind k.
func (w Webhook) Wants(k string) bool { return len(w.Kinds) == 0 || slices.Contains(w.Kinds, k) }

// Input is a channel as staff write it. On a change, an empty URL keeps the
// one saved.
type Input struct {
	Name    string   `json:"name"`
	Format  string   `json:"format"`
	URL     string   `json:"url"`
	Kinds   []string `json:"kinds"`
	Enabled *bool    `json:"enabled"`
}

// normalize trims the input and checks it, every field at once. The URL is
// checked by check (which knows whether loopback addresses are allowed)
// unless keepURL says the saved one stays.
func (in *Input) normalize(check func(string) error, keepURL bool) error {
	v := &errs.ValidationError{}
	in.Name = strings.TrimSpace(in.Name)
	in.URL = strings.TrimSpace(in.URL)
	for field, s := range map[string]string{"name": in.Name, "url": in.URL} {
		if p := errs.TextProblem(s); p != "" {
			v.Add(field, p)
		}
	}
	switch {
	case in.Name == "":
		v.Add("name", "is required")
	case len([]rune(in.Name)) > 100:
		v.Add("name", "must be at most 100 characters")
	}
	if !slices.Contains(Formats, in.Format) {
		v.Add("format", "must be one of "+strings.Join(Formats, ", "))
	}
	if !(keepURL && in.URL == "") {
		if err := check(in.URL); err != nil {
			v.Add("url", err.Error())
		}
	}
	var kinds []string
	for _, k := range in.Kinds {
		k = strings.TrimSpace(k)
		if !slices.Contains(Kinds, k) {
			v.Add("kinds", "must be among "+strings.Join(Kinds, ", "))
			break
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	// In Kinds' order, so that a channel reads the same however it was sent.
	in.Kinds = nil
	for _, k := range Kinds {
		if slices.Contains(kinds, k) {
			in.Kinds = append(in.Kinds, k)
		}
	}
	if len(in.Kinds) == len(Kinds) {
		in.Kinds = nil // all of them, and the kinds added later too
	}
	return v.OrNil()
}

// CheckURL says why raw cannot be a channel's address, or nil when it can:
// it must be an absolute https URL without user information, whose host is
// not an address a server should never post to (see blockedIP). Plain
// http, and loopback hosts, are allowed only when allowLoopback is set
// (tests and local development): a chat service's incoming webhook is
// always https, and an address on this very machine is how a forged
// channel would reach services that trust local callers.
func CheckURL(raw string, allowLoopback bool) error {
	if raw == "" {
		return fmt.Errorf("is required")
	}
	if len(raw) > 2000 {
		return fmt.Errorf("must be at most 2000 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("must be a whole address, like https://hooks.slack.com/services/…")
	}
	if u.User != nil {
		return fmt.Errorf("must not hold a user name or password")
	}
	host := u.Hostname()
	loopback := isLoopbackHost(host)
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && loopback && allowLoopback:
	default:
		return fmt.Errorf("must start with https://")
	}
	if loopback && !allowLoopback {
		return fmt.Errorf("must not point at this server itself")
	}
	if ip := net.ParseIP(host); ip != nil && blockedIP(ip, allowLoopback) {
		return fmt.Errorf("must not point at a link-local, metadata or unspecified address")
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// blockedIP reports whether a post must never go to ip: link-local
// addresses (169.254.0.0/16, where cloud metadata services answer, and
// fe80::/10), unspecified, multicast and broadcast addresses, and loopback
// unless allowed. Private networks (10/8, 172.16/12, 192.168/16, fc00::/7)
// are allowed: a self-hosted Mattermost often lives on one, and whoever
// may add a channel already runs the initiative.
func blockedIP(ip net.IP, allowLoopback bool) bool {
	if v4 := ip.To4(); v4 != nil {
		ip = v4
	}
	switch {
	case ip.IsLoopback():
		return !allowLoopback
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast(), ip.IsMulticast(),
		ip.IsUnspecified():
		return true
	case ip.Equal(net.IPv4bcast):
		return true
	}
	// 100.100.100.200 (Alibaba Cloud's metadata) and fd00:ec2::254 (AWS's
	// over IPv6) are not link-local but serve the same secrets.
	for _, m := range metadataIPs {
		if ip.Equal(m) {
			return true
		}
	}
	return false
}

var metadataIPs = []net.IP{net.ParseIP("100.100.100.200").To4(), net.ParseIP("fd00:ec2::254")}

// MaskURL shows a channel's address without its secret parts: the scheme,
// the host, and the path's first segment with the rest masked
// (https://hooks.slack.com/services/••••). The query is dropped.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "••••"
	}
	first, rest, _ := strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	out := u.Scheme + "://" + u.Host + "/"
	switch {
	case first == "":
	case rest == "" && len(first) <= 8:
		out += "••••"
	case rest == "":
		out += first[:4] + "••••"
	default:
		out += first + "/••••"
	}
	return out
}

// FormatLabel is how people call the channel's format.
func (w Webhook) FormatLabel() string { return FormatName(w.Format) }
