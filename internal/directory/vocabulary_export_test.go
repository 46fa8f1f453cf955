package directory

// VocabularyMark is the directory's generation the vocabulary kept for the
// store's database was read at, and whether one is kept and not being read
// again.
func VocabularyMark(s *Store) (mark int64, kept, building bool) {
	c, ok := vocabularies.Load(s.db)
	if !ok {
		return 0, false, false
	}
	cache := c.(*vocabularyCache)
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.v == nil {
		return 0, false, cache.building
	}
	return cache.v.mark, true, cache.building
}
