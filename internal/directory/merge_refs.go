package directory

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/store"
)

// recordRef is one column that names a record (an organization, or a
// service). A merge moves the rows whose column names the merged record to
// the kept one, unless the row must stay (Stays): the kept record already
// has the same row (a membership, a vote, a tie to the same partner, a
// language), or the row would come to name the kept record twice (a tie to
// itself). Rows that stay remain with the merged record, which leaves the
// directory, so nothing is lost and an undo restores them as they were.
type recordRef struct {
	Table, Column string
	// Keys name a row of the table, beside Column (which the merge
	// changes), as the merge record stores them.
	Keys []keyCol
	// Stays is an SQL condition on the row t, with $1 the kept record's id,
	// that is true when the row must not move; "" when every row moves.
	Stays string
}

// keyCol is a column of a row's key; Int when it holds a number.
type keyCol struct {
	Name string
	Int  bool
}

var (
	byID    = []keyCol{{"id", false}}
	byIntID = []keyCol{{"id", true}}
)

// same is the condition that the kept record already has a row like t: one
// whose column names the kept record and whose cols equal t's.
func same(table, column string, cols ...string) string {
	conds := []string{"x." + column + " = $1"}
	for _, c := range cols {
		conds = append(conds, "x."+c+" = t."+c)
	}
	return "EXISTS (SELECT 1 FROM " + table + " x WHERE " + strings.Join(conds, " AND ") + ")"
}

// orgRefs is every column in the schema that names an organization (each
// REFERENCES organizations, and the few that name one without a foreign
// key), in the order a merge moves them; an undo goes backwards.
// TestMergeCoversEveryReference keeps the list complete.
var orgRefs = []recordRef{
	// The directory's own records.
	{"organizations", "parent_organization_id", byID, "t.id = $1"},
	{"organization_sectors", "organization_id", []keyCol{{"sector", false}},
		same("organization_sectors", "organization_id", "sector")},
	{"locations", "organization_id", byID, ""},
	{"services", "organization_id", byID, ""},
	{"phones", "organization_id", byID, ""},
	{"programs", "organization_id", byID, ""},
	{"contacts", "organization_id", byID, ""},
	{"fundings", "organization_id", byID, ""},
	{"organization_identifiers", "organization_id", byID, ""},
	{"urls", "organization_id", byID, ""}, // HSDS 3.1's additional websites

	// Its people.
	{"memberships", "organization_id", []keyCol{{"user_id", true}}, same("memberships", "organization_id", "user_id")},

	// The relationship map: a tie that would join the kept record to itself,
	// or repeat a tie the kept record already has, stays with the merged
	// record (the map leaves archived records out). A moved tie's versions
	// move with it.
	{"ties", "from_organization_id", byID,
		"t.to_organization_id = $1 OR " + same("ties", "from_organization_id", "to_organization_id")},
	{"ties", "to_organization_id", byID,
		"t.from_organization_id = $1 OR " + same("ties", "to_organization_id", "from_organization_id")},
	{"tie_versions", "from_organization_id", byIntID,
		"NOT EXISTS (SELECT 1 FROM ties x WHERE x.id = t.tie_id AND x.from_organization_id = $1)"},
	{"tie_versions", "to_organization_id", byIntID,
		"NOT EXISTS (SELECT 1 FROM ties x WHERE x.id = t.tie_id AND x.to_organization_id = $1)"},

	// Surveys of the network.
	{"survey_participants", "organization_id", []keyCol{{"wave_id", true}},
		same("survey_participants", "organization_id", "wave_id")},
	{"survey_ratings", "rater_organization_id", []keyCol{{"wave_id", true}, {"rated_organization_id", false}},
		"t.rated_organization_id = $1 OR " + same(
			"survey_ratings",
			"rater_organization_id",
			"wave_id",
			"rated_organization_id",
		)},
	{"survey_ratings", "rated_organization_id", []keyCol{{"wave_id", true}, {"rater_organization_id", false}},
		"t.rater_organization_id = $1 OR " + same(
			"survey_ratings",
			"rated_organization_id",
			"wave_id",
			"rater_organization_id",
		)},
	{"survey_tie_decisions", "a_organization_id", []keyCol{{"wave_id", true}, {"b_organization_id", false}},
		"NOT ($1 < t.b_organization_id) OR " + same(
			"survey_tie_decisions",
			"a_organization_id",
			"wave_id",
			"b_organization_id",
		)},
	{"survey_tie_decisions", "b_organization_id", []keyCol{{"wave_id", true}, {"a_organization_id", false}},
		"NOT (t.a_organization_id < $1) OR " + same(
			"survey_tie_decisions",
			"b_organization_id",
			"wave_id",
			"a_organization_id",
		)},

	// Initiatives: membership, people, work, agreements, governance.
	{"initiatives", "backbone_organization_id", byIntID, ""},
	{"initiative_members", "organization_id", []keyCol{{"initiative_id", true}},
		same("initiative_members", "organization_id", "initiative_id")},
	{"member_events", "organization_id", byIntID, ""},
	{"organization_responsibilities", "organization_id", []keyCol{{"initiative_id", true}, {"position", true}},
		same("organization_responsibilities", "organization_id", "initiative_id", "position")},
	{"initiative_people", "organization_id", []keyCol{{"initiative_id", true}, {"user_id", true}}, ""},
	{"activities", "organization_id", byIntID, ""},
	{"raci_assignments", "organization_id", byIntID, same("raci_assignments", "organization_id", "activity_id")},
	{"governance_versions", "lead_organization_id", byIntID, ""},
	{"agreement_parties", "organization_id", []keyCol{{"agreement_id", true}},
		same("agreement_parties", "organization_id", "agreement_id")},

	// Decisions.
	{"proposals", "proposed_by", byIntID, ""},
	{"proposals", "lead_organization_id", byIntID, ""},
	{"proposal_votes", "organization_id", []keyCol{{"proposal_id", true}},
		same("proposal_votes", "organization_id", "proposal_id")},
	{"proposal_vote_history", "organization_id", byIntID,
		same("proposal_vote_history", "organization_id", "proposal_id", "revision")},
	{"proposal_delegations", "from_organization_id", []keyCol{{"proposal_id", true}},
		"t.to_organization_id = $1 OR " + same("proposal_delegations", "from_organization_id", "proposal_id")},
	{"proposal_delegations", "to_organization_id", []keyCol{{"proposal_id", true}, {"from_organization_id", false}},
		"t.from_organization_id = $1"},
	{"proposal_comments", "organization_id", byIntID, ""},
	{"compatibility_assessments", "organization_id", byIntID, ""},

	// Measures and goals.
	{"indicator_reporters", "organization_id", []keyCol{{"indicator_id", true}},
		same("indicator_reporters", "organization_id", "indicator_id")},
	{"goals", "organization_id", byIntID, ""},
	{"goal_revisions", "owner_organization_id", byIntID, ""},
	{"measurements", "organization_id", byIntID,
		"t.superseded_at IS NULL AND EXISTS (SELECT 1 FROM measurements x WHERE x.organization_id = $1 " +
			"AND x.indicator_id = t.indicator_id AND x.period = t.period AND x.superseded_at IS NULL)"},

	// Meetings.
	{"meeting_invitees", "organization_id", byIntID, ""},
	{"meeting_invitees", "via_organization_id", byIntID, ""},
	{"meeting_actions", "organization_id", byIntID, ""},

	// Roadblocks and reviews of an organization's own goals, which move
	// with the goals.
	{"roadblocks", "organization_id", byIntID, ""},
	{"review_schedules", "organization_id", byIntID, ""},
	{"reviews", "organization_id", byIntID, ""},
	// Partnership health: contributions, benefits, offers and needs, and
	// who proposed a match.
	{"contributions", "organization_id", byIntID, ""},
	{"contribution_benefits", "organization_id", byIntID, ""},
	{"health_posts", "organization_id", byIntID, ""},
	{"health_matches", "proposed_by_organization_id", byIntID, ""},
	// Action plans: a unit's plan, and the two sides of an area (an area
	// that would come to join the kept record to itself stays).
	{"plans", "organization_id", byIntID, ""},
	{"plan_areas", "from_organization_id", byIntID, "t.organization_id = $1"},
	{"plan_areas", "organization_id", byIntID, "t.from_organization_id = $1"},
}

// refName is how the merge record names a reference.
func (r recordRef) refName() string { return r.Table + "." + r.Column }

// moveRefs moves every reference of refs from the merged record to the
// kept one and returns what moved: each reference's rows by key.
func moveRefs(ctx context.Context, tx *sql.Tx, refs []recordRef, keptID, mergedID string) (map[string][][]any, error) {
	moved := map[string][][]any{}
	for _, r := range refs {
		keys, err := r.movable(ctx, tx, keptID, mergedID)
		if err != nil {
			return nil, err
		}
		if len(keys) == 0 {
			continue
		}
		for _, k := range keys {
			if err := r.repoint(ctx, tx, k, mergedID, keptID); err != nil {
				return nil, err
			}
		}
		moved[r.refName()] = keys
	}
	return moved, nil
}

// moveBack undoes moveRefs: the rows it moved, as far as they still name
// the kept record, name the merged record again.
func moveBack(ctx context.Context, tx *sql.Tx, refs []recordRef, keptID, mergedID string,
	moved map[string][][]any) error {
	for i := len(refs) - 1; i >= 0; i-- {
		r := refs[i]
		for _, k := range moved[r.refName()] {
			if err := r.repoint(ctx, tx, r.typed(k), keptID, mergedID); err != nil {
				return err
			}
		}
	}
	return nil
}

// movable lists the keys of the rows that name the merged record and may
// move.
func (r recordRef) movable(ctx context.Context, q store.Querier, keptID, mergedID string) ([][]any, error) {
	names := make([]string, len(r.Keys))
	for i, k := range r.Keys {
		names[i] = "t." + k.Name
	}
	// PostgreSQL refuses a parameter the query does not use.
	query := "SELECT " + strings.Join(names, ", ") + " FROM " + r.Table + " t WHERE t." + r.Column + " = $1"
	args := []any{mergedID}
	if r.Stays != "" {
		query = strings.Replace(query, "= $1", "= $2", 1) + " AND NOT (" + r.Stays + ")"
		args = []any{keptID, mergedID}
	}
	query += " ORDER BY " + strings.Join(names, ", ")
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("merge: read %s: %w", r.refName(), err)
	}
	defer rows.Close()

	var out [][]any
	for rows.Next() {
		vals := make([]any, len(r.Keys))
		ptrs := make([]any, len(r.Keys))
		for i, k := range r.Keys {
			if k.Int {
				vals[i] = new(int64)
			} else {
				vals[i] = new(string)
			}
			ptrs[i] = vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("merge: read %s: %w", r.refName(), err)
		}
		key := make([]any, len(r.Keys))
		for i, k := range r.Keys {
			if k.Int {
				key[i] = *(vals[i].(*int64))
			} else {
				key[i] = *(vals[i].(*string))
			}
		}
		out = append(out, key)
	}
	return out, rows.Err()
}

// repoint changes one row's column from one organization to another.
func (r recordRef) repoint(ctx context.Context, tx *sql.Tx, key []any, from, to string) error {
	conds := []string{r.Column + " = $2"}
	args := []any{to, from}
	for i, k := range r.Keys {
		args = append(args, key[i])
		conds = append(conds, fmt.Sprintf("%s = $%d", k.Name, len(args)))
	}
	_, err := tx.ExecContext(
		ctx,
		"UPDATE "+r.Table+" SET "+r.Column+" = $1 WHERE "+strings.Join(conds, " AND "),
		args...)
	if err != nil {
		return fmt.Errorf("merge: move %s %v: %w", r.refName(), key, err)
	}
	return nil
}

// typed turns a key read back from JSON (numbers as float64) into the
// column types.
func (r recordRef) typed(key []any) []any {
	out := make([]any, len(key))
	for i, v := range key {
		if i < len(r.Keys) && r.Keys[i].Int {
			if f, ok := v.(float64); ok {
				out[i] = int64(f)
				continue
			}
		}
		out[i] = v
	}
	return out
}
