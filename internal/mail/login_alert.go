package mail

import (
	"context"
	"database/sql"
	"fmt"

	"backbone/internal/account"
)

// AlertSignInAttack e-mails the platform's administrators, and the
// account's owner when the address has an account, that someone is
// guessing its password (account.AttackAlert): what happened, what
// Backbone does about it, and what to do.
func (o *Outbox) AlertSignInAttack(ctx context.Context, a account.AttackAlert) error {
	return o.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT email FROM users WHERE disabled_at IS NULL
			AND (role = $1 OR lower(email) = $2) ORDER BY email`, account.RoleAdmin, a.Email)
		if err != nil {
			return fmt.Errorf("find whom to alert: %w", err)
		}
		var to []string
		for rows.Next() {
			var e string
			if err := rows.Scan(&e); err != nil {
				rows.Close()
				return err
			}
			to = append(to, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var ms []Message
		for _, e := range to {
			m, err := Compose("sign_in_attack", e, o.now(), struct {
				account.AttackAlert
				Site string
			}{a, o.site})
			if err != nil {
				return err
			}
			ms = append(ms, m)
		}
		return EnqueueMany(ctx, tx, o.db.Engine, ms)
	})
}
