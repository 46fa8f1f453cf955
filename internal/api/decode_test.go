package api

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"backbone/internal/directory"
	"backbone/internal/errs"
)

// FuzzDecodeOrganization feeds arbitrary bodies to the create and patch
// decoders: they must never panic, and must return either an error the API
// maps to a 4xx problem or an input that is already normalized and valid.
func FuzzDecodeOrganization(f *testing.F) {
	for _, seed := range []string{
		newOrg,
		`{}`, `[]`, `null`, `"x"`, `{"name":`, `{"name": "X", "description": "d"} x`,
		`{"id": "a-1", "name": " X ", "description": "d", "sectors": [" Food ", "food", ""], "website": "example.org"}`,
		`{"name": "X", "description": "d", "year_incorporated": 1.5}`,
		`{"name": "X", "description": "d", "year_incorporated": 99999999999999999999}`,
		`{"NAME": "X", "Description": "d", "version": 2}`,
		`{"name": null, "description": null, "sectors": null, "year_incorporated": null}`,
		`{"name": "\u0000", "description": "\ud800"}`,
		`{"colour": "red"}`,
	} {
		f.Add([]byte(seed))
	}
	year := 1990
	base := directory.OrganizationInput{Name: "Base", Description: "Base description", YearIncorporated: &year, Sectors: []string{"food"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		id, in, err := decodeOrganization(data, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
		checkDecoded(t, "create", in, err)
		if err == nil && checkID(id) != "" {
			t.Fatalf("create accepted id %q", id)
		}
		merged, version, err := decodeOrganizationPatch(data, directory.InputOf(&directory.Organization{
			Name: base.Name, Description: base.Description, YearIncorporated: base.YearIncorporated, Sectors: base.Sectors}))
		if err == nil {
			if version < 0 {
				t.Fatalf("patch returned version %d", version)
			}
			nerr := merged.Normalize(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
			checkDecoded(t, "patch", merged, nerr)
		} else {
			checkDecoded(t, "patch", merged, err)
		}
	})
}

// checkDecoded asserts that err is one the API answers with a 4xx problem,
// or that in is normalized: normalizing it again changes nothing.
func checkDecoded(t *testing.T, what string, in directory.OrganizationInput, err error) {
	t.Helper()
	if err != nil {
		var reqErr *requestError
		var invalid *errs.ValidationError
		switch {
		case errors.As(err, &reqErr):
			if reqErr.status < 400 || reqErr.status > 499 || problemTitles[reqErr.kind] == "" || reqErr.detail == "" {
				t.Fatalf("%s: bad request error %+v", what, reqErr)
			}
		case errors.As(err, &invalid):
			if !invalid.Has() {
				t.Fatalf("%s: empty validation error", what)
			}
		default:
			t.Fatalf("%s: error %T %v would be a 500", what, err, err)
		}
		return
	}
	again := in
	again.Sectors = append([]string(nil), in.Sectors...)
	if err := again.Normalize(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("%s: decoded input is not valid: %v", what, err)
	}
	if !reflect.DeepEqual(again, in) {
		t.Fatalf("%s: decoded input is not normalized:\n%+v\n%+v", what, in, again)
	}
}

func TestPosition(t *testing.T) {
	data := []byte("{\n  \"a\": 1,\n  x")
	for _, c := range []struct {
		offset int64
		want   string
	}{
		{0, "line 1, column 1 (byte 0)"},
		{2, "line 2, column 1 (byte 2)"},
		{14, "line 3, column 3 (byte 14)"},
		{99, "line 3, column 4 (byte 15)"},
		{-1, "line 1, column 1 (byte 0)"},
	} {
		if got := position(data, c.offset); got != c.want {
			t.Errorf("position(%d) = %q, want %q", c.offset, got, c.want)
		}
	}
}

// FuzzTextProblem: whatever the body, the text check never panics; it
// refuses a body exactly when the body is not UTF-8 or one of its strings
// or keys holds a NUL (for a body that is JSON), and a refused field is
// named by a path that leads to that string.
func FuzzTextProblem(f *testing.F) {
	for _, seed := range []string{
		`{"name":"a\u0000b"}`, `{"a":[{"b":"x"},{"c":["\u0000"]}]}`, `{"x\u0000":1}`, `"\u0000"`, `["ok","\u0000"]`,
		`{"name":"a\\u0000b"}`, "{\"name\":\"\xff\"}", `{"a":{"b":{"c":"\u0000"}}}`, `{"a":1,"b":[1,2,{"c":null,"d":"\u0000"}]}`, `{`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := textProblem(data)
		if !utf8.Valid(data) {
			if err == nil {
				t.Fatal("a body that is not UTF-8 was let through")
			}
			return
		}
		var v any
		if json.Unmarshal(data, &v) != nil {
			return // the decoder describes it
		}
		paths := nulPaths(v, "")
		var ve *errs.ValidationError
		switch {
		case len(paths) == 0 && err != nil:
			t.Fatalf("refused a body without a NUL: %v", err)
		case len(paths) > 0 && err == nil:
			t.Fatalf("let through a NUL at %v", paths)
		case errors.As(err, &ve):
			for field := range ve.Fields {
				if !slices.Contains(paths, field) {
					t.Fatalf("named %q, the NULs are at %v", field, paths)
				}
			}
		}
	})
}

// nulPaths lists the paths of the strings in v that hold a NUL, written as
// textProblem writes them ("body" for the whole body); a key with a NUL is
// listed as "key:" and its object's path.
func nulPaths(v any, path string) []string {
	var out []string
	switch x := v.(type) {
	case string:
		if strings.ContainsRune(x, 0) {
			out = append(out, cmp.Or(path, "body"))
		}
	case []any:
		for i, e := range x {
			out = append(out, nulPaths(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case map[string]any:
		for k, e := range x {
			if strings.ContainsRune(k, 0) {
				out = append(out, "key:"+path)
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			out = append(out, nulPaths(e, p)...)
		}
	}
	return out
}
