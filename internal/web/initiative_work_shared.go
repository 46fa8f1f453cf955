package web

import (
	"net/http"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// The helpers below are shared by the members, work, people and updates
// pages of an initiative's workspace.

// membersIn keeps the members in one of the statuses.
func membersIn(members []initiative.Member, statuses ...string) []initiative.Member {
	out := []initiative.Member{}
	for _, m := range members {
		for _, s := range statuses {
			if m.Status == s {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

func initiativePath(id int64, rest string) string { return "/initiatives/" + itoa(id) + rest }

// offer returns nil when the page may offer the signed-in person the form
// for action a on t, and otherwise the error the page answers with: sign in,
// not found (an initiative they may not see) or not allowed. It decides only
// what is shown: the operation checks again where it is carried out.
func (h *handler) offer(r *http.Request, a account.Action, t account.Target) error {
	return h.Accounts.Check(r.Context(), httpx.Actor(r), a, t)
}
