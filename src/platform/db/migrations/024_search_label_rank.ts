// Brand and category autocomplete ranked from search_label_words alone (issue 4, suggest p95 at 1M).
//
// Labels were ranked (whole-text match first, then kind, length, id) after joining every label whose
// word start matched to search_labels: for a short prefix that is hundreds to ~1,500 labels, and the
// planner chose a sequential scan of all 11,000 labels plus a hash join — 3.4 ms of a 3.7 ms suggest
// for "сма", 9.8 ms for "ко" (EXPLAIN ANALYZE, 1M catalog). With the label's text length on each
// word row and an index that covers the ranking, the labels are ranked by an index-only range scan
// and only the 5 shown are read from search_labels: 0.23 ms for "сма", 2.3 ms for "ко" (7 ms for "для", the worst: 3,900 labels, was 15).
export const up: string[] = [
  `alter table search_label_words add column if not exists text_length integer not null default 0`,
  `update search_label_words w set text_length = length(l.text)
     from search_labels l where l.kind = w.kind and l.id = w.id and w.text_length <> length(l.text)`,
  `create index if not exists search_label_words_rank on search_label_words (phrase text_pattern_ops) include (kind, id, pos, text_length)`,
  `drop index if exists search_label_words_phrase`,
];
