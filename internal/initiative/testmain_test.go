package initiative_test

import (
	"testing"

	"backbone/internal/testutil/storetest"
)

// TestMain drops the test databases that the tests made on PostgreSQL once
// they are done.
func TestMain(m *testing.M) { storetest.Main(m) }
