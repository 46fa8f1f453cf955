package web

import "net/http"

// governanceRoutes registers the pages for governance and agreements.
func (h *handler) governanceRoutes(mux *http.ServeMux) {
	mux.Handle("GET /initiatives/{id}/governance", h.signedIn(h.governancePage))
	mux.Handle("POST /initiatives/{id}/governance", h.signedIn(h.governanceSave))
	mux.Handle("GET /initiatives/{id}/agreements", h.signedIn(h.agreementList))
	mux.Handle("GET /initiatives/{id}/agreements/new", h.signedIn(h.agreementNew))
	mux.Handle("POST /initiatives/{id}/agreements", h.signedIn(h.agreementCreate))
	mux.Handle("GET /initiatives/{id}/agreements/{agreement}", h.signedIn(h.agreementView))
	mux.Handle("POST /initiatives/{id}/agreements/{agreement}/sign", h.signedIn(h.agreementSign))
	mux.Handle("GET /initiatives/{id}/agreements/{agreement}/document", h.signedIn(h.agreementDownload))
	mux.Handle("POST /initiatives/{id}/agreements/{agreement}/document", h.signedIn(h.agreementUpload))
}
