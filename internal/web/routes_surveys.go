package web

import "net/http"

// surveyRoutes registers the partner survey pages: the coordinators' pages
// under /network/surveys (signed in), and the respondents' form at
// /survey/{token}, which needs no account (the private link is the key) but
// is still behind the CSRF check, whose cookie works for anonymous visitors.
func (h *handler) surveyRoutes(mux *http.ServeMux) {
	mux.Handle("GET /network/surveys", h.signedIn(h.surveyList))
	mux.Handle("GET /network/surveys/new", h.signedIn(h.surveyNew))
	mux.Handle("POST /network/surveys", h.signedIn(h.surveyCreate))
	mux.Handle("GET /network/surveys/compare", h.signedIn(h.surveyCompare))
	mux.Handle("GET /network/surveys/{id}", h.signedIn(h.surveyView))
	mux.Handle("POST /network/surveys/{id}/remind", h.signedIn(h.surveyRemind))
	mux.Handle("POST /network/surveys/{id}/close", h.signedIn(h.surveyClose))
	mux.HandleFunc("GET /survey/{token}", h.surveyRespondPage)
	mux.HandleFunc("POST /survey/{token}", h.surveyRespond)
}
