package directory

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/errs"
)

// Synonyms are what a search also tries: a phrase people type, and what
// the directory's records call it ("rent help", "rental assistance"). A
// steward edits the list (account.EditSearchSynonyms); migration 41 seeds
// it.

// Synonym is one pair: a query holding the phrase's words, in order, also
// matches the replacement's words in their place.
type Synonym struct {
	Phrase      string `json:"phrase"`
	Replacement string `json:"replacement"`
}

// maxSynonymText bounds a phrase or a replacement.
const maxSynonymText = 100

// Synonyms lists the pairs by phrase then replacement, for anyone who may
// read the categories (account.ViewCategoryMappings).
func (s *Store) Synonyms(ctx context.Context, actor account.Actor) ([]Synonym, error) {
	if err := s.rules.Check(ctx, actor, account.ViewCategoryMappings, account.Platform); err != nil {
		return nil, err
	}
	return s.synonyms(ctx)
}

// synonyms reads the pairs, by phrase then replacement.
func (s *Store) synonyms(ctx context.Context) ([]Synonym, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT phrase, replacement FROM search_synonyms ORDER BY phrase, replacement`)
	if err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	defer rows.Close()
	list := []Synonym{}
	for rows.Next() {
		var p Synonym
		if err := rows.Scan(&p.Phrase, &p.Replacement); err != nil {
			return nil, fmt.Errorf("read synonyms: %w", err)
		}
		list = append(list, p)
	}
	return list, rows.Err()
}

// normalSynonymText is a phrase or replacement as kept: in lower case, its
// spaces collapsed.
func normalSynonymText(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// CheckSynonyms validates and normalizes a list of pairs (in lower case,
// spaces collapsed, each pair once), naming the field of each problem.
func CheckSynonyms(list []Synonym) ([]Synonym, error) {
	var v errs.ValidationError
	out := []Synonym{}
	seen := map[Synonym]bool{}
	for i, p := range list {
		p.Phrase, p.Replacement = normalSynonymText(p.Phrase), normalSynonymText(p.Replacement)
		field := fmt.Sprintf("items[%d]", i)
		for name, text := range map[string]string{"phrase": p.Phrase, "replacement": p.Replacement} {
			switch {
			case text == "":
				v.Add(field+"."+name, "is required")
			case utf8.RuneCountInString(text) > maxSynonymText:
				v.Add(field+"."+name, fmt.Sprintf("must be at most %d characters", maxSynonymText))
			case errs.TextProblem(text) != "":
				v.Add(field+"."+name, errs.TextProblem(text))
			case len(SearchTerms(text)) == 0:
				v.Add(field+"."+name, "needs a word a search can look for (not only words such as \"the\" or \"with\")")
			}
		}
		if p.Phrase != "" && slices.Equal(SearchTerms(p.Phrase), SearchTerms(p.Replacement)) {
			v.Add(field+".replacement", "must differ from the phrase")
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Synonym) int {
		return strings.Compare(a.Phrase+"\x00"+a.Replacement, b.Phrase+"\x00"+b.Replacement)
	})
	return out, nil
}

// PutSynonyms replaces the list with list, for a steward
// (account.EditSearchSynonyms): pairs not in it are removed, new ones
// added, each change audited. It returns how many pairs were added and
// removed.
func (s *Store) PutSynonyms(ctx context.Context, actor account.Actor, list []Synonym) (added, removed int, err error) {
	if err := s.rules.Check(ctx, actor, account.EditSearchSynonyms, account.Platform); err != nil {
		return 0, 0, err
	}
	list, err = CheckSynonyms(list)
	if err != nil {
		return 0, 0, err
	}
	now := s.now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before := map[Synonym]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT phrase, replacement FROM search_synonyms`)
		if err != nil {
			return fmt.Errorf("read synonyms: %w", err)
		}
		for rows.Next() {
			var p Synonym
			if err := rows.Scan(&p.Phrase, &p.Replacement); err != nil {
				rows.Close()
				return fmt.Errorf("read synonyms: %w", err)
			}
			before[p] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read synonyms: %w", err)
		}
		after := map[Synonym]bool{}
		for _, p := range list {
			after[p] = true
			if before[p] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_synonyms (phrase, replacement, updated_at)
				VALUES ($1, $2, $3)`, p.Phrase, p.Replacement, now); err != nil {
				return fmt.Errorf("add synonym: %w", err)
			}
			if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: "create",
				EntityType: "search_synonym", EntityID: p.Phrase,
				Summary: fmt.Sprintf("added the synonym %q → %q", p.Phrase, p.Replacement), After: p}); err != nil {
				return err
			}
			added++
		}
		gone := []Synonym{}
		for p := range before {
			if !after[p] {
				gone = append(gone, p)
			}
		}
		slices.SortFunc(gone, func(a, b Synonym) int {
			return strings.Compare(a.Phrase+"\x00"+a.Replacement, b.Phrase+"\x00"+b.Replacement)
		})
		for _, p := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_synonyms WHERE phrase = $1 AND replacement = $2`,
				p.Phrase, p.Replacement); err != nil {
				return fmt.Errorf("remove synonym: %w", err)
			}
			if err := account.Record(ctx, tx, actor, account.Event{At: now, Action: "delete",
				EntityType: "search_synonym", EntityID: p.Phrase,
				Summary: fmt.Sprintf("removed the synonym %q → %q", p.Phrase, p.Replacement), Before: p}); err != nil {
				return err
			}
			removed++
		}
		return nil
	})
	return added, removed, err
}
