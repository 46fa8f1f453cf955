package meeting

import (
	"context"

	"backbone/internal/account"
	"backbone/internal/calendar"
)

// CalendarEvents returns an initiative's meetings not cancelled as
// calendar events (a series with its rule), as actor may see them; with
// invitedOnly, only those actor is invited to or organizes.
func (s *Store) CalendarEvents(ctx context.Context, actor account.Actor, initiativeID int64, invitedOnly bool,
	site string) ([]calendar.Event, error) {
	list, err := s.List(ctx, actor, initiativeID)
	if err != nil {
		return nil, err
	}
	var out []calendar.Event
	for _, m := range list {
		if m.Cancelled() {
			continue
		}
		if invitedOnly && (actor.User == nil || m.OrganizerID != actor.User.ID) {
			if _, ok := InviteeOf(m, actor.User); !ok {
				continue
			}
		}
		out = append(out, Event(m, site))
	}
	return out, nil
}
