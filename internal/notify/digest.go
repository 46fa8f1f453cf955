package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"backbone/internal/mail"
)

// digestData is what the digest templates read.
type digestData struct {
	Site, Name, Period, Preferences, Unsubscribe string
	Count                                        int
	Groups                                       []digestGroup
}

type digestGroup struct {
	Label string
	Items []digestItem
}

type digestItem struct{ Subject, Link string }

// digestUsers is how many people one transaction of a digest run serves.
const digestUsers = 500

// Digest sends the daily or weekly digest: to each person with
// notifications of that delivery not yet mailed, one e-mail listing them
// by kind, queued in the outbox in the transaction that marks them mailed,
// so that a run stopped half-way sends each once when it runs again. It
// returns how many digests it queued.
func (s *Store) Digest(ctx context.Context, period Delivery) (int, error) {
	if period != Daily && period != Weekly {
		return 0, fmt.Errorf("digest: %q is not daily or weekly", period)
	}
	sent := 0
	var after int64
	for {
		var users []int64
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT user_id FROM notifications
			WHERE delivery = $1 AND mailed_at IS NULL AND user_id > $2 ORDER BY user_id LIMIT $3`,
			string(period), after, digestUsers)
		if err != nil {
			return sent, fmt.Errorf("digest: find who gets one: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return sent, err
			}
			users = append(users, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return sent, err
		}
		if len(users) == 0 {
			return sent, nil
		}
		after = users[len(users)-1]
		n, err := s.digestBatch(ctx, period, users)
		sent += n
		if err != nil {
			return sent, err
		}
	}
}

// digestBatch sends the digests of some people in one transaction.
func (s *Store) digestBatch(ctx context.Context, period Delivery, users []int64) (int, error) {
	sent := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		now := s.db.Now()
		people, err := s.recipients(ctx, tx, users)
		if err != nil {
			return err
		}
		args := []any{string(period)}
		for _, u := range users {
			args = append(args, u)
		}
		in := shiftPlaceholders(len(users), 2)
		rows, err := tx.QueryContext(ctx, `SELECT id, user_id, kind, subject, link FROM notifications
			WHERE delivery = $1 AND mailed_at IS NULL AND user_id IN (`+in+`) ORDER BY user_id, id`, args...)
		if err != nil {
			return fmt.Errorf("digest: read notifications: %w", err)
		}
		type item struct {
			id         int64
			kind       string
			subj, link string
		}
		byUser := map[int64][]item{}
		for rows.Next() {
			var it item
			var uid int64
			if err := rows.Scan(&it.id, &uid, &it.kind, &it.subj, &it.link); err != nil {
				rows.Close()
				return fmt.Errorf("digest: read notifications: %w", err)
			}
			byUser[uid] = append(byUser[uid], it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var mails []mail.Message
		for _, uid := range users {
			p, items := people[uid], byUser[uid]
			if p == nil || len(items) == 0 {
				continue // disabled since: their notifications stay in the app
			}
			unsub, err := s.UnsubscribeURL(ctx, tx, uid, "digest:"+string(period))
			if err != nil {
				return err
			}
			d := digestData{Site: s.site, Name: p.name, Period: string(period), Count: len(items),
				Preferences: s.absolute("/account/notifications"), Unsubscribe: unsub}
			for _, k := range Kinds {
				var g digestGroup
				for _, it := range items {
					if it.kind == k.Name {
						g.Items = append(g.Items, digestItem{Subject: it.subj, Link: s.absolute(it.link)})
					}
				}
				if len(g.Items) > 0 {
					g.Label = k.Label
					d.Groups = append(d.Groups, g)
				}
			}
			m, err := mail.Compose("digest", p.email, now, d)
			if err != nil {
				return err
			}
			m.ListUnsubscribe = d.Unsubscribe
			mails = append(mails, m)
		}
		if err := mail.EnqueueMany(ctx, tx, s.db.Engine, mails); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET mailed_at = $2
			WHERE delivery = $1 AND mailed_at IS NULL AND user_id IN (`+shiftPlaceholders(len(users), 3)+`)`,
			append([]any{string(period), now}, args[1:]...)...); err != nil {
			return fmt.Errorf("digest: mark notifications mailed: %w", err)
		}
		sent = len(mails)
		return nil
	})
	return sent, err
}

// shiftPlaceholders writes "$from, $from+1, ..." for n PostgreSQL
// parameters.
func shiftPlaceholders(n, from int) string {
	b := make([]byte, 0, n*6)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '$')
		b = strconv.AppendInt(b, int64(from+i), 10)
	}
	return string(b)
}
