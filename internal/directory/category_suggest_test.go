package directory

import (
	"testing"

	"backbone/internal/taxonomy/openeligibility"
)

func TestSuggestCategories(t *testing.T) {
	terms, err := openeligibility.Terms()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		keyword, want string
		situation     bool
	}{
		{"Food Pantry", "Food › Food Pantry", false},
		{"FOOD PANTRIES", "Food › Food Pantry", false},
		{"Meal Sites", "Food › Free Meals", false},
		{"Emergency Shelters", "Emergency › Emergency Shelter", false},
		{"Seniors", "Age Group › Seniors", true},
		{"Senior Citizens", "Age Group › Seniors", true},
		{"Transportatio", "Transit › Transportation", false},
		{"Counseling", "Care › Support Network › Counseling", false},
		{"Legal Services", "Legal", false},
		{"Veterans", "Armed Forces › Veterans", true},
	} {
		got := SuggestCategories(tc.keyword, terms, 3)
		if len(got) == 0 || got[0].Path != tc.want || got[0].Situation != tc.situation {
			t.Errorf("%q: got %+v, want %q first", tc.keyword, got, tc.want)
		}
	}
	if got := SuggestCategories("Ohana", terms, 3); len(got) != 0 {
		t.Errorf("Ohana: got %+v, want none", got)
	}
}

func TestStem(t *testing.T) {
	for w, want := range map[string]string{"libraries": "library", "library": "library", "counseling": "counsel",
		"counselors": "counsel", "pantries": "pantry", "meals": "meal", "rental": "rent", "assistance": "assist"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
}
