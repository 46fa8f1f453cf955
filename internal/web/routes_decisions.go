package web

import "net/http"

// decisionRoutes registers the pages for proposals, votes, the decision log and compatibility assessments.
func (h *handler) decisionRoutes(mux *http.ServeMux) {
	mux.Handle("GET /initiatives/{id}/decisions", h.signedIn(h.decisionList))
	mux.Handle("POST /initiatives/{id}/decisions", h.signedIn(h.decisionPropose))
	mux.Handle("GET /initiatives/{id}/decisions/log", h.signedIn(h.decisionLog))
	mux.Handle("POST /initiatives/{id}/decisions/log", h.signedIn(h.decisionLogVisibility))
	mux.Handle("GET /initiatives/{id}/decisions/{proposal}", h.signedIn(h.decisionView))
	mux.Handle("POST /initiatives/{id}/decisions/{proposal}/vote", h.signedIn(h.decisionVote))
	mux.Handle("POST /initiatives/{id}/decisions/{proposal}/delegate", h.signedIn(h.decisionDelegate))
	mux.Handle("POST /initiatives/{id}/decisions/{proposal}/comment", h.signedIn(h.decisionComment))
	mux.Handle("POST /initiatives/{id}/decisions/{proposal}/close", h.signedIn(h.decisionClose))
	mux.Handle("POST /initiatives/{id}/decisions/{proposal}/withdraw", h.signedIn(h.decisionWithdraw))
	mux.Handle("GET /initiatives/{id}/compatibility", h.signedIn(h.compatibilityList))
	mux.Handle("POST /initiatives/{id}/compatibility", h.signedIn(h.compatibilityStart))
	mux.Handle("GET /initiatives/{id}/compatibility/{assessment}", h.signedIn(h.compatibilityView))
	mux.Handle("GET /initiatives/{id}/compatibility/{assessment}/answer/{side}", h.signedIn(h.compatibilityAnswerForm))
	mux.Handle("POST /initiatives/{id}/compatibility/{assessment}/answer/{side}", h.signedIn(h.compatibilityAnswer))
}
