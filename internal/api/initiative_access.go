package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"backbone/internal/errs"
	"backbone/internal/initiative"
)

// pathID reads a positive whole-number path value; anything else names no
// record, so it is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s %q: %w", name, r.PathValue(name), errs.ErrNotFound)
	}
	return id, nil
}

// items is the body of a list answer.
type items[T any] struct {
	Items []T `json:"items"`
}

// list wraps a slice as {"items": [...]}, never null.
func list[T any](xs []T) items[T] {
	if xs == nil {
		xs = []T{}
	}
	return items[T]{Items: xs}
}

// workList serves, as {"items": [...]}, what fetch reads for the initiative of
// the path, to a caller who may see it.
func workList[T any](
	fetch func(*initiative.Store, context.Context, int64) ([]T, error),
) func(*handler, http.ResponseWriter, *http.Request) error {
	return func(h *handler, w http.ResponseWriter, r *http.Request) error {
		in, err := h.viewableInitiative(r)
		if err != nil {
			return err
		}
		xs, err := fetch(h.Initiatives, r.Context(), in.ID)
		if err != nil {
			return err
		}
		h.writeJSON(w, r, http.StatusOK, list(xs))
		return nil
	}
}

// decodeBody reads a JSON request body strictly into v.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	data, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeStrict(data, v)
}

// parseDay reads a date written as YYYY-MM-DD (or an RFC 3339 time, of which
// the day is kept); "" is no date. A bad date is a validation error on field.
func parseDay(v *errs.ValidationError, field string, s *string) *time.Time {
	if s == nil || *s == "" {
		return nil
	}
	if t, err := time.Parse(time.DateOnly, *s); err == nil {
		return &t
	}
	if t, err := time.Parse(time.RFC3339, *s); err == nil {
		return &t
	}
	v.Add(field, "must be a date written YYYY-MM-DD")
	return nil
}

// location says where a new record of the initiative is served.
func location(w http.ResponseWriter, initiativeID int64, path string, id int64) {
	w.Header().Set("Location", fmt.Sprintf("%s/initiatives/%d/%s/%d", prefix, initiativeID, path, id))
}
