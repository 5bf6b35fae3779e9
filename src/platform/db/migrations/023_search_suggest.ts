// Autocomplete of the postgres engine at 1M (issue 4). One statement per string (PGlite runs them one at a time).
//
// search_suggest_head3 / _head5 / _head6: with heads of 2 and 4 characters only, a prefix of 3, 5 or 6
// characters walked its shorter head in weight order, testing `phrase like` on every row, until enough
// matched — up to 3,000 index rows for a prefix rare inside its head, and a product past them was
// missed. With an index per typed length from 2 to 6, a prefix of that length IS the index key: its
// first rows are its most popular phrases, so a lookup reads `limit × phrases per product` entries
// whatever the prefix. Longer prefixes walk the 6-character head (hence its INCLUDE). PostgreSQL keeps the indexes
// current on every write, so incremental indexing needs nothing more. (The engine's reindex builds
// the same index set on each rebuilt table: SUGGEST_INDEXES in engines/postgres/index.ts.)
//
// search_label_words: a brand or category is suggested when its name, or one of its later words,
// starts with what was typed — `lower_text like 'p%' or lower_text like '% p%'`, which no index serves,
// so every request read all 11,000 labels of the 1M catalog (5 ms in EXPLAIN ANALYZE, against
// 0.2 ms for the products part). Here each label has one row per word start (its text from that word on) under a
// text_pattern_ops btree: a prefix is one range scan. Rows go with their label (on delete cascade) and
// are rewritten with it (engines/postgres/labels.ts).
export const up: string[] = [
  `create table if not exists search_label_words (
    kind   text not null,
    id     integer not null,
    pos    smallint not null,
    phrase text not null,
    primary key (kind, id, pos),
    foreign key (kind, id) references search_labels (kind, id) on delete cascade
  )`,
  `create index if not exists search_label_words_phrase on search_label_words (phrase text_pattern_ops)`,
  // the labels already there: their text from each space-separated word on (split and joined by one
  // space, so the text itself comes back whole at pos 1)
  `insert into search_label_words (kind, id, pos, phrase)
   select l.kind, l.id, w.n, array_to_string((string_to_array(l.lower_text, ' '))[w.n:], ' ')
     from search_labels l, generate_series(1, coalesce(array_length(string_to_array(l.lower_text, ' '), 1), 0)) as w(n)
   on conflict do nothing`,
  `create index if not exists search_suggest_head3 on search_suggest ((left(phrase, 3)), weight desc, product_id)`,
  `create index if not exists search_suggest_head5 on search_suggest ((left(phrase, 5)), weight desc, product_id)`,
  `create index if not exists search_suggest_head6 on search_suggest ((left(phrase, 6)), weight desc, product_id) include (phrase)`,
];
