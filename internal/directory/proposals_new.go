package directory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// ProposeOrganization stores, as pending, an organization that is not in
// the directory yet, proposed by someone who works for one that is
// (account.ProposeOrganization), for a steward to review. The input is
// checked as the form to add an organization checks it; a name the
// directory already has is refused, as it would be there.
func (s *Store) ProposeOrganization(
	ctx context.Context,
	actor account.Actor,
	in OrganizationInput,
	note string,
) (*Proposal, error) {
	if err := s.rules.Check(ctx, actor, account.ProposeOrganization, account.Platform); err != nil {
		return nil, err
	}

	note = strings.TrimSpace(note)
	if err := in.Normalize(s.now()); err != nil {
		return nil, err
	}
	if err := checkNote("note", note, false); err != nil {
		return nil, err
	}

	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := checkNameFree(ctx, tx, in.Name, ""); err != nil {
			return err
		}
		fields := changedFields(OrganizationInput{}, in)
		var err error
		id, err = s.insertProposal(ctx, tx, actor, KindNewOrganization, "", 0, fields, map[string]any{}, note)
		if err != nil {
			return err
		}
		return account.Record(ctx, tx, actor, account.Event{At: s.now(), Action: "propose",
			EntityType: KindNewOrganization, EntityID: fmt.Sprint(id),
			Summary: fmt.Sprintf("proposed a new organization, %s (proposal %d)", in.Name, id), After: fields})
	})
	if err != nil {
		return nil, err
	}
	p, _, err := s.proposal(ctx, s.db, id)
	return p, err
}

// loadNewOrganization completes a proposal of a new organization: the
// organization made from it once accepted, and, while it waits, the
// organizations already in the directory with a like name.
func (s *Store) loadNewOrganization(
	ctx context.Context,
	q store.Querier,
	p *Proposal,
) (*Proposal, *Organization, error) {
	p.EntityName = fieldText(p.Fields["name"])
	var o *Organization
	if p.EntityID != "" {
		var err error
		o, err = s.organization(ctx, q, p.EntityID)
		if err != nil && !errors.Is(err, errs.ErrNotFound) {
			return nil, nil, err
		}
		if o != nil {
			p.EntityName = o.Name
		}
	}
	p.Changes = ProposalDiff(p.Fields, nil, OrganizationInput{})
	p.markOutcomes()

	if p.Status == ProposalPending {
		similar, err := similarOrganizations(ctx, q, p.EntityName)
		if err != nil {
			return nil, nil, err
		}
		p.Similar = similar
	}
	return p, o, nil
}

// maxSimilar bounds the organizations named as perhaps the same one.
const maxSimilar = 5

// similarOrganizations finds the organizations of the directory (archived
// or not) whose name is like name: the same but for case, punctuation and
// words such as "the" or "inc", one name inside the other, or a few
// letters apart. The candidates are those sharing one of the name's longer
// words; SimilarName decides.
func similarOrganizations(ctx context.Context, q store.Querier, name string) ([]OrganizationName, error) {
	out := []OrganizationName{}
	words := nameWords(name)
	sort.SliceStable(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	conds, args := []string{`lower(name) = lower($1)`}, []any{name}
	for _, w := range words[:min(len(words), 3)] {
		// nameWords keeps only letters and digits: no wildcard to escape.
		args = append(args, "%"+w+"%")
		conds = append(conds, fmt.Sprintf(`lower(name) LIKE $%d`, len(args)))
	}

	rows, err := q.QueryContext(ctx, `SELECT id, name FROM organizations WHERE `+strings.Join(conds, " OR ")+
		` ORDER BY name, id LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("find similar names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o OrganizationName
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, fmt.Errorf("find similar names: %w", err)
		}
		if len(out) < maxSimilar && SimilarName(name, o.Name) {
			out = append(out, o)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find similar names: %w", err)
	}
	return out, nil
}

// nameFiller are the words two names of one organization often differ by.
var nameFiller = map[string]bool{
	"the": true, "of": true, "and": true, "inc": true, "incorporated": true, "llc": true, "ltd": true,
	"co": true, "corp": true, "corporation": true, "org": true, "a": true, "an": true, "for": true,
	"de": true, "del": true, "la": true, "el": true, "los": true, "las": true, "y": true,
}

// nameWords returns a name's words in lower case, without punctuation and
// filler words.
func nameWords(name string) []string {
	fields := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var out []string
	for _, w := range fields {
		if !nameFiller[w] {
			out = append(out, w)
		}
	}
	return out
}

// SimilarName reports whether two organization names are perhaps the same
// organization's: leaving out case, punctuation and filler words ("the",
// "inc", "de"), every word of the shorter name is in the longer one, a
// letter or so apart at most ("Harbor House" and "Harbour House Shelter",
// "Samaritan House" and "The Samaritn House, Inc."). A name of one word
// must match the other whole.
func SimilarName(a, b string) bool {
	x, y := nameWords(a), nameWords(b)
	if len(x) == 0 || len(y) == 0 {
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(x) == 1 && len(y) > 1 {
		return false
	}
	for _, w := range x {
		if !slices.ContainsFunc(y, func(v string) bool { return sameWord(w, v) }) {
			return false
		}
	}
	return true
}

// sameWord reports whether two words are the same but for a typing slip:
// one letter added, left out or changed in a word of five letters or more.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	if min(len([]rune(a)), len([]rune(b))) < 5 {
		return false
	}
	return editDistance(a, b, 1) <= 1
}

// editDistance is the Levenshtein distance between a and b, or limit+1 as
// soon as it is known to exceed limit.
func editDistance(a, b string, limit int) int {
	x, y := []rune(a), []rune(b)
	if d := len(x) - len(y); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}
