package network

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/errs"
)

// GapSector is a sector that service gaps are looked for in, named as the
// partnership speaks of it, with the directory sectors that count as
// working in it (an organization in any of them covers the gap).
type GapSector struct {
	Name    string   `json:"name"`
	Matches []string `json:"matches"`
}

// DefaultGapSectors is the built-in list: each directory sector on its own.
func DefaultGapSectors() []GapSector {
	out := make([]GapSector, len(directory.Sectors))
	for i, s := range directory.Sectors {
		out[i] = GapSector{Name: s, Matches: []string{s}}
	}
	return out
}

// maxGapSectors bounds the list, so one form cannot fill the page.
const maxGapSectors = 100

// GapSectors returns the sectors gaps are found in: the list a steward
// saved, or DefaultGapSectors when none was. It is for someone who may read
// the map (account.ViewNetwork).
func (s *Store) GapSectors(ctx context.Context, actor account.Actor) ([]GapSector, error) {
	if err := s.checkView(ctx, actor); err != nil {
		return nil, err
	}
	return s.gapSectors(ctx)
}

func (s *Store) gapSectors(ctx context.Context) ([]GapSector, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, matches FROM network_gap_sectors ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("gap sectors: %w", err)
	}
	defer rows.Close()
	var out []GapSector
	for rows.Next() {
		var g GapSector
		var matches string
		if err := rows.Scan(&g.Name, &matches); err != nil {
			return nil, err
		}
		g.Matches = strings.Split(matches, "\n")
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return DefaultGapSectors(), nil
	}
	return out, nil
}

// NormalizeGapSectors trims the list and checks it, naming the entry that
// is wrong as sectors[i].name or sectors[i].matches. Entries with neither a
// name nor matches (a blank row of a form) are dropped.
func NormalizeGapSectors(list []GapSector) ([]GapSector, error) {
	var v errs.ValidationError
	var out []GapSector
	seen := map[string]bool{}
	for i, g := range list {
		g.Name = strings.TrimSpace(g.Name)
		var matches []string
		for _, m := range g.Matches {
			if m = strings.ToLower(strings.TrimSpace(m)); m != "" && !oneOf(m, matches) {
				matches = append(matches, m)
			}
		}
		g.Matches = matches
		if g.Name == "" && len(g.Matches) == 0 {
			continue
		}
		field := fmt.Sprintf("sectors[%d].", i)
		switch {
		case g.Name == "":
			v.Add(field+"name", "give the sector a name")
		case len(g.Name) > 80:
			v.Add(field+"name", "must be at most 80 characters")
		case seen[strings.ToLower(g.Name)]:
			v.Add(field+"name", fmt.Sprintf("%q is in the list twice", g.Name))
		}
		seen[strings.ToLower(g.Name)] = true
		if len(g.Matches) == 0 {
			v.Add(field+"matches", "name at least one directory sector that counts as this sector")
		}
		for _, m := range g.Matches {
			if !oneOf(m, directory.Sectors) {
				v.Add(field+"matches", fmt.Sprintf("%q is not a directory sector (%s)", m, strings.Join(directory.Sectors, ", ")))
				break
			}
		}
		out = append(out, g)
	}
	if len(out) == 0 {
		v.Add("sectors", "keep at least one sector")
	}
	if len(out) > maxGapSectors {
		v.Add("sectors", fmt.Sprintf("at most %d sectors", maxGapSectors))
	}
	return out, v.OrNil()
}

// SetGapSectors replaces the list of gap sectors, in the order given, for
// the stewards (account.ConfigureNetwork).
func (s *Store) SetGapSectors(ctx context.Context, actor account.Actor, list []GapSector) ([]GapSector, error) {
	if err := s.rules.Check(ctx, actor, account.ConfigureNetwork, account.Platform); err != nil {
		return nil, err
	}

	list, err := NormalizeGapSectors(list)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM network_gap_sectors`); err != nil {
			return err
		}
		for i, g := range list {
			if _, err := tx.ExecContext(ctx, `INSERT INTO network_gap_sectors (position, name, matches) VALUES ($1, $2, $3)`,
				i, g.Name, strings.Join(g.Matches, "\n")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save gap sectors: %w", err)
	}
	return list, nil
}

// ResetGapSectors goes back to the built-in list, for the stewards
// (account.ConfigureNetwork).
func (s *Store) ResetGapSectors(ctx context.Context, actor account.Actor) error {
	if err := s.rules.Check(ctx, actor, account.ConfigureNetwork, account.Platform); err != nil {
		return err
	}

	_, err := s.db.ExecContext(ctx, `DELETE FROM network_gap_sectors`)
	return err
}
