package api

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"backbone/internal/account"
	"backbone/internal/directory"
	"backbone/internal/httpx"
)

// listServices serves the services of an organization.
func (h *handler) listServices(w http.ResponseWriter, r *http.Request) error {
	return listOf(h, w, r, h.Directory.ServiceProfilesOf)
}

// createService adds a service to the organization in the path.
func (h *handler) createService(w http.ResponseWriter, r *http.Request) error {
	return createIn(h, w, r, account.EditService, h.Directory.CreateService,
		func(sv *directory.ServiceProfile) string { return "/services/" + sv.ID })
}

// getService serves one service in full.
func (h *handler) getService(w http.ResponseWriter, r *http.Request) error {
	return getOne(h, w, r, h.Directory.Service, "service")
}

// updateService changes the fields the body holds and keeps the rest.
func (h *handler) updateService(w http.ResponseWriter, r *http.Request) error {
	load := func(ctx context.Context, a account.Actor, id string) (*directory.ServiceProfile, error) {
		return h.Directory.ServiceFor(ctx, a, account.EditService, id)
	}
	return patchOne(h, w, r, load, "service", func(sv *directory.ServiceProfile) (string, *directory.ServiceInput) {
		return sv.ID, &sv.ServiceInput
	}, h.Directory.UpdateService)
}

// listLocations serves the locations of an organization.
func (h *handler) listLocations(w http.ResponseWriter, r *http.Request) error {
	return listOf(h, w, r, h.Directory.LocationProfilesOf)
}

// createLocation adds a location to the organization in the path.
func (h *handler) createLocation(w http.ResponseWriter, r *http.Request) error {
	return createIn(h, w, r, account.EditLocation, h.Directory.CreateLocation,
		func(l *directory.LocationProfile) string { return "/locations/" + l.ID })
}

// getLocation serves one location in full.
func (h *handler) getLocation(w http.ResponseWriter, r *http.Request) error {
	return getOne(h, w, r, h.Directory.Location, "location")
}

// updateLocation changes the fields the body holds and keeps the rest.
func (h *handler) updateLocation(w http.ResponseWriter, r *http.Request) error {
	load := func(ctx context.Context, a account.Actor, id string) (*directory.LocationProfile, error) {
		return h.Directory.LocationFor(ctx, a, account.EditLocation, id)
	}
	return patchOne(h, w, r, load, "location", func(l *directory.LocationProfile) (string, *directory.LocationInput) {
		return l.ID, &l.LocationInput
	}, h.Directory.UpdateLocation)
}

// listOf serves the records (services, locations) of the organization in
// the path, as load reads them for the caller.
func listOf[T any](h *handler, w http.ResponseWriter, r *http.Request,
	load func(context.Context, account.Actor, string) ([]T, error)) error {
	items, err := load(r.Context(), httpx.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"items": items})
	return nil
}

// createIn adds a record to the organization in the path, from a JSON body,
// and answers with it and where it is served. Someone who may not take
// action a on the organization is refused before the body is read; create
// checks again.
func createIn[In, Out any](h *handler, w http.ResponseWriter, r *http.Request, a account.Action,
	create func(context.Context, account.Actor, string, In) (Out, error), path func(Out) string) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	o, err := h.Directory.OrganizationFor(ctx, actor, a, r.PathValue("id"))
	if err != nil {
		return err
	}
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	var in In
	if err := decodeStrict(data, &in); err != nil {
		return err
	}

	out, err := create(ctx, actor, o.ID, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", prefix+path(out))
	h.writeJSON(w, r, http.StatusCreated, out)
	return nil
}

// getOne serves the record whose id is the path's wildcard param, as load
// reads it for the caller.
func getOne[T any](h *handler, w http.ResponseWriter, r *http.Request,
	load func(context.Context, account.Actor, string) (T, error), param string) error {
	record, err := load(r.Context(), httpx.Actor(r), r.PathValue(param))
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, record)
	return nil
}

// patchOne merges a partial update over the editable fields of the record
// whose id is the path's wildcard param, which load reads for someone who
// may change it, and saves it (update checks again).
func patchOne[T, In any](h *handler, w http.ResponseWriter, r *http.Request,
	load func(context.Context, account.Actor, string) (T, error), param string,
	parts func(T) (id string, in *In), update func(context.Context, account.Actor, string, In) (T, error)) error {
	ctx, actor := r.Context(), httpx.Actor(r)
	record, err := load(ctx, actor, r.PathValue(param))
	if err != nil {
		return err
	}
	id, in := parts(record)
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	if err := decodePatch(data, in); err != nil {
		return err
	}

	saved, err := update(ctx, actor, id, *in)
	if err != nil {
		return err
	}
	h.writeJSON(w, r, http.StatusOK, saved)
	return nil
}

// decodePatch reads a partial update into dst, a pointer to an input struct
// holding the record's current values: the fields the body names are
// replaced (a list or object as a whole, null clears), the others kept.
func decodePatch(data []byte, dst any) error {
	fresh := reflect.New(reflect.TypeOf(dst).Elem())
	if err := decodeStrict(data, fresh.Interface()); err != nil {
		return err
	}
	var present map[string]json.RawMessage
	if err := json.Unmarshal(data, &present); err != nil {
		return bodyError(data, err)
	}
	to, from := reflect.ValueOf(dst).Elem(), fresh.Elem()
	for i := range to.NumField() {
		name, _, _ := strings.Cut(to.Type().Field(i).Tag.Get("json"), ",")
		for key := range present {
			if strings.EqualFold(key, name) {
				to.Field(i).Set(from.Field(i))
				break
			}
		}
	}
	return nil
}
