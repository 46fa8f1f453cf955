package web

import "net/http"

// freshnessRoutes registers pages that are still being built.
func (h *handler) freshnessRoutes(mux *http.ServeMux) {}
