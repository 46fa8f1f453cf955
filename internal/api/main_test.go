package api

import (
	"testing"

	"backbone/internal/testutil/storetest"
)

// TestMain drops the test databases this package's tests made on
// PostgreSQL once they are done.
func TestMain(m *testing.M) { storetest.Main(m) }
