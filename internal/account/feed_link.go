package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"backbone/internal/errs"
)

// FeedLinkPrefix starts every calendar and feed link's secret, so that a
// leaked one is easy to recognise.
const FeedLinkPrefix = "bbc_"

// FeedLink is a private address for a calendar program or a feed reader,
// which cannot sign in: its secret is the key. Only the secret's hash is
// kept; the secret is shown once, when the link is made. A link with no
// initiative is its maker's own calendar; one with an initiative serves
// that initiative's calendar and updates feed. Either reads as its maker,
// with the maker's rights when it is read.
type FeedLink struct {
	ID             int64      `json:"id"`
	UserID         int64      `json:"-"`
	UserName       string     `json:"made_by"`
	InitiativeID   int64      `json:"initiative_id,omitempty"`
	InitiativeName string     `json:"initiative_name,omitempty"`
	Prefix         string     `json:"prefix"` // the first characters, to tell links apart
	CreatedAt      time.Time  `json:"created_at"`
	RevokedAt      *time.Time `json:"revoked_at,omitempty"`
}

// CreateFeedLink makes a calendar link for actor: their own calendar when
// initiativeID is 0 (KeepOwnFeedLinks), else the initiative's calendar and
// updates feed (MakeInitiativeFeedLink). It returns the secret, shown once.
func (s *Store) CreateFeedLink(ctx context.Context, actor Actor, initiativeID int64) (string, *FeedLink, error) {
	if actor.User == nil {
		return "", nil, errs.ErrUnauthenticated
	}
	var initiative any
	what := "their own calendar"
	if initiativeID == 0 {
		if err := s.Check(ctx, actor, KeepOwnFeedLinks, Platform); err != nil {
			return "", nil, err
		}
	} else {
		if err := s.Check(ctx, actor, MakeInitiativeFeedLink, Initiative(initiativeID)); err != nil {
			return "", nil, err
		}
		initiative = initiativeID
		var name string
		if err := s.db.QueryRowContext(ctx, `SELECT name FROM initiatives WHERE id = $1`,
			initiativeID).Scan(&name); err != nil {
			return "", nil, fmt.Errorf("create calendar link: %w", err)
		}
		what = "the calendar and updates of " + name
	}
	secret := FeedLinkPrefix + RandomToken(30)
	now := s.now()
	l := &FeedLink{UserID: actor.User.ID, UserName: actor.User.Name, InitiativeID: initiativeID,
		Prefix: secret[:10], CreatedAt: now}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO feed_links (user_id, initiative_id, token_hash, prefix, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, actor.User.ID, initiative, hashToken(secret), l.Prefix, now).
			Scan(&l.ID); err != nil {
			return fmt.Errorf("create calendar link: %w", err)
		}
		return Record(ctx, tx, actor, Event{At: now, Action: "create", EntityType: "feed_link",
			EntityID: fmt.Sprint(l.ID), Summary: "made a calendar link to " + what})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, l, nil
}

const feedLinkColumns = `SELECT l.id, l.user_id, u.name, COALESCE(l.initiative_id, 0), COALESCE(i.name, ''),
	l.prefix, l.created_at, l.revoked_at
	FROM feed_links l JOIN users u ON u.id = l.user_id LEFT JOIN initiatives i ON i.id = l.initiative_id`

func (s *Store) feedLinks(ctx context.Context, where string, args ...any) ([]FeedLink, error) {
	rows, err := s.db.QueryContext(ctx, feedLinkColumns+` WHERE `+where+` ORDER BY l.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list calendar links: %w", err)
	}
	defer rows.Close()
	out := []FeedLink{}
	for rows.Next() {
		var l FeedLink
		var rev sql.NullTime
		if err := rows.Scan(&l.ID, &l.UserID, &l.UserName, &l.InitiativeID, &l.InitiativeName, &l.Prefix,
			&l.CreatedAt, &rev); err != nil {
			return nil, fmt.Errorf("list calendar links: %w", err)
		}
		l.RevokedAt = timePtr(rev)
		out = append(out, l)
	}
	return out, rows.Err()
}

// FeedLinks lists the links actor made that still work, newest first
// (KeepOwnFeedLinks).
func (s *Store) FeedLinks(ctx context.Context, actor Actor) ([]FeedLink, error) {
	if err := s.Check(ctx, actor, KeepOwnFeedLinks, Platform); err != nil {
		return nil, err
	}
	return s.feedLinks(ctx, `l.user_id = $1 AND l.revoked_at IS NULL`, actor.User.ID)
}

// InitiativeFeedLinks lists the links to an initiative that still work:
// all of them to its backbone staff, who may revoke any; to anyone else who
// may make one, their own.
func (s *Store) InitiativeFeedLinks(ctx context.Context, actor Actor, initiativeID int64) ([]FeedLink, error) {
	if err := s.Check(ctx, actor, MakeInitiativeFeedLink, Initiative(initiativeID)); err != nil {
		return nil, err
	}
	all, err := s.May(ctx, actor, RevokeInitiativeFeedLink, Initiative(initiativeID))
	if err != nil {
		return nil, err
	}
	if all {
		return s.feedLinks(ctx, `l.initiative_id = $1 AND l.revoked_at IS NULL`, initiativeID)
	}
	return s.feedLinks(ctx, `l.initiative_id = $1 AND l.user_id = $2 AND l.revoked_at IS NULL`,
		initiativeID, actor.User.ID)
}

// RevokeFeedLink stops a link from working: its maker may
// (KeepOwnFeedLinks), and for an initiative's link its backbone staff
// (RevokeInitiativeFeedLink). A link actor may not revoke, or that is
// already revoked, is errs.ErrNotFound.
func (s *Store) RevokeFeedLink(ctx context.Context, actor Actor, id int64) error {
	if actor.User == nil {
		return errs.ErrUnauthenticated
	}
	links, err := s.feedLinks(ctx, `l.id = $1 AND l.revoked_at IS NULL`, id)
	if err != nil {
		return err
	}
	notFound := fmt.Errorf("calendar link %d: %w", id, errs.ErrNotFound)
	if len(links) == 0 {
		return notFound
	}
	l := links[0]
	if l.UserID == actor.User.ID {
		err = s.Check(ctx, actor, KeepOwnFeedLinks, Platform)
	} else if l.InitiativeID != 0 {
		err = s.Check(ctx, actor, RevokeInitiativeFeedLink, Initiative(l.InitiativeID))
	} else {
		err = notFound
	}
	if errors.Is(err, errs.ErrForbidden) {
		err = notFound
	}
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE feed_links SET revoked_at = $1 WHERE id = $2`, s.now(), id); err != nil {
			return fmt.Errorf("revoke calendar link %d: %w", id, err)
		}
		what := "their own calendar"
		if l.InitiativeID != 0 {
			what = "the calendar and updates of " + l.InitiativeName
		}
		return Record(ctx, tx, actor, Event{At: s.now(), Action: "revoke", EntityType: "feed_link",
			EntityID: fmt.Sprint(id), Summary: fmt.Sprintf("revoked %s's calendar link to %s", l.UserName, what)})
	})
}

// FeedLinkOwner finds the link behind a secret: its maker, to read as, and
// its initiative (0 for the maker's own calendar). A secret that is
// unknown, revoked, or whose maker is disabled is errs.ErrNotFound.
func (s *Store) FeedLinkOwner(ctx context.Context, secret string) (*User, int64, error) {
	if !strings.HasPrefix(secret, FeedLinkPrefix) {
		return nil, 0, errs.ErrNotFound
	}
	u := &User{}
	var initiativeID int64
	var rev, disabled, last sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(l.initiative_id, 0), l.revoked_at,
			u.id, u.email, u.name, u.role, u.disabled_at, u.last_login_at, u.created_at
		FROM feed_links l JOIN users u ON u.id = l.user_id WHERE l.token_hash = $1`, hashToken(secret)).
		Scan(&initiativeID, &rev, &u.ID, &u.Email, &u.Name, &u.Role, &disabled, &last, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (rev.Valid || disabled.Valid)) {
		return nil, 0, errs.ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("find calendar link: %w", err)
	}
	return u, initiativeID, nil
}
