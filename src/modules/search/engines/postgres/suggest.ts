// Autocomplete of the postgres engine, over search_suggest (migrations 012 and 023) and search_labels
// (found through search_label_words, see labels.ts).
// A product is suggested when one of its name's first words starts what was typed: its phrases are
// the name read from each of those words. A prefix of 2 to 6 characters is the key of its own head
// index (the phrase's first N characters, then weight): its first rows are its most popular phrases,
// so the lookup reads at most `limit × MAX_POSITIONS` index entries, exact, whatever the prefix. A
// longer prefix walks the 6-character head in weight order for at most HEAD_SCAN rows, and one rare
// inside its head falls back to a text_pattern_ops range of at most RANGE_SCAN rows — the cost there:
// a product matching only after HEAD_SCAN heavier phrases of the same head is missed.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../../../platform/db/schema.js';
import type { SearchDocument, Suggestion } from '../../engine.js';
import { normalizeText, queryTokens, tokens } from '../../text.js';

/** phrases start at most at this many name words (noun, brand, model, first attribute) */
const MAX_POSITIONS = 4;
const MAX_PHRASE = 80;
/** typed lengths with an index of their own (search_suggest_head2 … _head6) */
const EXACT_HEADS = 6;
const HEAD_SCAN = 3000;
const RANGE_SCAN = 400;
/** label prefixes up to this many characters have a head index of their own (search_label_words_head2/3) */
const LABEL_HEADS = 3;
/** word rows read from a label head: a label has a row per word, and a few of its words may start the
 *  same way, so 60 rows hold the 6 labels shown with room to spare */
const LABEL_HEAD_ROWS = 60;

export type SuggestTable = 'search_suggest' | 'search_suggest_build';

/** Rows of one document: its name from each of its first words that holds a letter. */
export function suggestPhrases(d: SearchDocument): { pos: number; phrase: string }[] {
  const words = tokens(d.name);
  const out: { pos: number; phrase: string }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length && out.length < MAX_POSITIONS; i++) {
    if (!/\p{L}/u.test(words[i]!)) continue;
    const phrase = words.slice(i).join(' ').slice(0, MAX_PHRASE);
    if (seen.has(phrase)) continue;
    seen.add(phrase);
    out.push({ pos: i, phrase });
  }
  return out;
}

/** Replaces the phrases of these documents (inside the caller's transaction). */
export async function writePhrases(tx: Transaction<DB>, table: SuggestTable, docs: SearchDocument[], generation: number): Promise<void> {
  const ids: number[] = [];
  const pos: number[] = [];
  const phrase: string[] = [];
  const weight: number[] = [];
  for (const d of docs) {
    for (const p of suggestPhrases(d)) {
      ids.push(d.product_id);
      pos.push(p.pos);
      phrase.push(p.phrase);
      weight.push(d.popularity);
    }
  }
  await sql`delete from ${sql.table(table)} where product_id = any(${docs.map((d) => d.product_id)}::bigint[])`.execute(tx);
  if (!ids.length) return;
  await sql`insert into ${sql.table(table)} (product_id, pos, phrase, weight, generation)
            select * , ${generation}::int from unnest(${ids}::bigint[], ${pos}::smallint[], ${phrase}::text[], ${weight}::int[])`.execute(tx);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function suggest(db: Kysely<DB>, prefix: string, limit: number): Promise<Suggestion[]> {
  const norm = normalizeText(prefix).replace(/\s+/g, ' ').trim().slice(0, 100);
  const words = queryTokens(norm);
  const typed = words.join(' ');
  if (!words.length || words.join('').length < 2) return [];
  const like = `${escapeLike(typed)}%`;
  const labelLike = `${escapeLike(norm)}%`;
  // a product has at most MAX_POSITIONS phrases, so this many rows hold `limit` distinct products
  const want = limit * MAX_POSITIONS;
  // characters as PostgreSQL's left() counts them (code points, not UTF-16 units)
  const chars = [...typed];
  const exact = chars.length <= EXACT_HEADS;
  const headLen = sql.raw(String(exact ? chars.length : EXACT_HEADS));
  const head = chars.slice(0, EXACT_HEADS).join('');
  // one statement (one plan, one round trip): labels, then products — from the typed length's own
  // head index, or for a longer prefix the 6-character head walk plus, when it came up short, the
  // range scan
  const candidates = exact
    ? sql`
      candidates as (
        select product_id, weight from search_suggest
         where left(phrase, ${headLen}) = ${head}
         order by left(phrase, ${headLen}), weight desc, product_id
         limit ${want}
      ),`
    : sql`
      head as (
        select product_id, weight from (
          select product_id, weight, phrase from search_suggest
           where left(phrase, ${headLen}) = ${head}
           order by left(phrase, ${headLen}), weight desc, product_id
           limit ${HEAD_SCAN}) h
         where phrase like ${like}
         limit ${want}
      ),
      tail as (
        select product_id, weight from (
          select product_id, weight from search_suggest where phrase like ${like} limit ${RANGE_SCAN}) r
         where (select count(*) from head) < ${want}
      ),
      candidates as (select * from head union all select * from tail),`;
  // labels: for a 2- or 3-character prefix its own head index (migration 025) gives the word rows in
  // rank order, so the first LABEL_HEAD_ROWS rows hold the labels shown; a longer prefix matches few
  // enough rows to rank them all from the covering range index (migration 024)
  const labelChars = [...norm];
  const labelLimit = Math.max(1, Math.min(6, Math.ceil(limit / 2)));
  const labelRows = labelChars.length <= LABEL_HEADS
    ? sql`(select kind, id, pos, text_length from search_label_words
            where left(phrase, ${sql.raw(String(labelChars.length))}) = ${norm}
            order by left(phrase, ${sql.raw(String(labelChars.length))}), (pos <> 1), (kind collate "C"), text_length, id
            limit ${LABEL_HEAD_ROWS})`
    : sql`(select kind, id, pos, text_length from search_label_words where phrase like ${labelLike})`;
  const rows = (
    await sql<{ kind: 'brand' | 'category' | 'product'; id: number; text: string; slug: string }>`
      with labels as (
        -- ranked from the word rows alone (whole-text match, i.e. pos 1, first; then kind, length, id)
        -- with a top-N sort, numbered once only the labels shown are left and read from search_labels;
        -- kind compared bytewise ('brand' < 'category' either way, without the collation's cost)
        select l.kind, l.id, l.text, l.slug, row_number() over (order by w.whole desc, w.kind collate "C", w.len, w.id) as ord
          from (select kind, id, bool_or(pos = 1) as whole, min(text_length) as len
                  from ${labelRows} r
                 group by kind, id order by 3 desc, kind collate "C", 4, id
                 limit ${labelLimit}) w
          join search_labels l on l.kind = w.kind and l.id = w.id
      ),
      ${candidates}
      products as (
        select product_id, max(weight) as weight from candidates
         group by product_id order by 2 desc, 1 limit ${limit}
      )
      select kind, id, text, slug from (
        select kind, id, text, slug, 0 as part, ord as o1, 0::bigint as o2 from labels
        union all
        select 'product', s.product_id, s.name, s.slug, 1, -p.weight, p.product_id
          from products p join search_documents s on s.product_id = p.product_id
      ) u order by part, o1, o2`.execute(db)
  ).rows;
  const out: Suggestion[] = rows.map((r) => ({ kind: r.kind, id: Number(r.id), text: r.text, slug: r.slug }));
  return out.slice(0, limit);
}
