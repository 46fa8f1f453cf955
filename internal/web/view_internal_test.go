package web

import "testing"

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
