package measure

import "time"

// SetClock replaces a store's clock, for tests.
func SetClock(s *Store, now func() time.Time) { s.now = now }
