package web

import "net/http"

// searchRoutes registers pages that are still being built.
func (h *handler) searchRoutes(mux *http.ServeMux) {}
