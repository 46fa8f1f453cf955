package network

// SetTieBatchRows makes the ties import write batches of n rows, for tests
// of what happens at a batch's edges; it returns what sets it back.
func SetTieBatchRows(n int) (restore func()) {
	old := tieBatchRows
	tieBatchRows = n
	return func() { tieBatchRows = old }
}
