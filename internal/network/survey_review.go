package network

import (
	"fmt"
	"strings"
	"time"
)

// Reviewing a closed wave: the answers are each side's perception, kept per
// wave and direction. They never change the recorded map by themselves.
// Where they differ from what is recorded, the wave suggests a change, and a
// coordinator keeps the recorded tie or updates it (SuggestedChanges,
// DecideChange in survey_review_store.go).

// Suggestion is a change to the recorded map that a closed wave's answers
// suggest for one pair of organizations, beside what is recorded.
type Suggestion struct {
	AID   string `json:"a_organization_id"`
	AName string `json:"a_organization_name"`
	BID   string `json:"b_organization_id"`
	BName string `json:"b_organization_name"`
	// AtoB and BtoA are what each side said (nil when it said nothing).
	AtoB *Side `json:"a_to_b"`
	BtoA *Side `json:"b_to_a"`
	// Recorded holds the ties recorded between the two, either way round.
	Recorded []*Tie `json:"recorded"`
	// Level and Status are the suggested update.
	Level  string `json:"suggested_level"`
	Status string `json:"suggested_status"`
	// Summary says it in one line: "survey says none; recorded:
	// coordination, active, since 2017-09-01".
	Summary string `json:"summary"`
	// Decision is "" while waiting, then keep or update.
	Decision  string     `json:"decision"`
	DecidedBy string     `json:"decided_by"`
	DecidedAt *time.Time `json:"decided_at"`
}

// Decisions a coordinator makes about a suggested change.
const (
	DecisionKeep   = "keep"
	DecisionUpdate = "update"
)

// Suggest compares one pair's answers with the ties recorded between them
// and returns the level and status the answers suggest, and whether that
// differs from the record. Both sides must recognize a level for it to be
// suggested, so the lower of two answers is taken (one answer when only one
// side answered). Either side saying the relationship is strained suggests
// strained; a level of none suggests ended. A recorded developing tie stays
// developing when nobody says it is strained or over.
func Suggest(p PairScore, recorded []*Tie) (level, status string, differs bool) {
	for _, s := range []*Side{p.AtoB, p.BtoA} {
		if s == nil || LevelRank(s.Level) < 0 {
			continue
		}
		if level == "" || LevelRank(s.Level) < LevelRank(level) {
			level = s.Level
		}
		if s.Strained {
			status = "strained"
		}
	}
	if level == "" {
		return "", "", false
	}
	switch {
	case level == "none":
		status = "ended"
	case status == "strained":
	case len(recorded) > 0 && recorded[0].Status == "developing":
		status = "developing"
	default:
		status = "active"
	}
	if len(recorded) == 0 {
		return level, status, level != "none"
	}
	for _, t := range recorded {
		if t.Level != level || t.Status != status {
			return level, status, true
		}
	}
	return level, status, false
}

// SuggestionSummary says a suggestion in one line, survey first, record
// second.
func SuggestionSummary(sg *Suggestion) string {
	said := func(s *Side) string {
		if s == nil || s.Level == "" {
			return "no answer"
		}
		if s.Strained {
			return s.Level + " (strained)"
		}
		return s.Level
	}
	a, b := said(sg.AtoB), said(sg.BtoA)
	var out string
	if a == b {
		out = "survey says " + a
	} else {
		out = fmt.Sprintf("survey: %s says %s, %s says %s", sg.AName, a, sg.BName, b)
	}
	if len(sg.Recorded) == 0 {
		return out + "; recorded: nothing"
	}
	var rec []string
	for _, t := range sg.Recorded {
		r := t.Level + ", " + t.Status
		if len(sg.Recorded) > 1 {
			r = t.FromName + " → " + t.ToName + " " + r
		}
		if t.Since != "" {
			r += ", since " + t.Since
		}
		rec = append(rec, r)
	}
	return out + "; recorded: " + strings.Join(rec, "; ")
}

// TieDecision is what a coordinator decides about one pair's suggested
// change: keep the recorded tie, or update it (to the suggested level and
// status unless others are given).
type TieDecision struct {
	AID      string `json:"a_organization_id"`
	BID      string `json:"b_organization_id"`
	Decision string `json:"decision"`
	Level    string `json:"level"`
	Status   string `json:"status"`
	Note     string `json:"note"`
}
