// Package hsds reads and writes the files a community directory comes in:
// HSDS 3.0 (the Open Referral Human Services Data Specification) as a
// tabular data package of CSV files or as JSON objects, the older HSDS 2.0
// and 1.x packages, and the Ohana API's CSV layout. A reader checks every
// row and gives a Bundle of records with Backbone's ids, or problems that
// name the file, row and field; a writer turns a Dataset of rows into the
// HSDS 3.0 package and objects. It knows no database: the directory
// package saves a Bundle and fills a Dataset.
package hsds

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ReadPath reads a directory from a file or folder, telling its format by
// its shape: a folder with datapackage.json is an HSDS tabular data
// package (3.0, or 1.x and 2.0: ReadPackage); a folder with
// organizations.csv and locations.csv but no datapackage.json is the Ohana
// API's CSV layout; a .json file is HSDS 3.0 JSON (one object, an array of
// them, or a page of a list).
func ReadPath(path string) (*Bundle, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		if !strings.EqualFold(filepath.Ext(path), ".json") {
			return nil, fmt.Errorf("%s: not a folder or a .json file: "+
				"give an HSDS data package folder, an Ohana CSV folder or an HSDS JSON file", path)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return ReadJSON(filepath.Base(path), f)
	}
	has := func(name string) bool {
		_, err := os.Stat(filepath.Join(path, name))
		return err == nil
	}
	switch {
	case has("datapackage.json"):
		return ReadPackage(os.DirFS(path))
	case has("organizations.csv") && has("locations.csv"):
		return ReadOhana(os.DirFS(path))
	}
	return nil, fmt.Errorf("%s: neither an HSDS data package (no datapackage.json) "+
		"nor an Ohana CSV folder (no organizations.csv and locations.csv)", path)
}

// Limits on an uploaded ZIP file, so that a small file cannot unpack into
// something that fills the memory or the disk.
const (
	maxZipFiles = 200
	maxZipBytes = 200 << 20
)

// ReadUpload reads a directory file uploaded through the web: an HSDS 3.0
// JSON file (.json), or a ZIP file (.zip) holding an HSDS tabular data
// package (datapackage.json and CSV files; 3.0, 2.0 or 1.x) or a folder in the Ohana CSV
// layout, at its top or in one folder.
func ReadUpload(name string, r io.ReaderAt, size int64) (*Bundle, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return ReadJSON(filepath.Base(name), io.NewSectionReader(r, 0, size))
	case ".zip":
	default:
		return nil, fmt.Errorf("%s: upload an HSDS JSON file (.json) "+
			"or a ZIP file (.zip) of an HSDS data package or Ohana CSV files", name)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable ZIP file: %v", name, err)
	}
	if len(zr.File) > maxZipFiles {
		return nil, fmt.Errorf("%s: holds %d files; a directory package has at most %d", name, len(zr.File), maxZipFiles)
	}
	var total uint64
	dirs := map[string]map[string]bool{} // folder → the file names in it
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxZipBytes {
			return nil, fmt.Errorf("%s: unpacks to more than %d MiB", name, maxZipBytes>>20)
		}
		if f.FileInfo().IsDir() || strings.HasPrefix(path.Base(f.Name), "._") || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		dir := path.Dir(f.Name)
		if dirs[dir] == nil {
			dirs[dir] = map[string]bool{}
		}
		dirs[dir][path.Base(f.Name)] = true
	}
	for dir, files := range dirs {
		sub, err := fs.Sub(zr, dir)
		if err != nil {
			return nil, err
		}
		switch {
		case files["datapackage.json"]:
			return ReadPackage(sub)
		case files["organizations.csv"] && files["locations.csv"]:
			return ReadOhana(sub)
		}
	}
	return nil, errors.New(name + ": found neither an HSDS data package (datapackage.json) " +
		"nor Ohana CSV files (organizations.csv and locations.csv) in it")
}
