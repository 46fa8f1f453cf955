// Package filetest makes the files that tests upload.
package filetest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Zip packs the files of a folder (not its subfolders) into a ZIP file in
// memory, each under prefix ("" for the top, "export/" for a folder in
// it). change, when given as file, old and new, replaces the first old in
// that file with new, for a broken copy.
func Zip(t testing.TB, dir, prefix string, change ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if len(change) == 3 && e.Name() == change[0] {
			if !bytes.Contains(data, []byte(change[1])) {
				t.Fatalf("%s has no %q", e.Name(), change[1])
			}
			data = []byte(strings.Replace(string(data), change[1], change[2], 1))
		}
		w, err := zw.Create(prefix + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
