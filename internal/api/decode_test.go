package api

import (
	"errors"
	"reflect"
	"testing"

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
		id, in, err := decodeOrganization(data)
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
			nerr := merged.Normalize()
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
	if err := again.Normalize(); err != nil {
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
