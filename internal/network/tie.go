// Package network is the relationship map: the ties between organizations,
// how strong each is and how it has changed, and the analysis of the whole.
package network

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"backbone/internal/errs"
)

// Tie is the relationship one organization has with another, as the
// partnership-mapping exercise draws it: its kinds, how close it is (level)
// and how it stands (status), with the dates it ran.
type Tie struct {
	ID       string   `json:"id"`
	FromID   string   `json:"from_organization_id"`
	FromName string   `json:"from_organization_name"`
	ToID     string   `json:"to_organization_id"`
	ToName   string   `json:"to_organization_name"`
	Kinds    []string `json:"kinds"`
	Level    string   `json:"level"`
	Status   string   `json:"status"`
	Since    string   `json:"since"` // YYYY-MM-DD, or "" when not known
	Until    string   `json:"until"`
	Notes    string   `json:"notes"`
	Version  int      `json:"version"`
	// CreatedAt and UpdatedAt are when the record was made and last changed.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Kinds of ties, several at once.
var Kinds = []string{"referral", "information_sharing", "joint_programming", "funding", "data_sharing", "formal_agreement"}

// Levels of a tie, from none to the closest working together.
var Levels = []string{"none", "awareness", "cooperation", "coordination", "collaboration"}

// Statuses of a tie. On the map: active is a solid line, developing a dotted
// one, strained a crossed-out one, and ended is not drawn.
var Statuses = []string{"active", "developing", "strained", "ended"}

// LineStyle is how the map draws a tie of this status.
func LineStyle(status string) string {
	switch status {
	case "active":
		return "solid"
	case "developing":
		return "dotted"
	case "strained":
		return "crossed"
	}
	return "none"
}

// LevelRank orders levels: 0 for none up to 4 for collaboration; -1 for unknown.
func LevelRank(level string) int {
	for i, l := range Levels {
		if l == level {
			return i
		}
	}
	return -1
}

// Strong reports whether a tie counts as strong on the map: active, and at
// least coordination.
func (t *Tie) Strong() bool {
	return t.Status == "active" && LevelRank(t.Level) >= LevelRank("coordination")
}

// LineStyle is how the map draws the tie.
func (t *Tie) LineStyle() string { return LineStyle(t.Status) }

// TieInput is what a person records about a tie.
type TieInput struct {
	FromID string   `json:"from_organization_id"`
	ToID   string   `json:"to_organization_id"`
	Kinds  []string `json:"kinds"`
	Level  string   `json:"level"`
	Status string   `json:"status"`
	Since  string   `json:"since"`
	Until  string   `json:"until"`
	Notes  string   `json:"notes"`
}

// InputOf returns the editable fields of t.
func InputOf(t *Tie) TieInput {
	return TieInput{FromID: t.FromID, ToID: t.ToID, Kinds: append([]string(nil), t.Kinds...), Level: t.Level,
		Status: t.Status, Since: t.Since, Until: t.Until, Notes: t.Notes}
}

const maxNotes = 5000

// Normalize trims and checks the input, returning every problem at once.
func (in *TieInput) Normalize() error {
	var v errs.ValidationError
	in.FromID, in.ToID = strings.TrimSpace(in.FromID), strings.TrimSpace(in.ToID)
	in.Level, in.Status = strings.ToLower(strings.TrimSpace(in.Level)), strings.ToLower(strings.TrimSpace(in.Status))
	in.Since, in.Until, in.Notes = strings.TrimSpace(in.Since), strings.TrimSpace(in.Until), strings.TrimSpace(in.Notes)
	if in.FromID == "" {
		v.Add("from_organization_id", "is required")
	}
	if in.ToID == "" {
		v.Add("to_organization_id", "is required")
	} else if in.ToID == in.FromID {
		v.Add("to_organization_id", "must be another organization than the one the tie starts from")
	}
	kinds, bad := normalizeKinds(in.Kinds)
	if bad != "" {
		v.Add("kinds", fmt.Sprintf("%q is not a kind of tie (kinds: %s)", bad, strings.Join(Kinds, ", ")))
	}
	in.Kinds = kinds
	if in.Level == "" {
		in.Level = "awareness"
	}
	if LevelRank(in.Level) < 0 {
		v.Add("level", "must be one of "+strings.Join(Levels, ", "))
	}
	if in.Status == "" {
		in.Status = "active"
	}
	if !oneOf(in.Status, Statuses) {
		v.Add("status", "must be one of "+strings.Join(Statuses, ", "))
	}
	for field, p := range map[string]*string{"since": &in.Since, "until": &in.Until} {
		if *p == "" {
			continue
		}
		d, err := time.Parse("2006-01-02", *p)
		if err != nil {
			v.Add(field, "must be a date like 2024-03-31")
			continue
		}
		*p = d.Format("2006-01-02")
	}
	if in.Since != "" && in.Until != "" && in.Until < in.Since {
		v.Add("until", "must not be before since ("+in.Since+")")
	}
	if n := utf8.RuneCountInString(in.Notes); n > maxNotes {
		v.Add("notes", fmt.Sprintf("must be at most %d characters (it has %d)", maxNotes, n))
	}
	return v.OrNil()
}

// normalizeKinds lowercases, dedupes and sorts kinds (spaces become
// underscores, so "joint programming" is accepted); it returns the first
// unknown kind, if any.
func normalizeKinds(kinds []string) ([]string, string) {
	seen := map[string]bool{}
	out := []string{}
	for _, k := range kinds {
		k = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(k)), " ", "_")
		if k == "" || seen[k] {
			continue
		}
		if !oneOf(k, Kinds) {
			return out, k
		}
		seen[k] = true
		out = append(out, k)
	}
	sort.Strings(out)
	return out, ""
}

// SplitKinds reads kinds written in one cell or field, separated by
// semicolons, commas or vertical bars.
func SplitKinds(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '|' })
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
