package web

import (
	"net/http"
	"strconv"

	"backbone/internal/account"
	"backbone/internal/httpx"
)

type auditData struct {
	Events     []account.AuditEntry
	EntityType string
	NextBefore int64
}

// auditLog shows who changed what, newest first, to those who may read the
// whole log (the domain decides: account.ViewAudit).
func (h *handler) auditLog(w http.ResponseWriter, r *http.Request) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	f := account.AuditFilter{EntityType: r.URL.Query().Get("type"), BeforeID: before, Limit: 50}
	events, err := h.Accounts.AuditLog(r.Context(), httpx.Actor(r), f)
	if err != nil {
		return err
	}
	entries, err := h.Accounts.DescribeAudit(r.Context(), events)
	if err != nil {
		return err
	}
	d := auditData{Events: entries, EntityType: f.EntityType}
	if len(events) == f.Limit {
		d.NextBefore = events[len(events)-1].ID
	}
	h.render(w, r, http.StatusOK, "audit", "Audit log", "audit", d)
	return nil
}
