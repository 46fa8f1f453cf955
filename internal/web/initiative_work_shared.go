package web

import (
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/httpx"
	"backbone/internal/initiative"
)

// The helpers below are shared by the members, work, people and updates
// pages of an initiative's workspace.

// changeableInitiative loads the initiative of the path for a change that
// needs action on it: "not found" for one the user may not see, "forbidden"
// for one they see but may not change that way. It answers the request
// itself and returns nil when the change may not go ahead.
func (h *handler) changeableInitiative(w http.ResponseWriter, r *http.Request, action account.Action) *initiative.Initiative {
	in := h.viewableInitiative(w, r)
	if in == nil {
		return nil
	}
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), action, account.Initiative(in.ID)); err != nil {
		h.fail(w, r, err)
		return nil
	}
	return in
}

// userMay reports whether the signed-in user may take the action; a failed
// check counts as no, and is logged.
func (h *handler) userMay(r *http.Request, action account.Action, t account.Target) bool {
	ok, err := h.Accounts.Can(r.Context(), httpx.User(r.Context()), action, t)
	if err != nil {
		h.Logger.Error("permission check", "request_id", httpx.RequestID(r.Context()), "action", action, "err", err)
	}
	return ok && err == nil
}

// ownMembers returns the members, in one of the statuses, of the
// organizations the signed-in user works for and may take the action for.
// It goes by the user's own memberships, so a platform admin sees only the
// organizations they belong to.
func (h *handler) ownMembers(r *http.Request, members []initiative.Member, action account.Action, statuses ...string) ([]initiative.Member, error) {
	u := httpx.User(r.Context())
	mine, err := h.Accounts.MembershipsOf(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	belongs := map[string]bool{}
	for _, m := range mine {
		belongs[m.OrganizationID] = true
	}
	out := []initiative.Member{}
	for _, m := range members {
		if !belongs[m.OrganizationID] {
			continue
		}
		for _, s := range statuses {
			if m.Status == s && h.userMay(r, action, account.Org(m.OrganizationID)) {
				out = append(out, m)
				break
			}
		}
	}
	return out, nil
}

// pathID reads a numeric id from the path; 0 when it is not one.
func pathID(r *http.Request, name string) int64 {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

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
