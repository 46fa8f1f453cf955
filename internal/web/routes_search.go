package web

import "net/http"

// searchRoutes registers the pages for directory search.
func (h *handler) searchRoutes(mux *http.ServeMux) {
	mux.Handle("GET /search", h.signedIn(h.searchPage))
}
