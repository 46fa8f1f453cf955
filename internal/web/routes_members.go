package web

import "net/http"

// memberRoutes registers the pages for members (invite, respond, leave, history).
func (h *handler) memberRoutes(mux *http.ServeMux) {
	mux.Handle("GET /initiatives/{id}/members", h.signedIn(h.membersPage))
	mux.Handle("POST /initiatives/{id}/members", h.signedIn(h.memberInvite))
	mux.Handle("POST /initiatives/{id}/members/{org}/role", h.signedIn(h.memberRole))
	mux.Handle("POST /initiatives/{id}/members/{org}/respond", h.signedIn(h.memberRespond))
	mux.Handle("POST /initiatives/{id}/members/{org}/leave", h.signedIn(h.memberLeave))
}
