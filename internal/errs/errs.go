// Package errs holds the domain errors that every layer shares, so that the
// HTML and JSON handlers can map them to status codes in one place.
package errs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// ErrNotFound is returned when the requested record does not exist (or the
// caller may not know that it exists).
var ErrNotFound = errors.New("not found")

// ErrForbidden is returned when the caller is known but may not do what was asked.
var ErrForbidden = errors.New("forbidden")

// ErrUnauthenticated is returned when the caller must sign in first.
var ErrUnauthenticated = errors.New("sign in required")

// ErrUnavailable is returned when the database cannot be reached or is locked.
var ErrUnavailable = errors.New("service unavailable")

// ConflictError reports a write that clashes with the current state, such as
// a duplicate name or an edit made from a stale copy of the record.
type ConflictError struct {
	Field   string // the field that clashes, if one does
	Message string
}

func (e *ConflictError) Error() string { return e.Message }

// ValidationError reports input that breaks the rules, field by field, so a
// form can show each message next to its field and an API client can show
// each message next to its parameter.
type ValidationError struct {
	Fields map[string]string
}

// Add records a message for a field; the first message for a field wins.
func (v *ValidationError) Add(field, msg string) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, ok := v.Fields[field]; !ok {
		v.Fields[field] = msg
	}
}

// Has reports whether any field has a message.
func (v *ValidationError) Has() bool { return v != nil && len(v.Fields) > 0 }

// OrNil returns v as an error when it holds messages, and nil otherwise.
func (v *ValidationError) OrNil() error {
	if v.Has() {
		return v
	}
	return nil
}

func (v *ValidationError) Error() string {
	keys := make([]string, 0, len(v.Fields))
	for k := range v.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s", k, v.Fields[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// TextProblem says why s cannot be stored as text, or "" when it can: bytes
// that are not UTF-8, or a NUL character, which PostgreSQL refuses in any
// text (and SQLite's full-text queries end at). Every place text comes in
// from outside (forms, query parameters, JSON bodies, imported files)
// checks it, so that such input gets a message naming its field instead of
// an engine error.
func TextProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "must be text (UTF-8)"
	case strings.ContainsRune(s, 0):
		return "must not hold a NUL character"
	}
	return ""
}

// CellProblem finds the first of columns (in that order) whose cell in
// the CSV record rec (at index col[column], when the file has the column)
// cannot be stored as text, and says which and why; "" and "" when every
// one can.
func CellProblem(rec []string, col map[string]int, columns []string) (column, problem string) {
	for _, c := range columns {
		if i, ok := col[c]; ok && i < len(rec) {
			if p := TextProblem(rec[i]); p != "" {
				return c, p
			}
		}
	}
	return "", ""
}
