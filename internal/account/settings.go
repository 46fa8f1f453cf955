package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"backbone/internal/errs"
)

// Who may start an initiative (Settings.InitiativeStarters).
const (
	// StartersStewards lets the directory's stewards (and platform admins)
	// start initiatives: the default, as before the setting existed.
	StartersStewards = "stewards"
	// StartersOrganizationAdmins lets, besides them, any organization's
	// admins start one: a coordinator who runs an organization need not
	// ask a steward.
	StartersOrganizationAdmins = "stewards_and_organization_admins"
)

// InitiativeStarterChoices lists the values of Settings.InitiativeStarters.
var InitiativeStarterChoices = []string{StartersStewards, StartersOrganizationAdmins}

// settingInitiativeStarters is the key of Settings.InitiativeStarters in
// the settings table.
const settingInitiativeStarters = "initiative_starters"

// The units distances and radii are given in (Settings.DistanceUnit).
const (
	UnitsAuto  = "auto" // from the country of the directory's addresses: miles in the US
	Miles      = "mi"
	Kilometres = "km"
)

// DistanceUnitChoices lists the values of Settings.DistanceUnit.
var DistanceUnitChoices = []string{UnitsAuto, Miles, Kilometres}

const settingDistanceUnit = "distance_unit"

const settingGeocoderURL = "geocoder_url"

// Settings are what platform admins choose for the whole instance. A
// setting nobody has chosen has its default.
type Settings struct {
	// InitiativeStarters says who may start an initiative: one of
	// InitiativeStarterChoices.
	InitiativeStarters string `json:"initiative_starters"`
	// DistanceUnit says how distances and radii are given: one of
	// DistanceUnitChoices ("auto": as the directory's country measures).
	DistanceUnit string `json:"distance_unit"`
	// GeocoderURL is a Nominatim-compatible service that refines the
	// approximate points of street addresses in the background; "" (the
	// default) asks none, and nothing leaves the machine.
	GeocoderURL string `json:"geocoder_url"`
}

// DefaultSettings are the settings of an instance whose admins have chosen
// none.
var DefaultSettings = Settings{InitiativeStarters: StartersStewards, DistanceUnit: UnitsAuto}

// Settings reads the instance's settings, for platform admins
// (ViewSettings).
func (s *Store) Settings(ctx context.Context, actor Actor) (Settings, error) {
	if err := s.Check(ctx, actor, ViewSettings, Platform); err != nil {
		return Settings{}, err
	}
	out := DefaultSettings
	v, err := s.setting(ctx, settingInitiativeStarters)
	if err != nil {
		return Settings{}, err
	}
	if v != "" {
		out.InitiativeStarters = v
	}
	if out.DistanceUnit, err = s.DistanceUnitChoice(ctx); err != nil {
		return Settings{}, err
	}
	if out.GeocoderURL, err = s.GeocoderURL(ctx); err != nil {
		return Settings{}, err
	}
	return out, nil
}

// GeocoderURL reads Settings.GeocoderURL, for the background job that
// asks it.
func (s *Store) GeocoderURL(ctx context.Context) (string, error) {
	return s.setting(ctx, settingGeocoderURL)
}

// DistanceUnitChoice reads Settings.DistanceUnit for anyone: every page
// that shows a distance needs it.
func (s *Store) DistanceUnitChoice(ctx context.Context) (string, error) {
	v, err := s.setting(ctx, settingDistanceUnit)
	if v == "" {
		v = UnitsAuto
	}
	return v, err
}

// setting reads one setting's value, "" when nobody has chosen it.
func (s *Store) setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SaveSettings changes the instance's settings, for platform admins
// (ChangeSettings); each setting that changes is kept in the audit log.
// It returns the settings as they now are.
func (s *Store) SaveSettings(ctx context.Context, actor Actor, in Settings) (Settings, error) {
	if err := s.Check(ctx, actor, ChangeSettings, Platform); err != nil {
		return Settings{}, err
	}
	before, err := s.Settings(ctx, actor)
	if err != nil {
		return Settings{}, err
	}
	if in.DistanceUnit == "" {
		in.DistanceUnit = before.DistanceUnit // a client that knows only the older settings
	}
	if !oneOfList(in.InitiativeStarters, InitiativeStarterChoices) {
		return Settings{}, &errs.ValidationError{Fields: map[string]string{"initiative_starters": "must be " +
			StartersStewards + " or " + StartersOrganizationAdmins}}
	}
	if !oneOfList(in.DistanceUnit, DistanceUnitChoices) {
		return Settings{}, &errs.ValidationError{Fields: map[string]string{"distance_unit": "must be " +
			UnitsAuto + ", " + Miles + " or " + Kilometres}}
	}
	in.GeocoderURL = strings.TrimSpace(in.GeocoderURL)
	if u, err := url.Parse(in.GeocoderURL); in.GeocoderURL != "" && (err != nil ||
		(u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return Settings{}, &errs.ValidationError{Fields: map[string]string{"geocoder_url": "must be an http or " +
			"https address, such as https://nominatim.openstreetmap.org, or empty"}}
	}
	if before == in {
		return in, nil
	}

	changes := []struct{ key, value, summary string }{}
	if in.InitiativeStarters != before.InitiativeStarters {
		changes = append(changes, struct{ key, value, summary string }{settingInitiativeStarters,
			in.InitiativeStarters, "let " + starterWords[in.InitiativeStarters] + " start initiatives (was " +
				starterWords[before.InitiativeStarters] + ")"})
	}
	if in.DistanceUnit != before.DistanceUnit {
		changes = append(changes, struct{ key, value, summary string }{settingDistanceUnit, in.DistanceUnit,
			"give distances in " + unitWords[in.DistanceUnit] + " (was " + unitWords[before.DistanceUnit] + ")"})
	}
	if in.GeocoderURL != before.GeocoderURL {
		summary := "refine street addresses with the geocoder " + in.GeocoderURL
		if in.GeocoderURL == "" {
			summary = "stop asking a geocoder (was " + before.GeocoderURL + ")"
		}
		changes = append(changes, struct{ key, value, summary string }{settingGeocoderURL, in.GeocoderURL, summary})
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, c := range changes {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
				c.key, c.value, s.now())
			if err != nil {
				return fmt.Errorf("save setting %s: %w", c.key, err)
			}
			if err := Record(ctx, tx, actor, Event{At: s.now(), Action: "update", EntityType: "settings",
				EntityID: c.key, Summary: c.summary, Before: before, After: in}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Settings{}, err
	}
	return in, nil
}

// unitWords names the distance units, as a sentence does.
var unitWords = map[string]string{
	UnitsAuto:  "the directory's country's unit",
	Miles:      "miles",
	Kilometres: "kilometres",
}

// starterWords names who may start initiatives, as a sentence does.
var starterWords = map[string]string{
	StartersStewards:           "directory stewards only",
	StartersOrganizationAdmins: "directory stewards and any organization's admins",
}

func oneOfList(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
