// Package openeligibility is the Open Eligibility human services taxonomy,
// embedded: the built-in categories a directory's own keywords are mapped
// to.
//
// Human Services Taxonomy by Aunt Bertha, Inc. is licensed under a Creative
// Commons Attribution-ShareAlike 3.0 Unported License. Source: github
// auntbertha/openeligibility, commit d51a8339bd3a8740b3b19957f110aa06f1e2ad31;
// see README.md beside this file, copied unchanged with the data.
package openeligibility

import (
	"bytes"
	"crypto/sha1"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
)

//go:embed services.csv
var servicesCSV []byte

//go:embed situations.csv
var situationsCSV []byte

// TaxonomyID is the id of the built-in taxonomy in the taxonomies table.
const TaxonomyID = "7f0e6a52-0e11-4c59-9b4e-0e1167a0e11e"

// Name, URI, Version and Attribution describe the taxonomy as its row and
// every page that shows it say.
const (
	Name        = "Open Eligibility"
	URI         = "https://github.com/auntbertha/openeligibility"
	Version     = "d51a8339bd3a8740b3b19957f110aa06f1e2ad31"
	Attribution = "Human Services Taxonomy by Aunt Bertha, Inc. is licensed under a Creative Commons " +
		"Attribution-ShareAlike 3.0 Unported License."
)

// Term is one category or situation of the taxonomy.
type Term struct {
	ID       string // a UUID derived from the slug, the same in every database
	Slug     string // "human_services:food:food_pantry", kept as the term's code
	Name     string // the English name of its own level
	ParentID string // "" for the two roots
	Path     []string
}

// Situation reports whether the term is a who-it-serves situation rather
// than a service category.
func (t Term) Situation() bool { return strings.HasPrefix(t.Slug, "human_situations") }

// Section is the name of the term's top-level section under its root
// ("Food" for food pantry), "" for a root.
func (t Term) Section() string {
	if len(t.Path) < 2 {
		return ""
	}
	return t.Path[1]
}

// TermID is the id of the term of slug: a name-based UUID (version 5 form).
func TermID(slug string) string {
	h := sha1.Sum([]byte("open-eligibility:" + slug))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Terms returns every term, services then situations, parents before
// their children, in the files' order.
func Terms() ([]Term, error) {
	var out []Term
	for _, f := range []struct {
		name string
		data []byte
	}{{"services.csv", servicesCSV}, {"situations.csv", situationsCSV}} {
		r := csv.NewReader(bytes.NewReader(f.data))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			return nil, fmt.Errorf("open eligibility %s: %w", f.name, err)
		}
		for _, row := range rows[1:] {
			slug := strings.TrimSpace(row[0])
			var path []string
			for i := 1; i < len(row); i += 2 {
				if name := strings.TrimSpace(row[i]); name != "" {
					path = append(path, name)
				}
			}
			if slug == "" || len(path) == 0 {
				continue
			}
			t := Term{ID: TermID(slug), Slug: slug, Name: path[len(path)-1], Path: path}
			if i := strings.LastIndex(slug, ":"); i > 0 {
				t.ParentID = TermID(slug[:i])
			}
			out = append(out, t)
		}
	}
	return out, nil
}
