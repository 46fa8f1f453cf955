package directory_test

import (
	"strings"
	"testing"

	"backbone/internal/directory"
)

func TestParseClock(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"09:00", 540, true}, {"9:00", 540, true}, {"09:00:00", 540, true}, {"09:00:00Z", 540, true},
		{"17:30:00-07:00", 1050, true}, {"9:00 AM", 540, true}, {"3 pm", 900, true}, {"12 am", 0, true},
		{"12:30 p.m.", 750, true}, {"0900", 540, true}, {"24:00", 1440, true}, {"00:00", 0, true},
		{"", 0, false}, {"noon", 0, false}, {"25:00", 0, false}, {"9:60", 0, false}, {"13 pm", 0, false},
		{"9:5", 0, false}, {"+9:00", 0, false}, {"1:2:3:4", 0, false}, {":30", 0, false},
	} {
		got, ok := directory.ParseClock(c.in)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("ParseClock(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestHoursReversed(t *testing.T) {
	for _, c := range []struct {
		opens, closes string
		want          bool
	}{
		{"09:00", "03:00", true},       // meant 3 pm
		{"11:00:00", "02:00:00", true}, // meant 2 pm
		{"09:00", "17:00", false},
		{"20:00", "08:00", false}, // a shelter, overnight
		{"22:00", "02:00", false},
		{"09:00", "09:00", false},
		{"9:00 AM", "3:00 PM", false},
		{"soon", "03:00", false},
	} {
		if got := directory.HoursReversed(c.opens, c.closes); got != c.want {
			t.Errorf("HoursReversed(%q, %q) = %v", c.opens, c.closes, got)
		}
	}
}

func TestPhoneIsNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"650-555-0100", true}, {"(650) 555-0100", true}, {"+1 650 555 0100", true}, {"650.555.0100", true},
		{"211", true}, {"911", true}, {"1-800-FLOWERS", true}, {"650-555-0100 x12", true},
		{"650-555-0100 ext. 12", true}, {"tel:+16505550100", true}, {"+44 1234 234567", true},
		{"call the front desk", false}, {"", false}, {"12", false}, {"see website", false},
		{"650-555-0100 or 650-555-0101", false}, {"1234567890123456", false}, {"ABC-DEFG", false},
	} {
		if got := directory.PhoneIsNumber(c.in); got != c.want {
			t.Errorf("PhoneIsNumber(%q) = %v", c.in, got)
		}
	}
}

func TestLanguageKnownAndNameKey(t *testing.T) {
	for code, want := range map[string]bool{"es": true, "spa": true, "zh-Hant": true, "": true, "Klingon": false,
		"English": false, "xyz": false} {
		if got := directory.LanguageKnown(code); got != want {
			t.Errorf("LanguageKnown(%q) = %v", code, got)
		}
	}
	if a, b := directory.NameKey("Society of St. Vincent De Paul"),
		directory.NameKey("society of St Vincent  de paul"); a != b {
		t.Errorf("keys %q and %q", a, b)
	}
	if directory.NameKey("Food Bank") == directory.NameKey("Food Banks") {
		t.Error("different names share a key")
	}
}

func TestNoRequirements(t *testing.T) {
	for s, want := range map[string]bool{"None": true, "N/A": true, "none.": true, "No restrictions": true,
		" no requirements ": true, "Residents of San Mateo County": false, "": false, "None of the above": false} {
		if got := directory.NoRequirements(s); got != want {
			t.Errorf("NoRequirements(%q) = %v", s, got)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"09:00", "9:00 AM", "17:30:00-07:00", "0900", "3 pm", "24:00", "", "::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := directory.ParseClock(s)
		if ok && (m < 0 || m > 24*60) {
			t.Fatalf("ParseClock(%q) = %d", s, m)
		}
		// Hours are judged without a panic, and a time never closes
		// before itself.
		if directory.HoursReversed(s, s) {
			t.Fatalf("HoursReversed(%q, %q)", s, s)
		}
	})
}

func FuzzPhoneIsNumber(f *testing.F) {
	for _, s := range []string{"650-555-0100", "1-800-FLOWERS", "call us", "x12", "211", "+", "tel:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := directory.PhoneIsNumber(s)
		digits := strings.Count(s, "0") + strings.Count(s, "1") + strings.Count(s, "2") + strings.Count(s, "3") +
			strings.Count(s, "4") + strings.Count(s, "5") + strings.Count(s, "6") + strings.Count(s, "7") +
			strings.Count(s, "8") + strings.Count(s, "9")
		if ok && digits < 3 {
			t.Fatalf("PhoneIsNumber(%q) with %d digits", s, digits)
		}
	})
}
