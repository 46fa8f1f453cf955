package hsds

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

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
		return nil, fmt.Errorf("%s: upload an HSDS JSON file (.json) or a ZIP file (.zip) of an HSDS data package or Ohana CSV files", name)
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
	return nil, errors.New(name + ": found neither an HSDS data package (datapackage.json) nor Ohana CSV files (organizations.csv and locations.csv) in it")
}
