package calendar

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	cases := map[string]string{
		"plain":            "plain",
		"a, b; c\\d":       `a\, b\; c\\d`,
		"line one\nline 2": `line one\nline 2`,
		"crlf\r\nend":      `crlf\nend`,
		"tab\there":        "tab here",
		"Café — «à» 住宅":    "Café — «à» 住宅",
		"\x7f":             " ",
	}
	for in, want := range cases {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFoldKeepsLinesShortAndCharactersWhole(t *testing.T) {
	long := "SUMMARY:" + strings.Repeat("住宅é", 40)
	out := fold(long)
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("no CRLF at the end: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	if len(lines) < 2 {
		t.Fatalf("a %d-octet line was not folded", len(long))
	}
	var joined strings.Builder
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets", i, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i, l)
		}
		if i > 0 {
			if !strings.HasPrefix(l, " ") {
				t.Errorf("continuation %d does not start with a space", i)
			}
			l = l[1:]
		}
		joined.WriteString(l)
	}
	if joined.String() != long {
		t.Errorf("unfolding gave %q, want %q", joined.String(), long)
	}
	if got := fold("SHORT:x"); got != "SHORT:x\r\n" {
		t.Errorf("a short line became %q", got)
	}
}

func TestWrite(t *testing.T) {
	stamp := time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("EST", -5*3600))
	c := Calendar{Name: "Housing, together", Events: []Event{
		{UID: "report-7-2026-Q1@backbone", Summary: "Report due: Households housed; 2026 Q1",
			On: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), URL: "https://example.org/initiatives/1/report",
			Categories: []string{"Report due"}},
		{UID: "proposal-3@backbone", Summary: "Vote closes: \"Adopt the charter\"",
			At: time.Date(2026, 3, 10, 17, 0, 0, 0, time.FixedZone("CET", 3600))},
	}}
	var b strings.Builder
	if err := Write(&b, c, stamp); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
		"X-WR-CALNAME:Housing\\, together\r\n",
		"DTSTAMP:20260302T143000Z\r\n",
		"DTSTART;VALUE=DATE:20260331\r\nDTEND;VALUE=DATE:20260401\r\n",
		"SUMMARY:Report due: Households housed\\; 2026 Q1\r\n",
		"DTSTART:20260310T160000Z\r\n",
		"UID:proposal-3@backbone\r\n",
		"CATEGORIES:Report due\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the calendar lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "BEGIN:VEVENT") != 2 || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Errorf("bad events or a bare line feed:\n%s", out)
	}
}

// FuzzEscapeFold checks that any text, escaped and folded, unfolds back to
// the escaped text in lines of at most 75 octets that split no character,
// and that unescaping gives the text back (line breaks as \n).
func FuzzEscapeFold(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\", "line\nbreak\r\n", strings.Repeat("é住", 60), "\x00\x1f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		esc := Escape(s)
		out := fold("DESCRIPTION:" + esc)
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no CRLF at the end")
		}
		var joined strings.Builder
		for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("bad line %d: %q", i, l)
			}
			if i > 0 {
				l = strings.TrimPrefix(l, " ")
			}
			joined.WriteString(l)
		}
		if joined.String() != "DESCRIPTION:"+esc {
			t.Fatalf("unfolded %q, want %q", joined.String(), "DESCRIPTION:"+esc)
		}
		if got, want := unescape(esc), expected(s); got != want {
			t.Fatalf("unescaped %q, want %q", got, want)
		}
	})
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// expected is what a reader gets back from Escape: line breaks as \n, other
// control characters as spaces.
func expected(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case r != '\n' && (r < 0x20 || r == 0x7f):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
