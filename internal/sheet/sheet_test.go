package sheet

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("https://evil.example","Click")`: `'=HYPERLINK("https://evil.example","Click")`,
		"+cmd|' /C calc'!A0":                         "'+cmd|' /C calc'!A0",
		"-2+3":                                       "'-2+3",
		"@SUM(A1)":                                   "'@SUM(A1)",
		"\t=1":                                       "'\t=1",
		"\r=1":                                       "'\r=1",
		"-5":                                         "-5",
		"+3.25":                                      "+3.25",
		"Food Bank":                                  "Food Bank",
		"":                                           "",
		"a=b":                                        "a=b",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
		if back := Unquote(Cell(in)); back != in {
			t.Errorf("Unquote(Cell(%q)) = %q", in, back)
		}
	}
	if got := Unquote("'quoted"); got != "'quoted" {
		t.Errorf("Unquote took the quote of a value that was not a formula: %q", got)
	}
	if got := Cell("'=1"); got != "''=1" || Unquote(got) != "'=1" {
		t.Errorf("Cell(%q) = %q", "'=1", got)
	}
}

// TestWriter writes a record through encoding/csv and reads it back with
// its parser: the risky cells carry their quote, the others are unchanged.
func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Write([]string{"=1+1", "plain", "-7", "@x, \"y\""}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	rec, err := csv.NewReader(&b).Read()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=1+1", "plain", "-7", "'@x, \"y\""}
	for i := range want {
		if rec[i] != want[i] {
			t.Fatalf("cell %d: %q, want %q", i, rec[i], want[i])
		}
	}
}

func FuzzCell(f *testing.F) {
	for _, s := range []string{"=1", "-1", "+x", "@", "", "'=1", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Cell(s)
		if risky(c) {
			t.Fatalf("Cell(%q) = %q, still a formula", s, c)
		}
		if Unquote(c) != s {
			t.Fatalf("Unquote(Cell(%q)) = %q", s, Unquote(c))
		}
	})
}
