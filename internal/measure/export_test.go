package measure

import "time"

// SetClock replaces a store's clock, for tests.
func SetClock(s *Store, now func() time.Time) { s.now = now }

// SetXLSXUnzipLimit lowers what a workbook may unpack to, for tests; the
// returned func restores it.
func SetXLSXUnzipLimit(n int64) func() {
	old := xlsxUnzipLimit
	xlsxUnzipLimit = n
	return func() { xlsxUnzipLimit = old }
}
