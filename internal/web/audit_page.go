package web

import (
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/httpx"
)

type auditData struct {
	Events     []account.AuditEvent
	EntityType string
	NextBefore int64
}

// auditLog shows who changed what, newest first, to administrators.
func (h *handler) auditLog(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Authorize(r.Context(), httpx.User(r.Context()), account.ViewAudit, account.Platform); err != nil {
		h.fail(w, r, err)
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	f := account.AuditFilter{EntityType: r.URL.Query().Get("type"), BeforeID: before, Limit: 50}
	events, err := h.Accounts.ListAudit(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := auditData{Events: events, EntityType: f.EntityType}
	if len(events) == f.Limit {
		d.NextBefore = events[len(events)-1].ID
	}
	h.render(w, r, http.StatusOK, "audit", "Audit log", "audit", d)
}
