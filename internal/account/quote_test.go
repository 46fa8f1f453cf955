package account

import "testing"

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"Meal referrals":              "“Meal referrals”",
		`"I have someone to talk to"`: "“I have someone to talk to”",
		"“I have someone to talk to”": "“I have someone to talk to”",
		` 'Tuesdays' `:                "“Tuesdays”",
		`The "Tuesday" lunch`:         "“The \"Tuesday\" lunch”",
		`"`:                           "“\"”",
		"«Comida para todos»":         "“Comida para todos”",
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %q, want %q", in, got, want)
		}
	}
}
