package network

import (
	"context"
	"fmt"

	"backbone/internal/account"
	"backbone/internal/store"
)

// checkView checks that actor may read the relationship map
// (account.ViewNetwork).
func (s *Store) checkView(ctx context.Context, actor account.Actor) error {
	return s.rules.Check(ctx, actor, account.ViewNetwork, account.Platform)
}

// checkScope checks that actor may read the part of the map sc selects: the
// map itself, and the initiative, if any, which must be one they may see; to
// anyone else a private initiative, like an organization that is not in the
// directory, is not found. The web pages and the API both ask this, so a
// selection is refused the same way wherever it is made.
func (s *Store) checkScope(ctx context.Context, actor account.Actor, sc Scope) error {
	if err := s.checkView(ctx, actor); err != nil {
		return err
	}

	if sc.InitiativeID != 0 {
		if err := s.rules.Check(ctx, actor, account.ViewInitiative, account.Initiative(sc.InitiativeID)); err != nil {
			return err
		}
	}

	if sc.OrganizationID != "" {
		if _, err := store.One(ctx, s.db, fmt.Sprintf("organization %q", sc.OrganizationID), store.Value[int],
			`SELECT 1 FROM organizations WHERE id = $1`, sc.OrganizationID); err != nil {
			return err
		}
	}
	return nil
}
