package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Event is what a delivery says: one update of an initiative, as its
// updates feed shows it. It is the body of a JSON channel's post, with the
// delivery's id.
type Event struct {
	// Delivery names this delivery; it is the same on every retry, so that
	// a receiver can tell a post it already took (X-Backbone-Delivery).
	Delivery   string     `json:"delivery"`
	Event      EventInfo  `json:"event"`
	Initiative Initiative `json:"initiative"`
}

// EventInfo is the update itself.
type EventInfo struct {
	ID     int64     `json:"id"`     // the audit event; 0 for a test
	Kind   string    `json:"kind"`   // member, decision, agreement, ... (see Kinds), or "test"
	Action string    `json:"action"` // what was done, e.g. activity_create
	At     time.Time `json:"at"`
	Who    string    `json:"who"`  // the person's name, or the actor's label
	Text   string    `json:"text"` // the line the updates feed shows
	Test   bool      `json:"test,omitempty"`
}

// Initiative names the initiative an update is of, with a link to its
// updates when the site's address is known.
type Initiative struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// slackEscape escapes what Slack's mrkdwn reads as control characters.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// markdownEscape escapes what would break a Mattermost Markdown link or
// start formatting.
var markdownEscape = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`, "`", "\\`")

// kindLabel is how a post names an update's kind.
func kindLabel(k string) string {
	if k == "" {
		return "Update"
	}
	return strings.ToUpper(k[:1]) + k[1:]
}

// Body renders the post of e in format f.
func Body(f string, e Event) ([]byte, error) {
	who := ""
	if e.Event.Who != "" {
		who = " — " + e.Event.Who
	}
	switch f {
	case FormatSlack:
		name := "*" + slackEscape.Replace(e.Initiative.Name) + "*"
		if e.Initiative.URL != "" {
			name = "<" + e.Initiative.URL + "|" + slackEscape.Replace(e.Initiative.Name) + ">"
		}
		text := fmt.Sprintf("%s · %s: %s%s", name, kindLabel(e.Event.Kind), slackEscape.Replace(e.Event.Text),
			slackEscape.Replace(who))
		return json.Marshal(map[string]any{"text": text, "mrkdwn": true})
	case FormatMattermost:
		name := "**" + markdownEscape.Replace(e.Initiative.Name) + "**"
		if e.Initiative.URL != "" {
			name = "[" + markdownEscape.Replace(e.Initiative.Name) + "](" + e.Initiative.URL + ")"
		}
		text := fmt.Sprintf("%s · %s: %s%s", name, kindLabel(e.Event.Kind), markdownEscape.Replace(e.Event.Text),
			markdownEscape.Replace(who))
		return json.Marshal(map[string]any{"text": text})
	case FormatTeams:
		return json.Marshal(teamsMessage(e))
	case FormatJSON:
		return json.Marshal(e)
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

// teamsMessage is an Adaptive Card in the message envelope that both a
// Teams Workflows webhook ("Post to a channel when a webhook request is
// received") and a legacy incoming webhook accept. Adaptive Card 1.4 is
// the highest version Teams renders everywhere.
func teamsMessage(e Event) map[string]any {
	body := []any{
		map[string]any{"type": "TextBlock", "text": e.Initiative.Name, "weight": "Bolder", "size": "Medium",
			"wrap": true},
		map[string]any{"type": "TextBlock", "text": kindLabel(e.Event.Kind) + ": " + e.Event.Text, "wrap": true},
	}
	if e.Event.Who != "" {
		body = append(body, map[string]any{"type": "TextBlock", "text": e.Event.Who, "isSubtle": true,
			"spacing": "None", "wrap": true})
	}
	card := map[string]any{
		"type":    "AdaptiveCard",
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"version": "1.4",
		"body":    body,
	}
	if e.Initiative.URL != "" {
		card["actions"] = []any{map[string]any{"type": "Action.OpenUrl", "title": "See the updates",
			"url": e.Initiative.URL}}
	}
	return map[string]any{
		"type": "message",
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"contentUrl":  nil,
			"content":     card,
		}},
	}
}

// The headers of a post.
const (
	// HeaderSignature carries a JSON channel's signature:
	// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>".
	HeaderSignature = "X-Backbone-Signature"
	// HeaderEvent carries the update's kind ("test" for a test post).
	HeaderEvent = "X-Backbone-Event"
	// HeaderDelivery carries the delivery's id, the same on every retry.
	HeaderDelivery = "X-Backbone-Delivery"
)

// Sign returns the signature header's value for body posted at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a signature header as a receiver should: the header
// parses, one of its v1 signatures matches body with secret, and its time
// is within tolerance of now (so that a post captured on the way cannot be
// replayed later).
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return errors.New("signature: a part is not key=value")
		}
		switch k {
		case "t":
			if ts != "" {
				return errors.New("signature: two times")
			}
			ts = v
		case "v1":
			b, err := hex.DecodeString(v)
			if err != nil || len(b) != sha256.Size {
				return errors.New("signature: v1 is not a hex SHA-256 HMAC")
			}
			sigs = append(sigs, b)
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || unix <= 0 || ts != strconv.FormatInt(unix, 10) {
		return errors.New("signature: no time, or not unix seconds")
	}
	if len(sigs) == 0 {
		return errors.New("signature: no v1 signature")
	}
	at := time.Unix(unix, 0)
	if d := now.Sub(at); d > tolerance || d < -tolerance {
		return errors.New("signature: too old or too far ahead")
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			return nil
		}
	}
	return errors.New("signature: does not match")
}

// RetryAfter reads a Retry-After header: a number of seconds, or an HTTP
// date (its wait then counted from now). It reports false when the header
// is absent or unreadable; a date in the past is no wait.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(7*24*time.Hour/time.Second) {
			n = int64(7 * 24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}
