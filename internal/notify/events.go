package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"backbone/internal/account"
	"backbone/internal/initiative"
	"backbone/internal/store"
)

// HandleEvent turns one audit event into the notifications of the people
// it concerns, inside the dispatch transaction (see events.Dispatcher).
// The person who made the change is not told of it.
func (s *Store) HandleEvent(ctx context.Context, tx *sql.Tx, e account.AuditEvent) error {
	notes, err := s.notesFor(ctx, tx, e)
	if err != nil {
		return err
	}
	_, err = s.Give(ctx, tx, notes)
	return err
}

// notesFor decides who an event concerns, and what they are told.
func (s *Store) notesFor(ctx context.Context, q store.Querier, e account.AuditEvent) ([]Note, error) {
	var after map[string]any
	if e.After != "" && strings.HasPrefix(e.After, "{") {
		_ = json.Unmarshal([]byte(e.After), &after)
	}
	str := func(k string) string { v, _ := after[k].(string); return v }
	num := func(k string) int64 { v, _ := after[k].(float64); return int64(v) }
	who, err := s.actorName(ctx, q, e)
	if err != nil {
		return nil, err
	}
	// A summary that starts with a verb ("drafted the agreement ...")
	// needs its actor; one that names its own subject ("Samaritan House
	// proposed ...", "“Meals” passed its milestone") reads alone.
	subject, body := e.Summary, "By "+who+"."
	if r, _ := utf8.DecodeRuneInString(e.Summary); unicode.IsLower(r) {
		subject, body = who+" "+e.Summary, ""
	}
	dedupe := "event:" + strconv.FormatInt(e.ID, 10)
	to := func(kind, link string, iniID int64, users []int64) []Note {
		var out []Note
		for _, u := range users {
			if u == e.UserID {
				continue
			}
			out = append(out, Note{UserID: u, Kind: kind, Dedupe: dedupe, InitiativeID: iniID, Subject: subject,
				Body: body, Link: link})
		}
		return out
	}
	switch e.EntityType {
	case "initiative":
		iniID, err := strconv.ParseInt(e.EntityID, 10, 64)
		if err != nil {
			return nil, nil
		}
		base := "/initiatives/" + e.EntityID
		switch {
		case e.Action == "member_invite":
			users, err := orgPeople(ctx, q, str("organization_id"))
			return to(KindInvitation, base+"/members", iniID, users), err
		case e.Action == "role":
			return to(KindInvitation, base, iniID, []int64{num("user_id")}), nil
		case e.Action == "propose":
			voters, others, err := voters(ctx, q, iniID)
			notes := to(KindVoteNeeded, base+"/decisions", iniID, voters)
			return append(notes, to(KindProposalOpened, base+"/decisions", iniID, others)...), err
		case e.Action == "agreement_create":
			var a initiative.Agreement
			_ = json.Unmarshal([]byte(e.After), &a)
			var orgs []string
			for _, p := range a.Parties {
				orgs = append(orgs, p.OrganizationID)
			}
			users, err := orgPeople(ctx, q, orgs...)
			link := base + "/agreements"
			if a.ID != 0 {
				link += "/" + strconv.FormatInt(a.ID, 10)
			}
			return to(KindAgreementToSign, link, iniID, users), err
		case e.Action == "milestone_reached":
			users, err := participants(ctx, q, iniID)
			return to(KindMilestone, base+"/dashboard", iniID, users), err
		case e.Action == "meeting_minutes":
			users, err := invitedTo(ctx, q, num("meeting_id"))
			return to(KindMeetingRecord, meetingLink(base, after), iniID, users), err
		case e.Action == "meeting_action":
			action, _ := after["action"].(map[string]any)
			org, _ := action["organization_id"].(string)
			users, err := orgPeople(ctx, q, org)
			return to(KindMeetingRecord, meetingLink(base, after), iniID, users), err
		case strings.HasPrefix(e.Action, "meeting_"):
			// Scheduled, changed, cancelled: the record names who is
			// invited; the answers, attendance and agenda tell nobody.
			users, err := meetingInvitees(ctx, q, after)
			return to(KindMeeting, meetingLink(base, after), iniID, users), err
		}
	case "organization":
		switch e.Action {
		case "milestone_reached":
			users, err := orgPeople(ctx, q, e.EntityID)
			return to(KindMilestone, "/organizations/"+e.EntityID+"/goals", 0, users), err
		case "accept", "reject":
			users, err := userIDs(ctx, q, `SELECT id FROM users WHERE email = $1`, str("proposer"))
			return to(KindProposalReview, "/organizations/"+e.EntityID, 0, users), err
		}
	case "plan":
		users, _ := meetingInvitees(ctx, q, after)
		link := "/plans/" + e.EntityID
		switch {
		case e.Action == "signal_met":
			return to(KindPlanSignal, link, 0, users), nil
		case e.Action == "comment", e.Action == "suggestion", e.Action == "share",
			strings.HasPrefix(e.Action, "suggestion_"):
			return to(KindPlanFeedback, link, 0, users), nil
		}
	case "membership":
		if e.Action == "set" {
			return to(KindInvitation, "/organizations/"+e.EntityID, 0, []int64{num("user_id")}), nil
		}
	case "new_organization":
		if e.Action == "accept" || e.Action == "reject" {
			link := ""
			if id := str("organization_id"); id != "" {
				link = "/organizations/" + id
			}
			users, err := userIDs(ctx, q, `SELECT id FROM users WHERE email = $1`, str("proposer"))
			return to(KindProposalReview, link, 0, users), err
		}
	}
	return nil, nil
}

// actorName is how a notification names who made the change: their name,
// or the label of a command ("cli").
func (s *Store) actorName(ctx context.Context, q store.Querier, e account.AuditEvent) (string, error) {
	if e.UserID == 0 {
		return "Backbone", nil
	}
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, e.UserID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) || name == "" {
		return e.Actor, nil
	}
	if err != nil {
		return "", fmt.Errorf("read who made event %d: %w", e.ID, err)
	}
	return name, nil
}

// userIDs runs a query returning user ids.
func userIDs(ctx context.Context, q store.Querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find who to notify: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("find who to notify: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// orgPeople are the people who work for the organizations.
func orgPeople(ctx context.Context, q store.Querier, orgIDs ...string) ([]int64, error) {
	var out []int64
	for _, o := range orgIDs {
		if o == "" {
			continue
		}
		ids, err := userIDs(ctx, q, `SELECT user_id FROM memberships WHERE organization_id = $1 ORDER BY user_id`, o)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// participants are everyone taking part in an initiative: the people with
// a role in it, and the people of its active member organizations.
func participants(ctx context.Context, q store.Querier, iniID int64) ([]int64, error) {
	return userIDs(ctx, q, `SELECT user_id FROM initiative_roles WHERE initiative_id = $1
		UNION SELECT ms.user_id FROM memberships ms JOIN initiative_members m ON m.organization_id = ms.organization_id
		WHERE m.initiative_id = $1 AND m.status = 'active' ORDER BY 1`, iniID)
}

// staff are an initiative's backbone staff.
func staff(ctx context.Context, q store.Querier, iniID int64) ([]int64, error) {
	return userIDs(ctx, q, `SELECT user_id FROM initiative_roles WHERE initiative_id = $1 AND role = $2
		ORDER BY user_id`, iniID, account.InitiativeBackboneStaff)
}

// voters splits an initiative's participants: the people of the active
// members that vote, and the others.
func voters(ctx context.Context, q store.Querier, iniID int64) (vote, others []int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT ms.user_id, m.role FROM memberships ms
		JOIN initiative_members m ON m.organization_id = ms.organization_id
		WHERE m.initiative_id = $1 AND m.status = 'active' ORDER BY ms.user_id`, iniID)
	if err != nil {
		return nil, nil, fmt.Errorf("find the voters: %w", err)
	}
	votes := map[int64]bool{}
	var order []int64
	for rows.Next() {
		var id int64
		var role string
		if err := rows.Scan(&id, &role); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if _, seen := votes[id]; !seen {
			order = append(order, id)
		}
		votes[id] = votes[id] || initiative.Voting(role)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	all, err := participants(ctx, q, iniID)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range all {
		if _, member := votes[id]; !member {
			others = append(others, id)
		}
	}
	for _, id := range order {
		if votes[id] {
			vote = append(vote, id)
		} else {
			others = append(others, id)
		}
	}
	return vote, others, nil
}

// meetingInvitees reads the people a meeting event names ("user_ids" in
// its record).
func meetingInvitees(_ context.Context, _ store.Querier, after map[string]any) ([]int64, error) {
	list, _ := after["user_ids"].([]any)
	var out []int64
	for _, v := range list {
		if f, ok := v.(float64); ok {
			out = append(out, int64(f))
		}
	}
	return out, nil
}

// invitedTo are the people a meeting invites: by name, and the people of
// the organizations it invites.
func invitedTo(ctx context.Context, q store.Querier, meetingID int64) ([]int64, error) {
	return userIDs(ctx, q, `SELECT user_id FROM meeting_invitees WHERE meeting_id = $1 AND user_id IS NOT NULL
		UNION SELECT ms.user_id FROM meeting_invitees i JOIN memberships ms ON ms.organization_id = i.organization_id
		WHERE i.meeting_id = $1 ORDER BY 1`, meetingID)
}

func meetingLink(base string, after map[string]any) string {
	if id, ok := after["meeting_id"].(float64); ok {
		return base + "/meetings/" + strconv.FormatInt(int64(id), 10)
	}
	return base + "/meetings"
}
