// Schema changes for search engines at 1M (issue 4). One statement per string (PGlite runs them one at a time).
//
// search_suggest: autocomplete of products without touching search_documents. `tsv @@ 'pre':*` ordered
// by popularity walked the whole popularity index for a rare prefix the planner over-estimated (2.8 s at
// 1M). Here every product contributes its name read from each of its first words ("samsung galaxy a55 …",
// "galaxy a55 …"), weighted by popularity. A prefix is answered from the btree whose key is the phrase's
// first 2 (or 4) characters followed by the weight, walked in weight order with a hard cap on rows
// visited, plus a text_pattern_ops range scan (also capped) for long, rare prefixes — both bounded, so
// no prefix can make the planner walk a million rows.
export const up: string[] = [
  `create table search_suggest (
    product_id bigint not null,
    pos        smallint not null,
    phrase     text not null,
    weight     integer not null default 0,
    generation integer not null default 0,
    primary key (product_id, pos)
  )`,
  `create index search_suggest_head2 on search_suggest ((left(phrase, 2)), weight desc, product_id) include (phrase)`,
  `create index search_suggest_head4 on search_suggest ((left(phrase, 4)), weight desc, product_id) include (phrase)`,
  `create index search_suggest_phrase on search_suggest (phrase text_pattern_ops)`,
];
