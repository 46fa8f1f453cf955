package web

import (
	"backbone/internal/notify"
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/clock"
	"backbone/internal/directory"
	"backbone/internal/health"
	"backbone/internal/httpx"
	"backbone/internal/measure"
)

// views holds every page's template, each parsed together with the layout.
type views struct {
	pages map[string]*template.Template
}

// funcMap is the templates' functions; "ago" reads the time from c, and
// times are shown in loc (see zoneFuncs).
func funcMap(c clock.Clock, loc *time.Location) template.FuncMap {
	funcs := template.FuncMap{
		// day writes a date kept as YYYY-MM-DD ("2026-12-31") as "31 Dec 2026".
		"day": func(s string) string {
			d, err := time.Parse("2006-01-02", s)
			if err != nil {
				return s
			}
			return d.Format("2 Jan 2006")
		},
		"ago": func(t any) string {
			var v time.Time
			switch x := t.(type) {
			case time.Time:
				v = x
			case *time.Time:
				if x == nil {
					return "never"
				}
				v = *x
			}
			return ago(c.Now().Sub(v))
		},
		// plural writes a count with its noun: {{plural 1 "initiative"}} is
		// "1 initiative", {{plural 3 "match" "matches"}} "3 matches".
		"plural": func(n any, one string, many ...string) string {
			return formatNumber(n) + " " + noun(n, one, many...)
		},
		// noun is plural's noun alone, for a count shown apart from it.
		"noun": noun,
		"contains": func(list []string, s string) bool {
			for _, x := range list {
				if x == s {
					return true
				}
			}
			return false
		},
		"tel": telURL,
		// dialable: a phone a tap may call; a fax, or words where a number
		// should be, are shown as text.
		"dialable": func(number, kind string) bool {
			return !strings.EqualFold(kind, "fax") && directory.PhoneIsNumber(number)
		},
		"noRequirements": directory.NoRequirements,
		"title": func(s string) string {
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
		"query": func(base url.Values, kv ...any) string {
			v := url.Values{}
			for k, vs := range base {
				v[k] = append([]string(nil), vs...)
			}
			for i := 0; i+1 < len(kv); i += 2 {
				k := fmt.Sprint(kv[i])
				if s := fmt.Sprint(kv[i+1]); s != "" && s != "0" {
					v.Set(k, s)
				} else {
					v.Del(k)
				}
			}
			if len(v) == 0 {
				return ""
			}
			return "?" + v.Encode()
		},
		"add":       func(a, b int) int { return a + b },
		"heatLevel": heatLevel,
		"lower":     strings.ToLower,
		"taskLabel": notify.TaskLabel,
		"kindLabel": func(name string) string {
			if k, ok := notify.KindOf(name); ok {
				return k.Label
			}
			return name
		},
		"humanize": func(s string) string {
			s = strings.ReplaceAll(s, "_", " ")
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
		"list": func(s ...string) []string { return s },
		"pct":  func(f float64) float64 { return f * 100 },
		// percent, dollars, number and amount write partnership health's figures ("62%", "$1,200",
		// "0.4", "0.5 FTE"); number leaves a zero out, for a form's empty field.
		"percent": health.Percent,
		"dollars": func(f float64) string { return health.Amount(f, health.UnitDollars) },
		"number": func(f float64) string {
			if f == 0 {
				return ""
			}
			return health.Number(f)
		},
		"amount":     health.Amount,
		"capitalize": capitalize,
		"num":        formatNumber,
		"km":         formatKm,
		// period names a reporting period key ("2026-11") as people say it ("Nov 2026").
		"period": measure.PeriodLabel,
		// fixed3 writes a measure with three decimals, or a dash when there is none.
		"fixed3": func(f *float64) string {
			if f == nil {
				return "–"
			}
			return strconv.FormatFloat(*f, 'f', 3, 64)
		},
		"colname": func(c string) string {
			return map[string]string{"name": "Organization", "degree": "Ties", "in_degree": "Named by", "out_degree": "Names",
				"betweenness": "Brokerage", "closeness": "Reach", "eigenvector": "Influence", "constraint": "Constraint", "broker_score": "Bridges sectors"}[c]
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m, nil
		},
	}
	funcs["mergePath"] = mergePathOf
	for name, fn := range zoneFuncs(c, loc) {
		funcs[name] = fn
	}
	return funcs
}

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d.Minutes()), "minute") + " ago"
	case d < 48*time.Hour:
		return plural(int(d.Hours()), "hour") + " ago"
	case d < 60*24*time.Hour:
		return plural(int(d.Hours()/24), "day") + " ago"
	case d < 730*24*time.Hour:
		return plural(int(d.Hours()/24/30), "month") + " ago"
	}
	return plural(int(d.Hours()/24/365), "year") + " ago"
}

// plural writes a count with its noun, "1 change", "3 changes" (see noun).
func plural(n int, unit string, many ...string) string {
	return fmt.Sprintf("%d %s", n, noun(n, unit, many...))
}

// noun is the noun for a count of n (any integer): one for exactly one,
// else many, or one with an s when many is not given.
func noun(n any, one string, many ...string) string {
	var count int64
	switch v := n.(type) {
	case int:
		count = int64(v)
	case int64:
		count = v
	case int32:
		count = int64(v)
	case uint:
		count = int64(v)
	default:
		count = -1
	}
	switch {
	case count == 1 || count == -1 && fmt.Sprint(n) == "1":
		return one
	case len(many) > 0:
		return many[0]
	}
	return one + "s"
}

func parseViews(c clock.Clock, loc *time.Location) (*views, error) {
	v := &views{pages: map[string]*template.Template{}}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	funcs := funcMap(c, loc)
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.New("layout.html").
			Funcs(funcs).
			ParseFS(assets, "templates/layout.html", "templates/partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", f, err)
		}
		v.pages[name] = t
	}
	return v, nil
}

// page is what every template gets: the layout's needs and the page's own data.
type page struct {
	Title     string
	Nav       string // which navigation item is current
	User      *account.User
	CSRF      string
	Flash     *flash
	RequestID string
	Version   string
	Unread    int // the signed-in person's unread notifications
	Data      any
}

type flash struct {
	Kind    string // success, info, error
	Message string
}

// render writes a page with the given status. It renders into a buffer first,
// so a template error becomes a clean error page, not half a page.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, name, title, nav string, data any) {
	v, err := h.viewsIn(h.pageZone(r))
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	t, ok := v.pages[name]
	if !ok {
		h.serverError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	p := page{Title: title, Nav: nav, User: httpx.User(r.Context()), CSRF: csrfToken(w, r, h.secure(r)),
		Flash: takeFlash(w, r), RequestID: httpx.RequestID(r.Context()), Version: h.Version, Data: data}
	if p.User != nil && h.Notify != nil {
		n, err := h.Notify.Unread(r.Context(), httpx.Actor(r))
		if err != nil {
			h.Logger.Warn("count unread notifications", "request_id", p.RequestID, "err", err)
		}
		p.Unread = n
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		if name == "error" {
			http.Error(w, http.StatusText(status), status)
			return
		}
		h.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// formatKm writes a distance in kilometres to a tenth ("3.4"); a nil
// pointer is "".
func formatKm(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', 1, 64)
	case *float64:
		if x != nil {
			return strconv.FormatFloat(*x, 'f', 1, 64)
		}
	}
	return ""
}

// formatNumber writes a count or a value for people (10,000; 2.5).
func formatNumber(v any) string {
	switch x := v.(type) {
	case int:
		return measure.FormatNumber(float64(x))
	case int64:
		return measure.FormatNumber(float64(x))
	case float64:
		return measure.FormatNumber(x)
	case *float64:
		if x == nil {
			return ""
		}
		return measure.FormatNumber(*x)
	}
	return fmt.Sprint(v)
}

// telURL is the tel: link (RFC 3966) of a phone number as a directory
// writes it ("650 780-7525", "(650) 780-7525", "+1 650.780.7525"): its
// digits, with a leading + kept, and the extension's digits after ;ext=.
// A number without digits links to nothing callable, as it is.
func telURL(number, extension string) template.URL {
	digits := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	n := digits(number)
	if n == "" {
		return template.URL("tel:" + url.PathEscape(number))
	}
	if strings.HasPrefix(strings.TrimSpace(number), "+") {
		n = "+" + n
	}
	if ext := digits(extension); ext != "" {
		n += ";ext=" + ext
	}
	return template.URL("tel:" + n)
}
