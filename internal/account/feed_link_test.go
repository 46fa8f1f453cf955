package account_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"backbone/internal/account"
	"backbone/internal/errs"
	"backbone/internal/initiative"
	"backbone/internal/store"
	"backbone/internal/testutil/storetest"
)

// TestFeedLinks checks calendar links on both engines: only the secret's
// hash is kept, the secret finds its maker and initiative, a link is
// revoked by its maker or by the initiative's backbone staff and no one
// else, and a revoked link, a disabled maker or a made-up secret finds
// nothing.
func TestFeedLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := account.NewStore(db)
		p := people(
			t,
			s,
			map[string]string{"ana@example.org": account.RoleMember, "ben@example.org": account.RoleMember,
				"cleo@example.org": account.RoleMember},
		)
		inits := initiative.NewStore(db)
		in, err := inits.Create(ctx, sys, initiative.Input{Name: "Aging Well"})
		if err != nil {
			t.Fatal(err)
		}
		if err := inits.SetUserRole(ctx, sys, in.ID, p["ben"].User.ID, account.InitiativeBackboneStaff); err != nil {
			t.Fatal(err)
		}
		if err := inits.SetUserRole(ctx, sys, in.ID, p["ana"].User.ID, account.InitiativeViewer); err != nil {
			t.Fatal(err)
		}

		own, l, err := s.CreateFeedLink(ctx, p["ana"], 0)
		if err != nil || !strings.HasPrefix(own, account.FeedLinkPrefix) || l.Prefix != own[:10] ||
			l.InitiativeID != 0 {
			t.Fatalf("own link %q %+v %v", own, l, err)
		}
		var stored int
		if err := db.QueryRow(`SELECT COUNT(*) FROM feed_links WHERE token_hash = $1`, own).Scan(&stored); err != nil ||
			stored != 0 {
			t.Fatalf("the secret itself is stored (%d, %v)", stored, err)
		}
		shared, sl, err := s.CreateFeedLink(ctx, p["ana"], in.ID)
		if err != nil || sl.InitiativeID != in.ID {
			t.Fatalf("initiative link %+v %v", sl, err)
		}
		if _, _, err := s.CreateFeedLink(ctx, p["cleo"], in.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Fatalf("a link to a private initiative one cannot see: %v", err)
		}
		if _, _, err := s.CreateFeedLink(ctx, nobody, 0); !errors.Is(err, errs.ErrUnauthenticated) {
			t.Fatalf("a link made by nobody: %v", err)
		}

		u, id, err := s.FeedLinkOwner(ctx, own)
		if err != nil || u.ID != p["ana"].User.ID || id != 0 {
			t.Fatalf("own link finds %+v %d %v", u, id, err)
		}
		if _, id, err := s.FeedLinkOwner(ctx, shared); err != nil || id != in.ID {
			t.Fatalf("initiative link finds %d %v", id, err)
		}
		for _, bad := range []string{"", "bbc_made-up", own + "x", "bb_" + own[4:]} {
			if _, _, err := s.FeedLinkOwner(ctx, bad); !errors.Is(err, errs.ErrNotFound) {
				t.Errorf("secret %q: %v", bad, err)
			}
		}

		mine, err := s.FeedLinks(ctx, p["ana"])
		if err != nil || len(mine) != 2 || mine[0].InitiativeName != "Aging Well" || mine[1].UserName != "The ana" {
			t.Fatalf("ana's links %+v %v", mine, err)
		}
		staffSees, err := s.InitiativeFeedLinks(ctx, p["ben"], in.ID)
		if err != nil || len(staffSees) != 1 {
			t.Fatalf("the staff see %+v %v", staffSees, err)
		}
		if theirs, err := s.FeedLinks(ctx, p["ben"]); err != nil || len(theirs) != 0 {
			t.Fatalf("ben's own links %+v %v", theirs, err)
		}

		// Nobody else revokes ana's own calendar; cleo cannot touch the
		// initiative's link; the backbone staff can.
		for _, who := range []string{"ben", "cleo"} {
			if err := s.RevokeFeedLink(ctx, p[who], l.ID); !errors.Is(err, errs.ErrNotFound) {
				t.Errorf("%s revoking ana's calendar: %v", who, err)
			}
		}
		if err := s.RevokeFeedLink(ctx, p["cleo"], sl.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("cleo revoking the initiative's link: %v", err)
		}
		if err := s.RevokeFeedLink(ctx, p["ben"], sl.ID); err != nil {
			t.Fatalf("the staff revoking: %v", err)
		}
		if _, _, err := s.FeedLinkOwner(ctx, shared); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a revoked link still works: %v", err)
		}
		if err := s.RevokeFeedLink(ctx, p["ben"], sl.ID); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("revoking twice: %v", err)
		}
		if err := s.RevokeFeedLink(ctx, p["ana"], l.ID); err != nil {
			t.Fatalf("ana revoking her own: %v", err)
		}
		if mine, _ := s.FeedLinks(ctx, p["ana"]); len(mine) != 0 {
			t.Errorf("revoked links still listed: %+v", mine)
		}

		// A disabled maker's links stop working.
		again, _, err := s.CreateFeedLink(ctx, p["ana"], 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, sys, "ana@example.org", true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.FeedLinkOwner(ctx, again); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("a disabled person's link still works: %v", err)
		}
		events, err := s.AuditLog(ctx, sys, account.AuditFilter{EntityType: "feed_link"})
		if err != nil || len(events) != 5 {
			t.Errorf("audit of links: %d events, %v", len(events), err)
		}
	})
}
