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
