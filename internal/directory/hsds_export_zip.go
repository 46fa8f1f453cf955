package directory

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"time"

	"backbone/internal/account"
	"backbone/internal/hsds"
)

// ExportHSDSZip exports the whole directory as ExportHSDS does, into a
// folder of its own that it removes after, then calls start (which may
// set an answer's headers) for the writer that the files go to, as one ZIP
// file. Until start is called nothing is written: an export that fails
// leaves the answer to the caller. An error after it is a failure to write.
func (s *Store) ExportHSDSZip(ctx context.Context, actor account.Actor, start func() io.Writer) (Counts, error) {
	return s.ExportHSDSZipVersion(ctx, actor, hsds.V30, start)
}

// ExportHSDSZipVersion exports as ExportHSDSZip does, in an HSDS version
// (see ExportHSDSVersion).
func (s *Store) ExportHSDSZipVersion(ctx context.Context, actor account.Actor, version string,
	start func() io.Writer) (Counts, error) {
	if err := s.rules.Check(ctx, actor, account.ExportDirectory, account.Platform); err != nil {
		return Counts{}, err
	}

	dir, err := os.MkdirTemp("", "backbone-export-")
	if err != nil {
		return Counts{}, err
	}
	defer os.RemoveAll(dir)
	c, err := s.ExportHSDSVersion(ctx, actor, dir, version)
	if err != nil {
		return c, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return c, err
	}
	zw := zip.NewWriter(start())
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if err := addToZip(zw, filepath.Join(dir, e.Name()), e.Name()); err != nil {
			return c, err
		}
	}
	return c, zw.Close()
}

func addToZip(zw *zip.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := zw.Create(name)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, f)
	return err
}

// ExportZipName is the name a download of the whole directory (ExportHSDSZip)
// is offered under, dated.
func ExportZipName(now time.Time) string {
	return "directory-hsds-" + now.UTC().Format("2006-01-02") + ".zip"
}
