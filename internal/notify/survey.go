package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"backbone/internal/mail"
	"backbone/internal/network"
	"backbone/internal/store"
)

// surveyMailData is what the survey e-mail templates read.
type surveyMailData struct {
	Site, Organization, Survey, Link, ClosesAt, Initiative string
	Reminder                                               bool
}

// SurveyMailer sends each organization its survey link by e-mail, inside
// the transaction that makes the link (network.Store.WithSurveyMail): to
// the person who answered for it last time, or else to the organization's
// own address in the directory. An organization with neither gets no
// e-mail; staff pass its link on themselves.
func (s *Store) SurveyMailer() network.SurveyMailer {
	return func(ctx context.Context, tx store.Querier, kind string, w network.SurveyMail,
		links []network.Link) (map[string]string, error) {
		sent := map[string]string{}
		if s.site == "" {
			return sent, nil // no address to put in a link
		}
		var initiative string
		if w.InitiativeID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE id = $1`, w.InitiativeID).
				Scan(&initiative); err != nil {
				return nil, fmt.Errorf("survey e-mail: read the initiative: %w", err)
			}
		}
		now := s.db.Now()
		var mails []mail.Message
		for _, l := range links {
			to, err := surveyAddress(ctx, tx, l.OrganizationID)
			if err != nil {
				return nil, err
			}
			if to == "" || mail.CheckAddress("to", to) != nil {
				continue
			}
			d := surveyMailData{Site: s.site, Organization: l.OrganizationName, Survey: w.Name,
				Link: s.site + "/survey/" + url.PathEscape(l.Token), Initiative: initiative,
				Reminder: kind == "reminder"}
			if w.ClosesAt != "" {
				if t, err := time.Parse("2006-01-02", w.ClosesAt); err == nil {
					d.ClosesAt = t.Format("Monday 2 January 2006")
				}
			}
			m, err := mail.Compose("survey", to, now, d)
			if err != nil {
				return nil, err
			}
			mails = append(mails, m)
			sent[l.OrganizationID] = to
		}
		return sent, mail.EnqueueMany(ctx, tx, s.db.Engine, mails)
	}
}

// surveyAddress is where an organization's survey link goes.
func surveyAddress(ctx context.Context, q store.Querier, orgID string) (string, error) {
	var to string
	err := q.QueryRowContext(ctx, `SELECT respondent_email FROM survey_participants
		WHERE organization_id = $1 AND respondent_email <> '' ORDER BY responded_at DESC LIMIT 1`, orgID).Scan(&to)
	if err == nil && to != "" {
		return to, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("survey e-mail: the last respondent of %s: %w", orgID, err)
	}
	err = q.QueryRowContext(ctx, `SELECT email FROM organizations WHERE id = $1`, orgID).Scan(&to)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("survey e-mail: the address of %s: %w", orgID, err)
	}
	return to, nil
}
