package account

import (
	"context"
	"errors"
	"fmt"

	"backbone/internal/errs"
)

// PasswordChange is what a person types to change their own password: the
// current one, the new one, and the new one again.
type PasswordChange struct {
	Current, New, Confirm string
}

// ChangeOwnPassword changes the signed-in person's own password
// (ChangeOwnPassword) and ends every session of theirs. The current
// password must be given, so that a session left open on a shared computer
// cannot take the account over; a wrong one counts as a failed sign-in from
// ip. What is wrong is said field by field, in the order a person mends it:
// current_password, then confirm_password, then new_password.
func (s *Store) ChangeOwnPassword(ctx context.Context, actor Actor, ch PasswordChange, ip string) error {
	if actor.User == nil {
		// Nobody signed in, or a command, which has no password of its own.
		return errs.ErrUnauthenticated
	}
	u := actor.User
	if err := s.Check(ctx, actor, ChangeOwnPassword, Target{AuthorID: u.ID}); err != nil {
		return err
	}

	if _, err := s.Authenticate(ctx, u.Email, ch.Current, ip); err != nil {
		if IsBadLogin(err) {
			return &errs.ValidationError{Fields: map[string]string{"current_password": "is not your current password"}}
		}
		return err
	}
	if ch.New != ch.Confirm {
		return &errs.ValidationError{Fields: map[string]string{"confirm_password": "does not match the new password"}}
	}

	err := s.SetPassword(ctx, actor, u.Email, ch.New)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return &errs.ValidationError{Fields: map[string]string{"new_password": v.Fields["password"]}}
	}
	return err
}

// ChooseOwnPassword replaces the temporary password a platform admin gave
// the signed-in person with one of their own (ChangeOwnPassword). They
// signed in with the temporary one moments ago, so it is not asked for
// again. Every session of theirs ends, this one too: the page signs them
// in afresh.
func (s *Store) ChooseOwnPassword(ctx context.Context, actor Actor, newPassword, confirm string) error {
	if actor.User == nil {
		return errs.ErrUnauthenticated
	}
	u := actor.User
	if err := s.Check(ctx, actor, ChangeOwnPassword, Target{AuthorID: u.ID}); err != nil {
		return err
	}
	if !u.MustChangePassword {
		return &errs.ConflictError{Field: "new_password",
			Message: "your password is your own already: change it on your account page, with your current one"}
	}
	if newPassword != confirm {
		return &errs.ValidationError{Fields: map[string]string{"confirm_password": "does not match the new password"}}
	}
	var hash string
	err := s.db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash)
	if err != nil {
		return fmt.Errorf("read the password of user %d: %w", u.ID, err)
	}
	if same, err := CheckPassword(hash, newPassword); err != nil {
		return fmt.Errorf("check the password of user %d: %w", u.ID, err)
	} else if same {
		return &errs.ValidationError{Fields: map[string]string{"new_password": "must not be the temporary password"}}
	}

	err = s.SetPassword(ctx, actor, u.Email, newPassword)
	var v *errs.ValidationError
	if errors.As(err, &v) {
		return &errs.ValidationError{Fields: map[string]string{"new_password": v.Fields["password"]}}
	}
	return err
}
