package wait_test

import (
	"testing"
	"time"

	"backbone/internal/testutil/wait"
)

func TestUntil(t *testing.T) {
	calls := 0
	if !wait.Until(time.Second, time.Millisecond, func() bool { calls++; return calls == 3 }) || calls != 3 {
		t.Fatalf("done on the third call: %d calls", calls)
	}
	if wait.Until(20*time.Millisecond, time.Millisecond, func() bool { return false }) {
		t.Fatal("never done, yet reported done")
	}
}
