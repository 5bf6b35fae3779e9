// Brand and category autocomplete for prefixes of 2 and 3 characters read in rank order (issue 4,
// suggest p95 at 1M with 8 clients).
//
// A short prefix starts the words of up to ~1,800 labels of a 9,000-category catalog; ranking them
// through search_label_words_rank meant reading every one of those word rows, grouping them by label
// and sorting — the bulk of the suggest statement. These heads hold the rows of each 2- and
// 3-character start already in rank order (whole-text match first, then kind, length, id), so the
// first few dozen rows hold the labels shown. Whole statement, EXPLAIN ANALYZE on the 1M catalog:
// "ко" 1.66 → 0.56 ms, "для" 2.99 → 0.31 ms, "сма" 0.30 → 0.29 ms; 8 clients, 8,000 suggests:
// 1,361–1,409 → 1,481–1,526 a second, p95 13.6–13.8 → 11.7–13.0 ms.
export const up: string[] = [
  `create index if not exists search_label_words_head2 on search_label_words
     ((left(phrase, 2)), (pos <> 1), (kind collate "C"), text_length, id) include (pos)`,
  `create index if not exists search_label_words_head3 on search_label_words
     ((left(phrase, 3)), (pos <> 1), (kind collate "C"), text_length, id) include (pos)`,
];
