package web

import "net/http"

// workRoutes registers the pages for the common agenda, responsibilities and people, activities, RACI and coverage, the updates feed.
func (h *handler) workRoutes(mux *http.ServeMux) {
	mux.Handle("GET /initiatives/{id}/work", h.signedIn(h.workPage))
	mux.Handle("POST /initiatives/{id}/agenda", h.signedIn(h.agendaAdd))
	mux.Handle("GET /initiatives/{id}/agenda/{item}/edit", h.signedIn(h.agendaEdit))
	mux.Handle("POST /initiatives/{id}/agenda/{item}", h.signedIn(h.agendaSave))
	mux.Handle("POST /initiatives/{id}/agenda/{item}/move", h.signedIn(h.agendaMove))
	mux.Handle("POST /initiatives/{id}/agenda/{item}/archive", h.signedIn(h.agendaArchive))

	mux.Handle("GET /initiatives/{id}/activities/new", h.signedIn(h.activityNew))
	mux.Handle("POST /initiatives/{id}/activities", h.signedIn(h.activityCreate))
	mux.Handle("GET /initiatives/{id}/activities/{activity}/edit", h.signedIn(h.activityEdit))
	mux.Handle("POST /initiatives/{id}/activities/{activity}", h.signedIn(h.activitySave))
	mux.Handle("POST /initiatives/{id}/activities/{activity}/delete", h.signedIn(h.activityDelete))

	mux.Handle("GET /initiatives/{id}/work/raci", h.signedIn(h.raciPage))
	mux.Handle("POST /initiatives/{id}/work/raci", h.signedIn(h.raciSave))

	mux.Handle("GET /initiatives/{id}/people", h.signedIn(h.peoplePage))
	mux.Handle("POST /initiatives/{id}/people", h.signedIn(h.personSave))
	mux.Handle("POST /initiatives/{id}/people/{user}/remove", h.signedIn(h.personRemove))
	mux.Handle("POST /initiatives/{id}/responsibilities/{org}", h.signedIn(h.responsibilitiesSave))

	mux.Handle("GET /initiatives/{id}/updates", h.signedIn(h.updatesPage))
}
