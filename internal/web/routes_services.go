package web

import "net/http"

// serviceRoutes registers the pages that show and edit an organization's
// services and locations.
func (h *handler) serviceRoutes(mux *http.ServeMux) {
	mux.Handle("GET /organizations/{id}/services/new", h.signedIn(h.serviceNew))
	mux.Handle("POST /organizations/{id}/services/new", h.signedIn(h.serviceCreate))
	mux.Handle("GET /services/{id}", h.signedIn(h.serviceView))
	mux.Handle("GET /services/{id}/edit", h.signedIn(h.serviceEdit))
	mux.Handle("POST /services/{id}/edit", h.signedIn(h.serviceSave))
	mux.Handle("GET /organizations/{id}/locations/new", h.signedIn(h.locationNew))
	mux.Handle("POST /organizations/{id}/locations/new", h.signedIn(h.locationCreate))
	mux.Handle("GET /locations/{id}/edit", h.signedIn(h.locationEdit))
	mux.Handle("POST /locations/{id}/edit", h.signedIn(h.locationSave))
}
