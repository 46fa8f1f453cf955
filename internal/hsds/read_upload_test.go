package hsds

import (
	"bytes"
	"strings"
	"testing"

	"backbone/internal/testutil/filetest"
)

func zipOf(t *testing.T, dir, prefix string) []byte { return filetest.Zip(t, dir, prefix) }

func TestReadUpload(t *testing.T) {
	ohana := zipOf(t, "testdata/ohana-smc", "ohana-smc/")
	b, err := ReadUpload("ohana.zip", bytes.NewReader(ohana), int64(len(ohana)))
	if err != nil || len(b.Organizations) != 8 {
		t.Fatalf("Ohana ZIP: %v", err)
	}
	pkg := zipOf(t, "testdata/hsds/csv", "")
	if b, err = ReadUpload("package.ZIP", bytes.NewReader(pkg), int64(len(pkg))); err != nil || len(b.Organizations) == 0 {
		t.Fatalf("HSDS package ZIP: %v", err)
	}
	// The older packages, told by their tables, in a folder of the ZIP.
	for dir, format := range map[string]string{"testdata/hsds-2.0": Legacy2CSVFormat, "testdata/hsds-1.1": Legacy1CSVFormat} {
		pkg := zipOf(t, dir, "export/")
		if b, err = ReadUpload("older.zip", bytes.NewReader(pkg), int64(len(pkg))); err != nil || b.Format != format || len(b.Services) != 2 {
			t.Fatalf("%s ZIP: %v %v", dir, b, err)
		}
	}
	for name, body := range map[string][]byte{
		"notes.txt": []byte("hello"),
		"bad.zip":   []byte("not a zip"),
		"empty.zip": zipOf(t, t.TempDir(), ""),
	} {
		if _, err := ReadUpload(name, bytes.NewReader(body), int64(len(body))); err == nil || !strings.HasPrefix(err.Error(), name+":") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzReadUpload(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _ = ReadUpload("fuzz.zip", bytes.NewReader(body), int64(len(body)))
	})
}
