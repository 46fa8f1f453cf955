package web

import "net/http"

// freshnessRoutes registers the pages that keep the directory fresh:
// verification, proposed updates and their review, the resource guide.
func (h *handler) freshnessRoutes(mux *http.ServeMux) {
	mux.Handle("GET /verification", h.signedIn(h.verificationList))
	mux.Handle("POST /verification/verify", h.signedIn(h.verifyRecord))
	mux.Handle("GET /organizations/{id}/freshness", h.signedIn(h.organizationFreshness))
	mux.Handle("POST /organizations/{id}/verify", h.signedIn(h.organizationVerify))
	mux.Handle("GET /organizations/{id}/propose", h.signedIn(h.proposalNew))
	mux.Handle("POST /organizations/{id}/proposals", h.signedIn(h.proposalCreate))
	mux.Handle("GET /proposals", h.signedIn(h.proposalQueue))
	mux.Handle("POST /proposals/{id}/accept", h.signedIn(h.proposalAccept))
	mux.Handle("POST /proposals/{id}/reject", h.signedIn(h.proposalReject))
	printed := parseGuidePrint(h.Clock)
	mux.Handle("GET /guide", h.signedIn(h.guidePage))
	mux.Handle("GET /guide/print", h.signedIn(func(w http.ResponseWriter, r *http.Request) { h.guidePrint(w, r, printed) }))
	mux.Handle("GET /guide.pdf", h.signedIn(h.guidePDF))
}
