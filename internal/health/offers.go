package health

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/store"
)

// Sides of a post: what a member can offer the others, or what it needs.
const (
	SideOffer = "offer"
	SideNeed  = "need"
)

// Statuses of a post.
const (
	PostOpen   = "open"
	PostClosed = "closed"
)

// Statuses of a match.
const (
	MatchProposed = "proposed"
	MatchAccepted = "accepted"
	MatchDeclined = "declined"
)

// Post is an offer or a need of a member.
type Post struct {
	ID               int64      `json:"id"`
	InitiativeID     int64      `json:"initiative_id"`
	OrganizationID   string     `json:"organization_id"`
	OrganizationName string     `json:"organization_name"`
	Side             string     `json:"side"`
	Category         string     `json:"category"`
	Title            string     `json:"title"`
	Details          string     `json:"details"`
	Status           string     `json:"status"`
	PostedBy         string     `json:"posted_by"`
	PostedAt         time.Time  `json:"posted_at"`
	ClosedAt         *time.Time `json:"closed_at"`
}

// CategoryWords names the post's category in words.
func (p Post) CategoryWords() string { return KindLabel(p.Category) }

// PostInput is a post as a member writes it.
type PostInput struct {
	OrganizationID string `json:"organization_id"`
	Side           string `json:"side"`
	Category       string `json:"category"`
	Title          string `json:"title"`
	Details        string `json:"details"`
}

func (in PostInput) normalize() (PostInput, error) {
	v := &errs.ValidationError{}
	in.OrganizationID = strings.TrimSpace(in.OrganizationID)
	in.Side = strings.ToLower(strings.TrimSpace(in.Side))
	in.Category = strings.ToLower(strings.TrimSpace(in.Category))
	in.Title, in.Details = strings.TrimSpace(in.Title), strings.TrimSpace(in.Details)
	if in.Side != SideOffer && in.Side != SideNeed {
		v.Add("side", "must be offer (what the member can give) or need (what it is looking for)")
	}
	if !oneOf(in.Category, Kinds) {
		v.Add("category", "must be one of "+strings.Join(Kinds, ", "))
	}
	if in.Title == "" {
		v.Add("title", "is required: say it in a few words, such as “meeting room on Tuesdays”")
	}
	checkLength(v, "title", in.Title, 200)
	checkLength(v, "details", in.Details, maxEvidence)
	return in, v.OrNil()
}

// Match is an offer proposed to meet a need, and how it went.
type Match struct {
	ID                       int64      `json:"id"`
	InitiativeID             int64      `json:"initiative_id"`
	Offer                    Post       `json:"offer"`
	Need                     Post       `json:"need"`
	Reason                   string     `json:"reason"`
	ProposedByOrganizationID string     `json:"proposed_by_organization_id"` // "" when backbone staff proposed
	ProposedBy               string     `json:"proposed_by"`
	ProposedAt               time.Time  `json:"proposed_at"`
	Status                   string     `json:"status"`
	AnsweredBy               string     `json:"answered_by"`
	AnsweredAt               *time.Time `json:"answered_at"`
	Outcome                  string     `json:"outcome"`
	OutcomeAt                *time.Time `json:"outcome_at"`
}

// Answerer is the organization that accepts or declines the match: the side
// that did not propose it, the offering side when backbone staff did.
func (m Match) Answerer() Post {
	if m.ProposedByOrganizationID == m.Offer.OrganizationID {
		return m.Need
	}
	return m.Offer
}

// Board is an initiative's offers and needs, the matches suggested between
// open ones, and the matches proposed.
type Board struct {
	Offers      []Post       `json:"offers"`
	Needs       []Post       `json:"needs"`
	Suggestions []Suggestion `json:"suggestions"`
	Matches     []Match      `json:"matches"`
}

const postColumns = `p.id, p.initiative_id, p.organization_id, o.name, p.side, p.category, p.title, p.details,
	p.status, p.posted_by_label, p.posted_at, p.closed_at`

func scanPost(row store.Scanner, p *Post) error {
	var closed sql.NullTime
	if err := row.Scan(&p.ID, &p.InitiativeID, &p.OrganizationID, &p.OrganizationName, &p.Side, &p.Category,
		&p.Title, &p.Details, &p.Status, &p.PostedBy, &p.PostedAt, &closed); err != nil {
		return err
	}
	p.PostedAt = p.PostedAt.UTC()
	if closed.Valid {
		t := closed.Time.UTC()
		p.ClosedAt = &t
	}
	return nil
}

func getPost(ctx context.Context, q store.Querier, initiativeID, id int64, field string) (Post, error) {
	var p Post
	err := scanPost(q.QueryRowContext(ctx, `SELECT `+postColumns+` FROM health_posts p
		JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1 AND p.initiative_id = $2`,
		id, initiativeID), &p)
	if errors.Is(err, sql.ErrNoRows) {
		if field != "" {
			return p, &errs.ValidationError{Fields: map[string]string{field: fmt.Sprintf(
				"%d is not an offer or need of this initiative", id)}}
		}
		return p, fmt.Errorf("offer or need %d: %w", id, errs.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("read offer or need %d: %w", id, err)
	}
	return p, nil
}

// Post keeps an offer or a need of an active member, for someone who posts
// for that organization (account.PostOfferOrNeed).
func (s *Store) Post(ctx context.Context, actor account.Actor, initiativeID int64, in PostInput) (*Post, error) {
	if err := s.checkFor(ctx, actor, account.PostOfferOrNeed, initiativeID, in.OrganizationID); err != nil {
		return nil, err
	}
	in, err := in.normalize()
	if err != nil {
		return nil, err
	}
	var out Post
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		name, err := activeMember(ctx, tx, initiativeID, in.OrganizationID, "organization_id")
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO health_posts (initiative_id, organization_id, side,
			category, title, details, posted_by, posted_by_label, posted_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, initiativeID, in.OrganizationID, in.Side,
			in.Category, in.Title, in.Details, nullUser(actor), actorLabel(actor), s.now()).Scan(&id); err != nil {
			return fmt.Errorf("post %s: %w", in.Side, err)
		}
		if out, err = getPost(ctx, tx, initiativeID, id, ""); err != nil {
			return err
		}
		verb := "offers"
		if in.Side == SideNeed {
			verb = "needs"
		}
		return s.record(ctx, tx, actor, initiativeID, "post_"+in.Side, fmt.Sprintf("%s %s %s", name, verb,
			account.Quote(in.Title)), nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ClosePost closes an open offer or need (it was met, or no longer
// stands), for someone who posts for its organization.
func (s *Store) ClosePost(ctx context.Context, actor account.Actor, initiativeID, id int64) (*Post, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var out Post
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getPost(ctx, tx, initiativeID, id, "")
		if err != nil {
			return err
		}
		err = s.rules.Check(ctx, actor, account.PostOfferOrNeed, account.OrgIn(before.OrganizationID, initiativeID))
		if err != nil {
			return err
		}
		if before.Status != PostOpen {
			return &errs.ConflictError{Message: "this " + before.Side + " is already closed"}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE health_posts SET status = $1, closed_at = $2 WHERE id = $3`,
			PostClosed, s.now(), id); err != nil {
			return fmt.Errorf("close post %d: %w", id, err)
		}
		if out, err = getPost(ctx, tx, initiativeID, id, ""); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "post_close", fmt.Sprintf("%s closed its %s %s",
			out.OrganizationName, out.Side, account.Quote(out.Title)), before, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Board returns the initiative's offers and needs (open first, newest
// first), the matches suggested between open ones and the matches
// proposed, to whoever may see the initiative.
func (s *Store) Board(ctx context.Context, actor account.Actor, initiativeID int64) (*Board, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+postColumns+` FROM health_posts p
		JOIN organizations o ON o.id = p.organization_id WHERE p.initiative_id = $1
		ORDER BY CASE WHEN p.status = 'open' THEN 0 ELSE 1 END, p.posted_at DESC, p.id DESC`, initiativeID)
	if err != nil {
		return nil, fmt.Errorf("list offers and needs: %w", err)
	}
	defer rows.Close()
	b := &Board{Offers: []Post{}, Needs: []Post{}}
	var all []Post
	for rows.Next() {
		var p Post
		if err := scanPost(rows, &p); err != nil {
			return nil, fmt.Errorf("list offers and needs: %w", err)
		}
		all = append(all, p)
		if p.Side == SideOffer {
			b.Offers = append(b.Offers, p)
		} else {
			b.Needs = append(b.Needs, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if b.Matches, err = s.matches(ctx, s.db, initiativeID, 0); err != nil {
		return nil, err
	}
	taken := map[[2]int64]bool{}
	for _, m := range b.Matches {
		if m.Status != MatchDeclined {
			taken[[2]int64{m.Offer.ID, m.Need.ID}] = true
		}
	}
	b.Suggestions = Suggest(all, taken)
	return b, nil
}

func (s *Store) matches(ctx context.Context, q store.Querier, initiativeID, id int64) ([]Match, error) {
	query := `SELECT m.id, m.initiative_id, m.offer_id, m.need_id, m.reason, m.proposed_by_organization_id,
		m.proposed_by_label, m.proposed_at, m.status, m.answered_by_label, m.answered_at, m.outcome, m.outcome_at
		FROM health_matches m WHERE m.initiative_id = $1`
	args := []any{initiativeID}
	if id != 0 {
		query += ` AND m.id = $2`
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY m.proposed_at DESC, m.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list matches: %w", err)
	}
	out := []Match{}
	for rows.Next() {
		var m Match
		var answered, outcome sql.NullTime
		if err := rows.Scan(&m.ID, &m.InitiativeID, &m.Offer.ID, &m.Need.ID, &m.Reason,
			&m.ProposedByOrganizationID, &m.ProposedBy, &m.ProposedAt, &m.Status, &m.AnsweredBy, &answered,
			&m.Outcome, &outcome); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list matches: %w", err)
		}
		m.ProposedAt = m.ProposedAt.UTC()
		if answered.Valid {
			t := answered.Time.UTC()
			m.AnsweredAt = &t
		}
		if outcome.Valid {
			t := outcome.Time.UTC()
			m.OutcomeAt = &t
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Offer, err = getPost(ctx, q, initiativeID, out[i].Offer.ID, ""); err != nil {
			return nil, err
		}
		if out[i].Need, err = getPost(ctx, q, initiativeID, out[i].Need.ID, ""); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) match(ctx context.Context, q store.Querier, initiativeID, id int64) (Match, error) {
	ms, err := s.matches(ctx, q, initiativeID, id)
	if err != nil {
		return Match{}, err
	}
	if len(ms) == 0 {
		return Match{}, fmt.Errorf("match %d: %w", id, errs.ErrNotFound)
	}
	return ms[0], nil
}

// ProposeMatch proposes that an open offer meets an open need of another
// member (account.ProposeMatch): backbone staff propose as the backbone;
// anyone else for the side their organization is (the need's first). The
// other side then accepts or declines it.
func (s *Store) ProposeMatch(ctx context.Context, actor account.Actor, initiativeID, offerID,
	needID int64) (*Match, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var out Match
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		offer, err := getPost(ctx, tx, initiativeID, offerID, "offer_id")
		if err != nil {
			return err
		}
		need, err := getPost(ctx, tx, initiativeID, needID, "need_id")
		if err != nil {
			return err
		}
		v := &errs.ValidationError{}
		if offer.Side != SideOffer || offer.Status != PostOpen {
			v.Add("offer_id", fmt.Sprintf("%d is not an open offer", offerID))
		}
		if need.Side != SideNeed || need.Status != PostOpen {
			v.Add("need_id", fmt.Sprintf("%d is not an open need", needID))
		}
		if v.Has() {
			return v
		}
		if offer.OrganizationID == need.OrganizationID {
			return &errs.ValidationError{Fields: map[string]string{"need_id": "the offer and the need are both " +
				offer.OrganizationName + "'s"}}
		}
		proposer, err := s.proposer(ctx, actor, initiativeID, need.OrganizationID, offer.OrganizationID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM health_matches WHERE offer_id = $1 AND need_id = $2`,
			offerID, needID).Scan(&n); err != nil {
			return fmt.Errorf("propose match: %w", err)
		}
		if n > 0 {
			return &errs.ConflictError{Message: "this offer was already proposed for this need"}
		}
		reason := ""
		for _, sg := range Suggest([]Post{offer, need}, nil) {
			reason = sg.Why()
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO health_matches (initiative_id, offer_id, need_id, reason,
			proposed_by_organization_id, proposed_by_label, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
			RETURNING id`, initiativeID, offerID, needID, reason, proposer, actorLabel(actor), s.now()).
			Scan(&id); err != nil {
			return fmt.Errorf("propose match: %w", err)
		}
		if out, err = s.match(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "match_propose", fmt.Sprintf("Proposed: %s's %s for %s's %s",
			offer.OrganizationName, account.Quote(offer.Title), need.OrganizationName, account.Quote(need.Title)),
			nil, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// proposer decides for which side actor proposes: "" as backbone staff,
// else the first of the sides' organizations it may act for.
func (s *Store) proposer(ctx context.Context, actor account.Actor, initiativeID int64, sides ...string) (string,
	error) {
	ok, err := s.rules.May(ctx, actor, account.ProposeMatch, account.Initiative(initiativeID))
	if err != nil || ok {
		return "", err
	}
	for _, org := range sides {
		ok, err := s.rules.May(ctx, actor, account.ProposeMatch, account.OrgIn(org, initiativeID))
		if err != nil || ok {
			return org, err
		}
	}
	return "", s.rules.Check(ctx, actor, account.ProposeMatch, account.OrgIn(sides[0], initiativeID))
}

// Answers to a proposed match.
const (
	AnswerAccept  = "accept"
	AnswerDecline = "decline"
)

// AnswerMatch accepts or declines (answer) a proposed match for the side
// that answers it (Match.Answerer; account.AnswerMatch).
func (s *Store) AnswerMatch(ctx context.Context, actor account.Actor, initiativeID, id int64,
	answer string) (*Match, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	var out Match
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.match(ctx, tx, initiativeID, id)
		if err != nil {
			return err
		}
		side := before.Answerer()
		if err := s.rules.Check(ctx, actor, account.AnswerMatch,
			account.OrgIn(side.OrganizationID, initiativeID)); err != nil {
			return err
		}
		answer = strings.ToLower(strings.TrimSpace(answer))
		if answer != AnswerAccept && answer != AnswerDecline {
			return &errs.ValidationError{Fields: map[string]string{"answer": "must be accept or decline"}}
		}
		if before.Status != MatchProposed {
			return &errs.ConflictError{Message: "this match was already " + before.Status}
		}
		status := MatchDeclined
		if answer == AnswerAccept {
			status = MatchAccepted
		}
		if _, err := tx.ExecContext(ctx, `UPDATE health_matches SET status = $1, answered_by_label = $2,
			answered_at = $3 WHERE id = $4`, status, actorLabel(actor), s.now(), id); err != nil {
			return fmt.Errorf("answer match %d: %w", id, err)
		}
		if out, err = s.match(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "match_"+status, fmt.Sprintf("%s %s the match of %s with %s",
			side.OrganizationName, status, account.Quote(out.Offer.Title), account.Quote(out.Need.Title)), before, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RecordOutcome says how an accepted match went, for either side's people
// or backbone staff (account.RecordMatchOutcome); a later outcome replaces
// it, and the audit log keeps both.
func (s *Store) RecordOutcome(ctx context.Context, actor account.Actor, initiativeID, id int64,
	outcome string) (*Match, error) {
	if err := s.rules.Check(ctx, actor, account.ViewContributions, account.Initiative(initiativeID)); err != nil {
		return nil, err
	}
	outcome = strings.TrimSpace(outcome)
	v := &errs.ValidationError{}
	if outcome == "" {
		v.Add("outcome", "is required: say how it went")
	}
	checkLength(v, "outcome", outcome, maxEvidence)
	var out Match
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.match(ctx, tx, initiativeID, id)
		if err != nil {
			return err
		}
		if _, err := s.proposerFor(ctx, actor, initiativeID, before); err != nil {
			return err
		}
		if err := v.OrNil(); err != nil {
			return err
		}
		if before.Status != MatchAccepted {
			return &errs.ConflictError{Message: "only an accepted match has an outcome; this one is " + before.Status}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE health_matches SET outcome = $1, outcome_at = $2 WHERE id = $3`,
			outcome, s.now(), id); err != nil {
			return fmt.Errorf("record outcome of match %d: %w", id, err)
		}
		if out, err = s.match(ctx, tx, initiativeID, id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, initiativeID, "match_outcome", fmt.Sprintf("Outcome of %s for %s: %s",
			account.Quote(out.Offer.Title), account.Quote(out.Need.Title), outcome), before, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// proposerFor checks that actor may record a match's outcome: backbone
// staff, or either side's people.
func (s *Store) proposerFor(ctx context.Context, actor account.Actor, initiativeID int64, m Match) (string, error) {
	ok, err := s.rules.May(ctx, actor, account.RecordMatchOutcome, account.Initiative(initiativeID))
	if err != nil || ok {
		return "", err
	}
	for _, org := range []string{m.Offer.OrganizationID, m.Need.OrganizationID} {
		ok, err := s.rules.May(ctx, actor, account.RecordMatchOutcome, account.OrgIn(org, initiativeID))
		if err != nil || ok {
			return org, err
		}
	}
	return "", s.rules.Check(ctx, actor, account.RecordMatchOutcome, account.OrgIn(m.Offer.OrganizationID,
		initiativeID))
}
