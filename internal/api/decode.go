package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"backbone/internal/directory"
	"backbone/internal/errs"
)

// maxBody bounds a request body: an organization is a few kilobytes.
const maxBody = 1 << 20

// readBody returns the body of a JSON request, refusing other media types
// (415) and bodies over maxBody (413).
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !(mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))) {
		return nil, &requestError{status: http.StatusUnsupportedMediaType, kind: "unsupported-media-type",
			detail: fmt.Sprintf("send the body as application/json (Content-Type was %q)", r.Header.Get("Content-Type"))}
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, &requestError{status: http.StatusRequestEntityTooLarge, kind: "body-too-large",
			detail: fmt.Sprintf("the body must be at most %d bytes", maxBody)}
	}
	if err != nil {
		return nil, &requestError{status: http.StatusBadRequest, kind: "bad-request", detail: "could not read the request body"}
	}
	if err := textProblem(data); err != nil {
		return nil, err
	}
	return data, nil
}

// textProblem refuses a JSON body that is not UTF-8 (encoding/json would
// quietly replace the bytes) or whose strings hold a NUL ("\u0000", which
// no database text can), naming the place or the field. A body that is not
// JSON is left for the decoder to describe.
func textProblem(data []byte) error {
	if !utf8.Valid(data) {
		at := 0
		for at < len(data) {
			r, size := utf8.DecodeRune(data[at:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			at += size
		}
		return &requestError{status: http.StatusBadRequest, kind: "malformed-json",
			detail: fmt.Sprintf("the body must be UTF-8 text; the byte at %s is not", position(data, int64(at)))}
	}
	if !bytes.Contains(data, []byte(`\u0000`)) {
		return nil
	}
	// Walk the tokens, keeping the path of the value being read.
	type frame struct {
		object bool
		key    string
		index  int
		keyed  bool // in an object: the next string is a value, not a key
	}
	var stack []frame
	path := func(frames []frame) string {
		var b strings.Builder
		for _, f := range frames {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				fmt.Fprintf(&b, "[%d]", f.index)
			}
		}
		return b.String()
	}
	// after a value: the enclosing object wants a key next, an array counts it.
	next := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].keyed = false
			} else {
				stack[n-1].index++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, frame{object: t == '{'})
			default:
				stack = stack[:len(stack)-1]
				next()
			}
		case string:
			n := len(stack)
			if n > 0 && stack[n-1].object && !stack[n-1].keyed {
				if strings.ContainsRune(t, 0) {
					return &requestError{status: http.StatusBadRequest, kind: "invalid-body",
						detail: fmt.Sprintf("a field's name in %s holds a NUL character", cmp.Or(path(stack[:n-1]), "the body"))}
				}
				stack[n-1].key, stack[n-1].keyed = t, true
				continue
			}
			if strings.ContainsRune(t, 0) {
				field := cmp.Or(path(stack), "body")
				return &errs.ValidationError{Fields: map[string]string{field: "must not hold a NUL character"}}
			}
			next()
		default:
			next()
		}
	}
}

// decodeStrict decodes one JSON object from data into v, refusing unknown
// fields and trailing data, and says where a malformed body went wrong.
func decodeStrict(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &requestError{status: http.StatusBadRequest, kind: "malformed-json", detail: "the request body is empty; send a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &requestError{status: http.StatusBadRequest, kind: "malformed-json",
			detail: fmt.Sprintf("unexpected data after the JSON object at %s", position(data, dec.InputOffset()))}
	}
	return nil
}

// bodyError turns a decoding error into a 400 problem that names the place
// or the field that is wrong.
func bodyError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return &requestError{status: http.StatusBadRequest, kind: "malformed-json",
			detail: fmt.Sprintf("malformed JSON at %s: %s", position(data, syntax.Offset-1), strings.TrimPrefix(syntax.Error(), "json: "))}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &requestError{status: http.StatusBadRequest, kind: "malformed-json",
			detail: fmt.Sprintf("malformed JSON: the body ends at %s in the middle of a value", position(data, int64(len(data))))}
	case errors.As(err, &typ):
		field := jsonPath(typ.Field)
		if field == "" {
			return &requestError{status: http.StatusBadRequest, kind: "invalid-body",
				detail: fmt.Sprintf("the body must be a JSON object, not %s", typ.Value)}
		}
		return &requestError{status: http.StatusBadRequest, kind: "invalid-body", field: field,
			detail: fmt.Sprintf("%s: expected %s, got %s", field, jsonKind(typ.Type), typ.Value)}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return &requestError{status: http.StatusBadRequest, kind: "unknown-field", field: name,
			detail: fmt.Sprintf("unknown field %q; see the schema in %s/openapi.json", name, prefix)}
	}
	return &requestError{status: http.StatusBadRequest, kind: "malformed-json", detail: "malformed JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
}

// jsonPath returns the JSON path of a field encoding/json reports, without
// the Go names of embedded structs (JSON names here are all lower case).
func jsonPath(field string) string {
	var parts []string
	for _, p := range strings.Split(field, ".") {
		if p != "" && !unicode.IsUpper(rune(p[0])) {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ".")
}

// position says where offset falls in data, as a person counts.
func position(data []byte, offset int64) string {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, offset)
}

// jsonKind names a Go type the way a JSON client thinks of it.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(jsonKind(t.Elem()), "a "), "an ") + "s"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "an object"
}

// organizationCreate is the body of POST /organizations: the organization's
// fields and, for clients that keep their own ids (imports), an id.
type organizationCreate struct {
	ID string `json:"id"`
	directory.OrganizationInput
}

// organizationPatch is the body of PATCH /organizations/{id}: any of the
// organization's fields, and the version the client last saw.
type organizationPatch struct {
	Version *int `json:"version"`
	directory.OrganizationInput
}

// maxID bounds a client-chosen id; ids appear in URLs, so they are limited
// to characters that need no escaping.
const maxID = 100

// decodeOrganization reads the body of a create request into a normalized
// input (with the id the client chose, if any).
func decodeOrganization(data []byte, now time.Time) (string, directory.OrganizationInput, error) {
	var body organizationCreate
	if err := decodeStrict(data, &body); err != nil {
		return "", directory.OrganizationInput{}, err
	}
	var v errs.ValidationError
	if msg := checkID(body.ID); msg != "" {
		v.Add("id", msg)
	}
	in := body.OrganizationInput
	if err := in.Normalize(now); err != nil {
		var fields *errs.ValidationError
		if !errors.As(err, &fields) {
			return "", directory.OrganizationInput{}, err
		}
		for f, msg := range fields.Fields {
			v.Add(f, msg)
		}
	}
	if err := v.OrNil(); err != nil {
		return "", directory.OrganizationInput{}, err
	}
	return body.ID, in, nil
}

// checkID returns why a client-chosen id is refused, or "".
func checkID(id string) string {
	if id == "" {
		return ""
	}
	if len(id) > maxID {
		return fmt.Sprintf("must be at most %d characters", maxID)
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return "may contain only letters, digits, '-', '_' and '.'"
		}
	}
	return ""
}

// decodeOrganizationPatch reads the body of a partial update and merges the
// fields it holds over base; fields it leaves out keep their values, and a
// null clears a field. It returns the merged input and the version the
// client sent (0 for none).
func decodeOrganizationPatch(data []byte, base directory.OrganizationInput) (directory.OrganizationInput, int, error) {
	var body organizationPatch
	if err := decodeStrict(data, &body); err != nil {
		return base, 0, err
	}
	// The struct says what the values are; the raw map says which were sent.
	var present map[string]json.RawMessage
	if err := json.Unmarshal(data, &present); err != nil {
		return base, 0, bodyError(data, err)
	}
	in := base
	mergeFields(&in, body.OrganizationInput, present)
	version := 0
	if body.Version != nil {
		if *body.Version < 1 {
			return base, 0, &errs.ValidationError{Fields: map[string]string{"version": "must be a positive whole number"}}
		}
		version = *body.Version
	}
	return in, version, nil
}

// mergeFields copies into dst the fields of src that the body's keys name.
// encoding/json matches keys to fields without regard to case, so the merge
// matches them the same way; fields added to OrganizationInput later are
// merged without a change here.
func mergeFields(dst *directory.OrganizationInput, src directory.OrganizationInput, keys map[string]json.RawMessage) {
	to, from := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src)
	for i := range to.NumField() {
		name, _, _ := strings.Cut(to.Type().Field(i).Tag.Get("json"), ",")
		for key := range keys {
			if strings.EqualFold(key, name) {
				to.Field(i).Set(from.Field(i))
				break
			}
		}
	}
}

// noBody refuses a request that sends a body to an endpoint that reads
// none (its parameters are in the query): a client that thinks it is
// asking for something the body says would otherwise get something else.
// An empty body, or whitespace, or an empty JSON object, passes.
func noBody(w http.ResponseWriter, r *http.Request, query string) error {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return &requestError{status: http.StatusBadRequest, kind: "bad-request", detail: "could not read the request body"}
	}
	if t := strings.TrimSpace(string(data)); t != "" && t != "{}" {
		return &requestError{status: http.StatusBadRequest, kind: "bad-request",
			detail: "this endpoint reads no body: give " + query + " in the query string"}
	}
	return nil
}
