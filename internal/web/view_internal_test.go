package web

import (
	"testing"
	"time"
)

func TestTelURL(t *testing.T) {
	for _, c := range []struct{ number, ext, want string }{
		{"650 780-7525", "", "tel:6507807525"},
		{"(650) 780-7525", "12", "tel:6507807525;ext=12"},
		{" +1 650.780.7525", "x 4", "tel:+16507807525;ext=4"},
		{"211", "", "tel:211"},
		{"call us", "", "tel:call%20us"},
	} {
		if got := string(telURL(c.number, c.ext)); got != c.want {
			t.Errorf("telURL(%q, %q) = %q, want %q", c.number, c.ext, got, c.want)
		}
	}
}

func TestPlural(t *testing.T) {
	plural := funcMap(nil, time.UTC)["plural"].(func(any, string, ...string) string)
	for _, c := range []struct {
		n    any
		many []string
		want string
	}{
		{0, nil, "0 initiatives"},
		{1, nil, "1 initiative"},
		{2, nil, "2 initiatives"},
		{int64(1), nil, "1 initiative"},
		{12000, nil, "12,000 initiatives"},
		{1, []string{"matches"}, "1 initiative"},
		{3, []string{"communities"}, "3 communities"},
	} {
		if got := plural(c.n, "initiative", c.many...); got != c.want {
			t.Errorf("plural(%v, %q) = %q, want %q", c.n, c.many, got, c.want)
		}
	}
}

func TestTimesInTheZone(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	funcs := funcMap(nil, la)
	date := funcs["date"].(func(any) string)
	datetime := funcs["datetime"].(func(time.Time) string)
	evening := time.Date(2026, 12, 8, 2, 0, 0, 0, time.UTC) // 6 pm on the 7th in California
	calendarDay := time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 1, 23, 59, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{date(evening), "7 Dec 2026"},
		{date(&calendarDay), "8 Dec 2026"},
		{date((*time.Time)(nil)), ""},
		{datetime(evening), "7 Dec 2026, 6:00 pm PST"},
		{datetime(summer), "1 Jul 2026, 4:59 pm PDT"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
