package directory

import (
	"context"
	"fmt"
	"math"
	"strings"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/gazetteer"
)

// A place that the directory's own addresses do not locate is looked up in
// the offline gazetteer: a US postal code, or a city or town, told apart
// by its state when more than one has its name.

// gazetteerPlacePoint finds a place in the gazetteer: "94063", "Redwood
// City", "Palo Alto, PA" or "Palo Alto, Pennsylvania". A name that more
// than one state has is taken in the state where most of the directory's
// addresses are, when one of them is; else it is a validation error that
// asks for the state.
func (s *Store) gazetteerPlacePoint(ctx context.Context, place string) (lat, lon float64, ok bool, err error) {
	g, err := gazetteer.US()
	if err != nil {
		return 0, 0, false, err
	}
	name, state, withState := strings.Cut(place, ",")
	if !withState {
		if p, ok := g.PostalCode(place); ok {
			return p.Lat, p.Lon, true, nil
		}
		places := g.Places(name)
		switch len(places) {
		case 0:
			return 0, 0, false, nil
		case 1:
			return places[0].Lat, places[0].Lon, true, nil
		}
		states, err := s.addressStates(ctx)
		if err != nil {
			return 0, 0, false, err
		}
		for _, st := range states {
			for _, p := range places {
				if p.State == st {
					return p.Lat, p.Lon, true, nil
				}
			}
		}
		var eg []string
		for _, p := range places {
			eg = append(eg, fmt.Sprintf("%q", p.Name+", "+p.State))
		}
		return 0, 0, false, &errs.ValidationError{Fields: map[string]string{"near": fmt.Sprintf(
			"there is a %s in more than one state: say which, such as %s", places[0].Name,
			strings.Join(eg, " or "))}}
	}
	// "Palo Alto, CA 94301": the state is the first word after the comma.
	if f := strings.Fields(state); len(f) > 0 && len(f[0]) == 2 {
		state = f[0]
	}
	if p, ok := g.Place(name, state); ok {
		return p.Lat, p.Lon, true, nil
	}
	return 0, 0, false, nil
}

// addressStates are the states of a sample of the directory's addresses
// (as two-letter codes), the most frequent first.
func (s *Store) addressStates(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state_province FROM addresses LIMIT 2000`)
	if err != nil {
		return nil, fmt.Errorf("read the directory's states: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	var order []string
	for rows.Next() {
		var st string
		if err := rows.Scan(&st); err != nil {
			return nil, fmt.Errorf("read the directory's states: %w", err)
		}
		if code := gazetteer.StateCode(st); code != "" {
			if counts[code] == 0 {
				order = append(order, code)
			}
			counts[code]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the directory's states: %w", err)
	}
	// Most frequent first; first seen first among equals.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && counts[order[j]] > counts[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	return order, nil
}

// placeNotFound is the error of a place that neither the directory's
// addresses nor the gazetteer know, with the places a person may have
// meant.
func placeNotFound(place string) error {
	msg := fmt.Sprintf("%q was not found: it is not a US postal code, a city or town, or an address in the directory",
		place)
	if g, err := gazetteer.US(); err == nil {
		name, _, _ := strings.Cut(place, ",")
		if names := g.Names(g.Suggest(name, 3)); len(names) > 0 {
			msg += ". Did you mean " + strings.Join(names, ", ") + "?"
		}
	}
	return &errs.ValidationError{Fields: map[string]string{"near": msg}}
}

// KmPerMile is the length of a mile.
const KmPerMile = 1.609344

// DistanceUnit is the unit the directory's distances and radii are given
// in (account.Miles or account.Kilometres): the setting
// (account.Settings.DistanceUnit), or when it is "auto", miles when most
// of a sample of the directory's addresses are in the US (or in the UK,
// Liberia or Myanmar), kilometres otherwise.
func (s *Store) DistanceUnit(ctx context.Context) (string, error) {
	choice, err := s.rules.DistanceUnitChoice(ctx)
	if err != nil || choice != account.UnitsAuto {
		return choice, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT country FROM addresses LIMIT 2000`)
	if err != nil {
		return "", fmt.Errorf("read the directory's countries: %w", err)
	}
	defer rows.Close()
	miles, all := 0, 0
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", fmt.Errorf("read the directory's countries: %w", err)
		}
		all++
		switch strings.ToLower(strings.TrimSpace(c)) {
		case "us", "usa", "united states", "united states of america", "gb", "uk", "united kingdom", "lr", "mm":
			miles++
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("read the directory's countries: %w", err)
	}
	if all > 0 && 2*miles > all {
		return account.Miles, nil
	}
	return account.Kilometres, nil
}

// InUnit gives the page's distances in unit (account.Miles or
// account.Kilometres) besides kilometres: each result's Distance and the
// page's DistanceUnit.
func (p *SearchPage) InUnit(unit string) {
	p.DistanceUnit = unit
	for i := range p.Items {
		if km := p.Items[i].DistanceKm; km != nil {
			d := *km
			if unit == account.Miles {
				d = math.Round(d/KmPerMile*100) / 100
			}
			p.Items[i].Distance = &d
		}
	}
}
