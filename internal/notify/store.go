package notify

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/mail"
	"backbone/internal/review"
	"backbone/internal/store"
)

// Store keeps people's notifications and their choices.
type Store struct {
	db    *store.DB
	rules *account.Store
	site  string // the address people reach Backbone at, for links; "" when unknown
	zone  *time.Location
	// reviews lists the scheduled reviews due, for the reminders; nil
	// leaves them out (see WithReviews).
	reviews *review.Store

	mu  sync.Mutex
	key []byte // the unsubscribe links' key, once read
}

// NewStore returns the notifications of a database; site is the address
// links in e-mails start with, zone the one digests are sent by.
func NewStore(db *store.DB, rules *account.Store, site string, zone *time.Location) *Store {
	if zone == nil {
		zone = time.UTC
	}
	return &Store{db: db, rules: rules, site: strings.TrimRight(site, "/"), zone: zone}
}

// WithReviews has the reminders tell of the scheduled reviews due, and
// returns the store.
func (s *Store) WithReviews(r *review.Store) *Store {
	s.reviews = r
	return s
}

// Zone is the time zone digests are sent by.
func (s *Store) Zone() *time.Location { return s.zone }

// Note is a notification to be given to one person.
type Note struct {
	UserID int64
	Kind   string
	// Dedupe names what the note is about, so that the same thing is not
	// told twice to a person: "event:123", "report_late:4:org:2026-11".
	Dedupe       string
	InitiativeID int64 // 0 when it concerns no initiative
	Subject      string
	Body         string
	Link         string // a path on the site, such as /initiatives/3/decisions
}

// Notification is a note as a person's list shows it.
type Notification struct {
	ID           int64      `json:"id"`
	Kind         string     `json:"kind"`
	InitiativeID int64      `json:"initiative_id,omitempty"`
	Subject      string     `json:"subject"`
	Body         string     `json:"body"`
	Link         string     `json:"link"`
	CreatedAt    time.Time  `json:"created_at"`
	Delivery     Delivery   `json:"delivery"`
	MailedAt     *time.Time `json:"mailed_at"`
	ReadAt       *time.Time `json:"read_at"`
}

// recipient is who a note goes to, with their choices.
type recipient struct {
	name, email string
	prefs       map[string]Delivery
}

// noteBatch is how many notifications one INSERT writes.
const noteBatch = 300

// Give records notes inside tx, each by its person's choice for its kind:
// not at all when they turned it off, in the app always otherwise, and by
// e-mail at once (queued in the outbox in tx) or later in a digest. A note
// a person already has (the same Dedupe) is not given again, and disabled
// accounts get none. It returns how many notes were recorded.
func (s *Store) Give(ctx context.Context, tx store.Querier, notes []Note) (int, error) {
	if len(notes) == 0 {
		return 0, nil
	}
	ids := make([]int64, 0, len(notes))
	for _, n := range notes {
		ids = append(ids, n.UserID)
	}
	people, err := s.recipients(ctx, tx, ids)
	if err != nil {
		return 0, err
	}
	now := s.db.Now()
	type given struct {
		Note
		delivery Delivery
	}
	var keep []given
	seen := map[string]bool{}
	for _, n := range notes {
		p, ok := people[n.UserID]
		key := strconv.FormatInt(n.UserID, 10) + "|" + n.Dedupe
		if !ok || seen[key] {
			continue
		}
		seen[key] = true
		d := p.delivery(n.Kind)
		if d == Off {
			continue
		}
		keep = append(keep, given{n, d})
	}
	var mails []mail.Message
	recorded := 0
	for start := 0; start < len(keep); start += noteBatch {
		part := keep[start:min(start+noteBatch, len(keep))]
		args := make([]any, 0, 10*len(part))
		for _, g := range part {
			var ini, mailed any
			if g.InitiativeID != 0 {
				ini = g.InitiativeID
			}
			if k, _ := KindOf(g.Kind); g.delivery == AtOnce || k.InApp {
				mailed = now // an in-app kind's e-mail went otherwise: no digest carries it
			}
			args = append(args, g.UserID, g.Kind, g.Dedupe, ini, g.Subject, g.Body, g.Link, now, string(g.delivery),
				mailed)
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO notifications
			(user_id, kind, dedupe, initiative_id, subject, body, link, created_at, delivery, mailed_at)
			VALUES `+store.Values(s.db.Engine, len(part), 10)+`
			ON CONFLICT (user_id, dedupe) DO NOTHING RETURNING user_id, dedupe`, args...)
		if err != nil {
			return recorded, fmt.Errorf("record notifications: %w", err)
		}
		fresh := map[string]bool{}
		for rows.Next() {
			var uid int64
			var dedupe string
			if err := rows.Scan(&uid, &dedupe); err != nil {
				rows.Close()
				return recorded, fmt.Errorf("record notifications: %w", err)
			}
			fresh[strconv.FormatInt(uid, 10)+"|"+dedupe] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return recorded, fmt.Errorf("record notifications: %w", err)
		}
		recorded += len(fresh)
		for _, g := range part {
			if k, _ := KindOf(g.Kind); k.InApp || g.delivery != AtOnce ||
				!fresh[strconv.FormatInt(g.UserID, 10)+"|"+g.Dedupe] {
				continue
			}
			m, err := s.composeNote(ctx, tx, people[g.UserID], g.Note, now)
			if err != nil {
				return recorded, err
			}
			mails = append(mails, m)
		}
	}
	if err := mail.EnqueueMany(ctx, tx, s.db.Engine, mails); err != nil {
		return recorded, err
	}
	return recorded, nil
}

func (p recipient) delivery(kind string) Delivery {
	k, ok := KindOf(kind)
	if !ok {
		return Off
	}
	d, chosen := p.prefs[kind]
	if !chosen || (d == Off && k.Required) {
		return k.Default
	}
	return d
}

// recipients reads the enabled accounts among ids, with their choices.
func (s *Store) recipients(ctx context.Context, q store.Querier, ids []int64) (map[int64]*recipient, error) {
	out := map[int64]*recipient{}
	uniq := map[int64]bool{}
	var list []any
	for _, id := range ids {
		if id != 0 && !uniq[id] {
			uniq[id] = true
			list = append(list, id)
		}
	}
	for start := 0; start < len(list); start += 500 {
		part := list[start:min(start+500, len(list))]
		in := placeholders(s.db.Engine, len(part))
		rows, err := q.QueryContext(ctx, `SELECT id, name, email FROM users WHERE disabled_at IS NULL AND id IN (`+
			in+`)`, part...)
		if err != nil {
			return nil, fmt.Errorf("read who to notify: %w", err)
		}
		for rows.Next() {
			r := &recipient{prefs: map[string]Delivery{}}
			var id int64
			if err := rows.Scan(&id, &r.name, &r.email); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read who to notify: %w", err)
			}
			out[id] = r
		}
		rows.Close()
		rows, err = q.QueryContext(ctx, `SELECT user_id, kind, delivery FROM notification_preferences
			WHERE user_id IN (`+in+`)`, part...)
		if err != nil {
			return nil, fmt.Errorf("read notification choices: %w", err)
		}
		for rows.Next() {
			var id int64
			var kind, d string
			if err := rows.Scan(&id, &kind, &d); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read notification choices: %w", err)
			}
			if r := out[id]; r != nil {
				r.prefs[kind] = Delivery(d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// placeholders writes n parameters for an IN list: "?" on SQLite (see
// store.Values), "$1.." on PostgreSQL.
func placeholders(e store.Engine, n int) string {
	v := store.Values(e, 1, n)
	return v[1 : len(v)-1]
}

// noteMail is what the notification e-mail templates read.
type noteMail struct {
	Site, Name, Subject, Body, Link, Kind, Unsubscribe, Preferences string
}

func (s *Store) composeNote(ctx context.Context, q store.Querier, p *recipient, n Note,
	now time.Time) (mail.Message, error) {
	k, _ := KindOf(n.Kind)
	d := noteMail{Site: s.site, Name: p.name, Subject: n.Subject, Body: n.Body, Link: s.absolute(n.Link),
		Kind: k.Label, Preferences: s.absolute("/account/notifications")}
	if !k.Required {
		var err error
		if d.Unsubscribe, err = s.UnsubscribeURL(ctx, q, n.UserID, n.Kind); err != nil {
			return mail.Message{}, err
		}
	}
	m, err := mail.Compose("notification", p.email, now, d)
	if err != nil {
		return m, err
	}
	m.ListUnsubscribe = d.Unsubscribe
	return m, nil
}

// absolute makes a path on the site a link, when the site's address is known.
func (s *Store) absolute(path string) string {
	if path == "" || s.site == "" {
		return path
	}
	return s.site + path
}

// List returns actor's notifications, newest first: at most limit (50 when
// 0), older than the notification beforeID (0 for the newest), only the
// unread ones when unread is set.
func (s *Store) List(ctx context.Context, actor account.Actor, unread bool, limit int,
	beforeID int64) ([]Notification, error) {
	if err := s.rules.Check(ctx, actor, account.KeepOwnNotifications, account.Platform); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, initiative_id, subject, body, link, created_at, delivery,
		mailed_at, read_at FROM notifications
		WHERE user_id = $1 AND ($2 = 0 OR id < $2) AND ($3 = 0 OR read_at IS NULL)
		ORDER BY id DESC LIMIT $4`, actor.User.ID, beforeID, boolInt(unread), limit)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		var n Notification
		var ini sql.NullInt64
		var d string
		var mailed, read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &ini, &n.Subject, &n.Body, &n.Link, &n.CreatedAt, &d, &mailed,
			&read); err != nil {
			return nil, fmt.Errorf("list notifications: %w", err)
		}
		n.InitiativeID, n.Delivery = ini.Int64, Delivery(d)
		if mailed.Valid {
			t := mailed.Time
			n.MailedAt = &t
		}
		if read.Valid {
			t := read.Time
			n.ReadAt = &t
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Unread counts actor's unread notifications (0 for nobody signed in).
func (s *Store) Unread(ctx context.Context, actor account.Actor) (int, error) {
	if actor.User == nil {
		return 0, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
		actor.User.ID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count unread notifications: %w", err)
	}
	return n, nil
}

// MarkRead marks actor's notifications read: those of ids, or all of them
// when ids is empty. It returns how many it marked.
func (s *Store) MarkRead(ctx context.Context, actor account.Actor, ids []int64) (int, error) {
	if err := s.rules.Check(ctx, actor, account.KeepOwnNotifications, account.Platform); err != nil {
		return 0, err
	}
	now := s.db.Now()
	if len(ids) == 0 {
		res, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`,
			actor.User.ID, now)
		if err != nil {
			return 0, fmt.Errorf("mark notifications read: %w", err)
		}
		n, _ := res.RowsAffected()
		return int(n), nil
	}
	marked := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $3
				WHERE id = $1 AND user_id = $2 AND read_at IS NULL`, id, actor.User.ID, now)
			if err != nil {
				return fmt.Errorf("mark notification %d read: %w", id, err)
			}
			n, _ := res.RowsAffected()
			marked += int(n)
		}
		return nil
	})
	return marked, err
}

// Preference is one kind and the person's choice for it.
type Preference struct {
	Kind
	Delivery Delivery `json:"delivery"`
}

// Preferences returns actor's choice for every kind (the kind's default
// where they made none).
func (s *Store) Preferences(ctx context.Context, actor account.Actor) ([]Preference, error) {
	if err := s.rules.Check(ctx, actor, account.KeepOwnNotifications, account.Platform); err != nil {
		return nil, err
	}
	people, err := s.recipients(ctx, s.db, []int64{actor.User.ID})
	if err != nil {
		return nil, err
	}
	p := people[actor.User.ID]
	if p == nil {
		p = &recipient{prefs: map[string]Delivery{}}
	}
	out := make([]Preference, 0, len(Kinds))
	for _, k := range Kinds {
		out = append(out, Preference{Kind: k, Delivery: p.delivery(k.Name)})
	}
	return out, nil
}

// SetPreferences saves actor's choices, kind by kind; kinds left out keep
// theirs. An unknown kind or delivery, or turning off a required kind, is
// a validation error naming the kind.
func (s *Store) SetPreferences(ctx context.Context, actor account.Actor, choices map[string]Delivery) error {
	if err := s.rules.Check(ctx, actor, account.KeepOwnNotifications, account.Platform); err != nil {
		return err
	}
	var v errs.ValidationError
	for kind, d := range choices {
		k, ok := KindOf(kind)
		switch {
		case !ok:
			v.Add(kind, "there is no such kind of notification")
		case d != AtOnce && d != Daily && d != Weekly && d != Off:
			v.Add(kind, fmt.Sprintf("%q is not now, daily, weekly or off", d))
		case d == Off && k.Required:
			v.Add(kind, k.Label+" cannot be turned off: choose at once or a digest")
		case k.InApp:
			v.Add(kind, k.Label+" are shown in the app, and their calendar invitations come by e-mail: there is "+
				"nothing to choose")
		}
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for kind, d := range choices {
			if err := setPreference(ctx, tx, actor.User.ID, kind, d); err != nil {
				return err
			}
		}
		return account.Record(ctx, tx, actor, account.Event{At: s.db.Now(), Action: "notification_preferences",
			EntityType: "user", EntityID: strconv.FormatInt(actor.User.ID, 10),
			Summary: "changed their notification choices", After: choices})
	})
}

func setPreference(ctx context.Context, q store.Querier, userID int64, kind string, d Delivery) error {
	_, err := q.ExecContext(ctx, `INSERT INTO notification_preferences (user_id, kind, delivery) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery`, userID, kind, string(d))
	if err != nil {
		return fmt.Errorf("save the choice for %s: %w", kind, err)
	}
	return nil
}

// unsubscribeKey is the secret that signs unsubscribe links, made the first
// time it is needed and kept in the settings table, read through q (the
// caller's transaction, if any) and then remembered.
func (s *Store) unsubscribeKey(ctx context.Context, q store.Querier) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	const key = "notify_unsubscribe_key"
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		var b [32]byte
		_, _ = rand.Read(b[:])
		if _, err := q.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO NOTHING`, key, hex.EncodeToString(b[:]), s.db.Now()); err != nil {
			return nil, fmt.Errorf("make the unsubscribe key: %w", err)
		}
		err = q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	}
	if err != nil {
		return nil, fmt.Errorf("read the unsubscribe key: %w", err)
	}
	k, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("read the unsubscribe key: %w", err)
	}
	s.key = k
	return k, nil
}

func unsubscribeSignature(key []byte, userID int64, kind string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%d|%s", userID, kind)
	return hex.EncodeToString(m.Sum(nil))[:32]
}

// UnsubscribeURL is the link that turns a kind off for a person without
// signing in (the List-Unsubscribe header's, RFC 8058): signed, so that
// nobody can turn off another's.
func (s *Store) UnsubscribeURL(ctx context.Context, q store.Querier, userID int64, kind string) (string, error) {
	key, err := s.unsubscribeKey(ctx, q)
	if err != nil {
		return "", err
	}
	v := url.Values{"u": {strconv.FormatInt(userID, 10)}, "k": {kind}, "s": {unsubscribeSignature(key, userID, kind)}}
	return s.absolute("/notifications/unsubscribe?" + v.Encode()), nil
}

// ErrBadUnsubscribe is a link that was not made by this site, or names a
// kind that cannot be turned off.
var ErrBadUnsubscribe = errors.New("this unsubscribe link is not valid")

// CheckUnsubscribe reads an unsubscribe link's parameters and returns the
// kind it turns off.
func (s *Store) CheckUnsubscribe(ctx context.Context, user, kind, sig string) (int64, Kind, error) {
	uid, err := strconv.ParseInt(user, 10, 64)
	k, ok := KindOf(kind)
	if period, digest := strings.CutPrefix(kind, "digest:"); digest && (period == string(Daily) ||
		period == string(Weekly)) {
		k, ok = Kind{Name: kind, Label: period + " digests"}, true
	}
	if err != nil || !ok || k.Required {
		return 0, Kind{}, ErrBadUnsubscribe
	}
	key, err := s.unsubscribeKey(ctx, s.db)
	if err != nil {
		return 0, Kind{}, err
	}
	if !hmac.Equal([]byte(unsubscribeSignature(key, uid, kind)), []byte(sig)) {
		return 0, Kind{}, ErrBadUnsubscribe
	}
	return uid, k, nil
}

// Unsubscribe turns a kind off for the person of a valid link.
func (s *Store) Unsubscribe(ctx context.Context, user, kind, sig string) (Kind, error) {
	uid, k, err := s.CheckUnsubscribe(ctx, user, kind, sig)
	if err != nil {
		return k, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		off := []string{k.Name}
		if period, digest := strings.CutPrefix(k.Name, "digest:"); digest {
			// A digest's link turns off every kind it gathers that may be
			// turned off; the required ones keep coming in it.
			people, err := s.recipients(ctx, tx, []int64{uid})
			if err != nil {
				return err
			}
			off = nil
			for _, kk := range Kinds {
				if p := people[uid]; p != nil && !kk.Required && p.delivery(kk.Name) == Delivery(period) {
					off = append(off, kk.Name)
				}
			}
		}
		for _, name := range off {
			if err := setPreference(ctx, tx, uid, name, Off); err != nil {
				return err
			}
		}
		return account.Record(ctx, tx, account.Actor{UserID: uid, Label: "unsubscribe link"}, account.Event{
			At: s.db.Now(), Action: "notification_unsubscribe", EntityType: "user", EntityID: user,
			Summary: "turned off " + strings.ToLower(k.Label) + " from an e-mail's unsubscribe link"})
	})
	return k, err
}
