package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/store"
)

// CheckTimeZone says what is wrong with a time zone name, or "" when it is
// an IANA name Backbone knows (or empty, for the instance's time zone).
func CheckTimeZone(name string) string {
	if name == "" {
		return ""
	}
	if len(name) > 100 || strings.ContainsAny(name, " \\") {
		return "must be an IANA time zone name, like America/Los_Angeles"
	}
	if _, err := time.LoadLocation(name); err != nil || name == "Local" {
		return fmt.Sprintf("%q is not a time zone: use an IANA name, like America/Los_Angeles or Europe/Berlin", name)
	}
	return ""
}

// TimeZoneOf returns the time zone initiative id keeps ("" for the
// instance's, or when there is no such initiative). It is no secret: pages
// read it to show times, before deciding who may see what.
func (s *Store) TimeZoneOf(ctx context.Context, id int64) (string, error) {
	var zone string
	err := s.db.QueryRowContext(ctx, `SELECT time_zone FROM initiatives WHERE id = $1`, id).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the time zone of initiative %d: %w", id, err)
	}
	return zone, nil
}

// WithTimeZone sets the instance's time zone, in which the store's messages
// write moments for the initiatives that keep none, and returns the store.
func (s *Store) WithTimeZone(loc *time.Location) *Store {
	if loc != nil {
		s.zone = loc
	}
	return s
}

// moment writes t as the initiative's partners read it: in the time zone
// the initiative keeps, else the instance's, with the zone's abbreviation
// ("10 Dec 2026, 3:59 pm PST").
func (s *Store) moment(ctx context.Context, q store.Querier, initiativeID int64, t time.Time) string {
	loc := s.zone
	var name string
	err := q.QueryRowContext(ctx, `SELECT time_zone FROM initiatives WHERE id = $1`, initiativeID).Scan(&name)
	if err == nil && name != "" {
		if l, err := time.LoadLocation(name); err == nil {
			loc = l
		}
	}
	return t.In(loc).Format("2 Jan 2006, 3:04 pm MST")
}
