// The default search engine on PostgreSQL / PGlite: a denormalized search_documents table with a
// weighted tsvector (the `russian` configuration stems Cyrillic words with the Russian Snowball
// stemmer and Latin words with the English one — PostgreSQL maps asciiword → english_stem in it, so
// one vector serves both languages), pg_trgm over a word list for typos and "did you mean", and facets
// aggregated from typed attribute values in one statement.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../../platform/db/database.js';
import type { DB } from '../../../../platform/db/schema.js';
import type {
  FacetResult,
  SearchDocument,
  SearchEngine,
  SearchQuery,
  SearchResult,
  Suggestion,
  Vocabulary,
} from '../../engine.js';
import { indexText, lexiconWords, normalizeText, queryTokens } from '../../text.js';
import { facetSql, filterSql, matchGroup, orderSql, tsqueryText, type TermGroup } from './sql.js';
import { writeLabels } from './labels.js';
import { suggest, writePhrases, type SuggestTable } from './suggest.js';
import { knownWords } from './known-words.js';
import { statementName } from './statement-names.js';

const STATE_KEY = 'postgres.generation';
const LIVE = 'search_documents';
const BUILD = 'search_documents_build';
type Table = typeof LIVE | typeof BUILD;
const SUGGEST_LIVE = 'search_suggest';
const SUGGEST_BUILD = 'search_suggest_build';
/** the secondary indexes of migrations 004, 018 and 026, recreated on each rebuilt table */
const BUILD_INDEXES: [string, string][] = [
  ['search_documents_cat_tsv_gin', 'using gin (category_ids, tsv)'],
  ['search_documents_category_popular', '(primary_category_id, popularity desc, product_id)'],
  ['search_documents_attrs_gin', 'using gin (attributes jsonb_path_ops)'],
  ['search_documents_sku_idx', '(sku)'],
  ['search_documents_generation_idx', '(generation)'],
];
const SUGGEST_OF: Record<Table, SuggestTable> = { [LIVE]: 'search_suggest', [BUILD]: 'search_suggest_build' };
/** migration 012's and 023's indexes of search_suggest, recreated on each rebuilt table */
const SUGGEST_INDEXES: [string, string][] = [
  ['search_suggest_head2', '((left(phrase, 2)), weight desc, product_id) include (phrase)'],
  ['search_suggest_head3', '((left(phrase, 3)), weight desc, product_id)'],
  ['search_suggest_head4', '((left(phrase, 4)), weight desc, product_id) include (phrase)'],
  ['search_suggest_head5', '((left(phrase, 5)), weight desc, product_id)'],
  ['search_suggest_head6', '((left(phrase, 6)), weight desc, product_id) include (phrase)'],
  ['search_suggest_phrase', '(phrase text_pattern_ops)'],
];
/**
 * A text query ranks, facets and pages at most this many matching rows (the first ones the GIN bitmap
 * yields, i.e. in table order) and counts at most COUNT_CAP. A broad word inside a 30,000-product category
 * otherwise ranks and facets every match (~0.5 s at 1M SKUs). The trade: when a query matches more,
 * hits are the best of these candidates rather than of all matches, facet counts are counts among the
 * candidates, `total` is a lower bound, and the result says exhaustive = false.
 *
 * How far it reads: a query with filters reads up to COUNT_CAP matches, so that candidates passing the
 * filters fill a page, and counts those that pass; a query without filters reads one match past the
 * candidates — enough to know there are more — and answers total = TEXT_CANDIDATES + 1. Reading on to
 * COUNT_CAP there only made `total` a larger lower bound (pages past the candidates are empty anyway),
 * and was about 40% of the database CPU of an in-category query at 1M SKUs (5,000 rows visited and
 * re-checked on the heap instead of 1,001).
 */
const TEXT_CANDIDATES = 1000;

/** Subsets of query words tried per relaxation step, at most (more: that step is skipped). */
const MAX_RELAXED_SUBSETS = 20;

/**
 * When no product has every word of a query: match those with all but one word (any one), then all
 * but two, then any word — each step a tsquery of its own, tried until one finds something. A plain
 * OR of the words read its bounded candidates (TEXT_CANDIDATES) in table order, so with 1M products a
 * word common elsewhere crowded out the near-matches: "материнская плата gigabyte графитовый", with no
 * graphite Gigabyte board in the catalog, answered graphite dresses instead of the Gigabyte boards.
 */
export function relaxedTsqueries(groups: TermGroup[]): string[] {
  const words = groups.filter((g) => g.length);
  const out: string[] = [];
  for (let keep = words.length - 1; keep >= 2 && keep >= words.length - 2; keep--) {
    const subsets = combinations(words.length, keep);
    if (subsets.length > MAX_RELAXED_SUBSETS) continue;
    out.push(subsets.map((s) => `(${tsqueryText(s.map((i) => words[i]!), '&')})`).join(' | '));
  }
  if (words.length) out.push(tsqueryText(words, '|'));
  return out;
}

/** Every k-element subset of 0..n-1, as index lists. */
function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (from: number, acc: number[]) => {
    if (acc.length === k) return void out.push([...acc]);
    for (let i = from; i <= n - (k - acc.length); i++) pick(i + 1, [...acc, i]);
  };
  pick(0, []);
  return out;
}
const COUNT_CAP = 5000;
/** Rows of a category read to tell whether a query matches most of it (see densePath). */
const DENSE_PROBE = 200;

export interface PostgresEngineOptions {
  /** matches a text query ranks and facets (default TEXT_CANDIDATES; tests lower it) */
  textCandidates?: number;
  /** matches a bounded query with filters reads and counts (default COUNT_CAP) */
  countCap?: number;
  /** rows of a category read to tell whether a query matches most of it (default DENSE_PROBE; tests lower it) */
  denseProbe?: number;
  /** how long a known query word's analysis is reused (default 60 s; see known-words.ts) */
  knownWordsTtlMs?: number;
}
const TYPO_SIMILARITY = 0.4;
/**
 * Score bonus of a product whose name begins with the query's first word (same stem). A product name
 * starts with what the product is ("Сушильная машина LG …", "Процессор MSI …"), and a query usually
 * does too: "сушильная машина LG синий" matches 30 LG washer-dryers ("Стирально-сушильная машина LG …")
 * and 3 LG dryers at 1M, every word in the same fields, and the dryers came 19th–26th; in "процессор
 * розовый 128 гб", laptops with "128 ГБ" in the name came before processors with it in the attributes.
 * It only reorders products that match the query anyway. NDCG@10 of the judged queries on the 1M bench
 * catalog: 0.915 without, 0.977 / 0.978 / 0.991 / 0.997 / 0.997 with 0.05 / 0.1 / 0.2 / 0.4 / 1; on the
 * 20k demo catalog 0.994 → 1. Same signal on OpenSearch (query.ts, NAME_HEAD_BOOST).
 */
const NAME_HEAD_BONUS = 0.4;
const SUGGEST_SIMILARITY = 0.3;

interface GenerationState {
  current: number;
  building: number | null;
}

interface Analyzed {
  t: string;
  stems: string[] | null;
  known: boolean;
  similar: [string, number][] | null;
}

/** Letters a word may have past its stem: the noun and adjective endings the stemmers cut off
 *  ("сушильн|ая", "процессор|ами", "iphon|e") are at most 3 long (a rule of thumb, not the stemmer). */
const HEAD_ENDING = 3;

/**
 * NAME_HEAD_BONUS when the name's first word is a word of the stem `head`: the name begins with the
 * stem's letters, and its first word is at most HEAD_ENDING letters longer. "Котелок" begins with the
 * letters of "кот" but is 4 longer; "Стирально-сушильная" begins with neither. Plain string tests on
 * purpose: at 1M, stemming each candidate's first word with ts_lexize, matching it against a regular
 * expression of the endings, or looking its rest up in an array of them cost 4–8 ms at p50 per
 * in-category query (up to 1,000 candidates, nearly all of a category's names begin alike).
 */
function headBonus(head: string): RawBuilder<number> {
  const cut = head.length + HEAD_ENDING + 1;
  // the first space within `cut` characters (a space appended for a one-word name): the first word is short enough
  return sql<number>`case when translate(lower(left(d.name, ${head.length})), 'ё', 'е') = ${head}
                           and position(' ' in left(d.name, ${cut}) || ' ') <= ${cut}
                          then ${NAME_HEAD_BONUS}::float4 else 0 end`;
}

/** The stem a name must begin with for NAME_HEAD_BONUS: the query's first word's, when it is a word
 *  (not a number or a code) with one stem of at least 3 letters; '' otherwise (no bonus). */
function nameHead(token: string, a: Analyzed): string {
  const stem = a.stems?.length === 1 ? a.stems[0]! : '';
  return /^\p{L}+$/u.test(token) && /^\p{L}{3,}$/u.test(stem) ? stem : '';
}

/** 31-bit id of a brand that came without brand_id (the contract fixtures) */
const hashId = (s: string) => {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.codePointAt(0)!) | 0;
  return h & 0x7fffffff;
};

export function createPostgresEngine(database: Database, opts: PostgresEngineOptions = {}): SearchEngine {
  const db: Kysely<DB> = database.kysely;
  const textCandidates = opts.textCandidates ?? TEXT_CANDIDATES;
  const countCap = opts.countCap ?? COUNT_CAP;
  const denseProbe = opts.denseProbe ?? DENSE_PROBE;
  let synonymsByKey = new Map<string, string[][]>();
  let stopWords = new Set<string>();
  const known = knownWords(20_000, opts.knownWordsTtlMs ?? 60_000);

  async function state(): Promise<GenerationState> {
    const row = await db.selectFrom('search_state').select('value').where('key', '=', STATE_KEY).executeTakeFirst();
    return (row?.value as GenerationState | undefined) ?? { current: 0, building: null };
  }
  async function saveState(s: GenerationState): Promise<void> {
    await sql`insert into search_state (key, value) values (${STATE_KEY}, ${JSON.stringify(s)}::jsonb)
              on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(db);
  }

  async function write(docs: SearchDocument[], generation: number, tables: Table[]): Promise<void> {
    if (!docs.length) return;
    const rows = docs.map((d) => ({
      product_id: d.product_id, sku: d.sku, slug: d.slug, name: d.name.replace(/\u0000/g, ''), brand: d.brand, brand_slug: d.brand_slug,
      category_ids: d.category_ids, primary_category_id: d.primary_category_id, attributes: d.attributes,
      price: d.price, currency: d.currency, in_stock: d.in_stock, popularity: d.popularity, created_at: d.created_at,
      a: indexText(d.name),
      b: indexText(`${d.brand ?? ''} ${d.sku}`),
      c: indexText(`${d.category_path} ${d.attribute_text}`),
      // the description's opening is what carries meaning in a card; the rest only bloats the vector
      d: indexText(d.description.slice(0, 2000)),
    }));
    const terms = new Set<string>();
    const labels = new Map<string, { kind: string; id: number; text: string; slug: string }>();
    for (const d of docs) {
      for (const w of lexiconWords(`${d.name} ${d.brand ?? ''} ${d.category_path} ${d.attribute_text}`)) terms.add(w);
      if (d.brand && d.brand_slug) {
        const id = d.brand_id ?? hashId(d.brand_slug);
        labels.set(`b${id}`, { kind: 'brand', id, text: d.brand, slug: d.brand_slug });
      }
      for (const c of d.category_trail ?? []) labels.set(`c${c.id}`, { kind: 'category', id: c.id, text: c.name, slug: c.slug });
    }
    // in key order, as the words are sorted below (the order their rows are locked in)
    const labelRows = [...labels.values()]
      .sort((x, y) => (x.kind === y.kind ? x.id - y.id : x.kind < y.kind ? -1 : 1))
      .map((l) => ({ ...l, lower_text: normalizeText(l.text) }));
    await db.transaction().execute(async (tx) => {
      for (const table of tables) await sql`
        insert into ${sql.table(table)} as s (product_id, sku, slug, name, brand, brand_slug, category_ids, primary_category_id,
               attributes, price, currency, in_stock, popularity, created_at, tsv, generation)
        select (r->>'product_id')::bigint, r->>'sku', r->>'slug', r->>'name', r->>'brand', r->>'brand_slug',
               array(select jsonb_array_elements_text(r->'category_ids')::int), (r->>'primary_category_id')::int,
               coalesce(r->'attributes', '{}'::jsonb), (r->>'price')::bigint, r->>'currency', (r->>'in_stock')::boolean,
               (r->>'popularity')::int, (r->>'created_at')::timestamptz,
               setweight(to_tsvector('russian', r->>'a'), 'A') || setweight(to_tsvector('russian', r->>'b'), 'B') ||
               setweight(to_tsvector('russian', r->>'c'), 'C') || setweight(to_tsvector('russian', r->>'d'), 'D'),
               ${generation}::int
          from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as r
        on conflict (product_id) do update set
          sku = excluded.sku, slug = excluded.slug, name = excluded.name, brand = excluded.brand, brand_slug = excluded.brand_slug,
          category_ids = excluded.category_ids, primary_category_id = excluded.primary_category_id,
          attributes = excluded.attributes, price = excluded.price, currency = excluded.currency, in_stock = excluded.in_stock,
          popularity = excluded.popularity, created_at = excluded.created_at, tsv = excluded.tsv, generation = excluded.generation`.execute(tx);
      for (const table of tables) await writePhrases(tx, SUGGEST_OF[table], docs, generation);
      if (terms.size) {
        // sorted: rows are locked in the order given, and two transactions that lock shared rows in the
        // same order wait for each other instead of deadlocking (a rebuild's batch and a live change
        // upsert the same common words and labels at the same time)
        await sql`insert into search_terms (term, generation) select unnest(${[...terms].sort()}::text[]), ${generation}::int
                  on conflict (term) do update set generation = excluded.generation
                  where search_terms.generation < excluded.generation`.execute(tx);
      }
      await writeLabels(tx, labelRows, generation);
    });
  }

  /**
   * Rewrites the build table in (primary category, popularity) order. A text query reads its matches
   * in table order (GIN bitmap), up to COUNT_CAP: sorted, 5,000 matches of a category sit on ~950
   * adjacent pages instead of 2,400–4,500 scattered ones (at 1M), and the first ones read are its most
   * popular. The table is locked meanwhile: a change arriving during the rewrite waits for it instead of
   * being lost. (Incremental writes land wherever there is room; the next rebuild sorts again.)
   */
  async function cluster(): Promise<void> {
    await db.transaction().execute(async (tx) => {
      await sql.raw(`lock table ${BUILD} in exclusive mode`).execute(tx);
      await sql`select set_config('work_mem', '256MB', true)`.execute(tx);
      await sql.raw(`drop table if exists ${BUILD}_sorted`).execute(tx);
      await sql.raw(`create table ${BUILD}_sorted (like ${LIVE} including defaults)`).execute(tx);
      await sql.raw(`insert into ${BUILD}_sorted select * from ${BUILD} order by primary_category_id, popularity desc, product_id`).execute(tx);
      await sql.raw(`drop table ${BUILD}`).execute(tx);
      await sql.raw(`alter table ${BUILD}_sorted rename to ${BUILD}`).execute(tx);
      await sql.raw(`alter table ${BUILD} add primary key (product_id)`).execute(tx);
    });
  }

  async function analyze(tokens: string[]): Promise<Analyzed[]> {
    const cached = tokens.map((t) => known.get(t));
    const missing = [...new Set(tokens.filter((_, i) => !cached[i]))];
    if (!missing.length) return cached.map((w) => ({ ...w!, known: true, similar: null }));
    const fresh = new Map((await lookup(missing)).map((a) => [a.t, a]));
    for (const a of fresh.values()) if (a.known) known.add({ t: a.t, stems: a.stems });
    return tokens.map((t, i) => (cached[i] ? { ...cached[i], known: true, similar: null } : fresh.get(t)!));
  }

  async function lookup(tokens: string[]): Promise<Analyzed[]> {
    const r = await sql<Analyzed>`
      select t, tsvector_to_array(to_tsvector('russian', t)) as stems,
             exists (select 1 from search_terms where term = t) as known,
             case when length(t) >= 4 and t ~ '[^0-9]' and not exists (select 1 from search_terms where term = t) then
               (select jsonb_agg(jsonb_build_array(term, sim)) from (
                  select term, similarity(term, t) as sim from search_terms where term % t
                   order by sim desc, term limit 3) s)
             end as similar
        from unnest(${tokens}::text[]) as t`.execute(db);
    return r.rows;
  }

  /** query words → OR-groups of the word, its synonyms and its likely corrections */
  function expand(a: Analyzed): TermGroup {
    const alts: string[][] = [[a.t]];
    const group = synonymsByKey.get(a.t) ?? (a.stems ?? []).map((s) => synonymsByKey.get(`~${s}`)).find(Boolean);
    for (const member of group ?? []) alts.push(member);
    for (const [term, sim] of a.similar ?? []) if (sim >= TYPO_SIMILARITY) alts.push([term]);
    const seen = new Set<string>();
    return alts.filter((x) => !seen.has(x.join(' ')) && !!seen.add(x.join(' ')));
  }

  /**
   * The matches of a text query inside a category, in the order they are taken as candidates. When most
   * of the category's most popular products match (the query names what the category holds:
   * "смеситель" in Смесители), its own products are read most popular first through
   * search_documents_category_popular (migration 026) and the scan stops at the match the caller stops
   * at — 1,001 rows for 1,001 matches. Otherwise (a brand, a rarer word: few matches spread over the
   * category) the (category_ids, tsv) GIN intersects them, as it always did: there a bitmap of the
   * matches is cheaper than passing over rows that do not match.
   *
   * Why: the GIN bitmap is built whole before the first row is read, every match of a broad word in a
   * 29k–49k-product category, and those queries were the tail of in-category search at 1M. The
   * candidate scan and ranking alone, on the 1M bench catalog (600 queries in the bench's 30 biggest
   * categories, each run alone): "компактная посудомоечная" in a 49k category 11.8 → 2.7 ms, "смеситель"
   * (29k) 6.2 → 2.0 ms, p95 of the set 8.0 → 4.2 ms; brand queries unchanged (they take the GIN either
   * way). Whole searches through the service with the bench's facets, both ways alternating in one
   * process: PostgreSQL CPU 10.2 → 8.6 ms per search, p95 17.8 → 14.3 ms alone and 70.6 → 63.4 ms with
   * 8 clients (a slow hour of this host).
   *
   * The probe reads the category's `denseProbe` most popular products and calls the query dense when at
   * least half of them match. A product in the category through a secondary link (not its primary)
   * is still found: when the category's own products run out before the caller stops, the GIN reads
   * the others.
   */
  function densePath(categoryId: number, ok: RawBuilder<unknown>, whereSql: RawBuilder<unknown>): RawBuilder<unknown> {
    const cat = sql`${categoryId}::int`;
    return sql`probe as materialized (
              select count(*) = ${denseProbe} and count(*) filter (where p.tsv @@ q.tsq) * 2 >= ${denseProbe} as dense
                from (select tsv from search_documents where primary_category_id = ${cat}
                       order by popularity desc, product_id limit ${denseProbe}) p, q),
            matches as materialized (
              select d.t, ${ok} as ok
                from (select ctid as t, * from search_documents where primary_category_id = ${cat} and (select dense from probe)
                       order by popularity desc, product_id offset 0) d, q
               where d.tsv @@ q.tsq
              union all
              select d.ctid, ${ok} from search_documents d, q
               where (select dense from probe) and d.category_ids @> array[${cat}] and d.primary_category_id <> ${cat} and d.tsv @@ q.tsq
              union all
              select d.ctid, ${ok} from search_documents d, q where not (select dense from probe) and ${whereSql})`;
  }

  /**
   * One search statement. `tsq` selects the matches and `rankTsq` scores them: the same query, except
   * that `tsq` leaves out phrase alternatives another alternative of their group already covers (see
   * matchGroup), because a phrase makes PostgreSQL re-read every matched row's vector to check it.
   */
  async function run(q: SearchQuery, tsq: string | null, rankTsq: string | null, skuGuess: string, head = '') {
    const filters = q.filters.map((f) => ({ code: f.code, cond: filterSql(f) }));
    const flags = filters.map((_, i) => sql.ref(`f${i}`));
    const all = (except?: string): RawBuilder<boolean> => {
      const keep = flags.filter((_, i) => filters[i]!.code !== except);
      return keep.length ? sql<boolean>`(${sql.join(keep, sql` and `)})` : sql<boolean>`true`;
    };
    const where: RawBuilder<unknown>[] = [];
    // category and text together: one scan of the (category_ids, tsv) GIN intersects them (migration 018)
    if (q.category_id !== undefined) where.push(sql`d.category_ids @> array[${q.category_id}::int]`);
    if (tsq !== null) where.push(sql`d.tsv @@ q.tsq`);
    const whereSql = where.length ? sql.join(where, sql` and `) : sql`true`;
    const score = tsq !== null
      ? sql`ts_rank('{0.1, 0.2, 0.4, 1.0}', d.tsv, q.rank) + case when d.sku = ${skuGuess} then 10 else 0 end
            ${head ? sql`+ ${headBonus(head)}` : sql``}`
      : sql`0::float4`;
    // the attribute documents are the bulk of a row: carried through only when a facet reads them
    const needsAttributes = q.facets.some((f) => !['brand', 'price', 'in_stock'].includes(f.code));
    const facetCols = q.facets.map((f, i) => sql`${facetSql(f, all(f.code))} as ${sql.ref(`facet${i}`)}`);
    const offset = (q.page - 1) * q.per_page;
    const order = orderSql(q.sort, tsq !== null);
    // a text query ranks and facets at most textCandidates matches and counts at most countCap (see
    // TEXT_CANDIDATES); browsing is exact
    const cap = tsq !== null ? textCandidates : null;
    const cols = sql`d.product_id, d.brand_slug, d.price, d.in_stock, d.popularity, d.created_at,
               ${needsAttributes ? sql`d.attributes,` : sql``} ${score} as score
               ${filters.length ? sql`, ${sql.join(filters.map((f, i) => sql`${f.cond} as ${sql.ref(`f${i}`)}`))}` : sql``}`;
    const filterWhere = filters.length ? sql` and ${sql.join(filters.map((f) => f.cond), sql` and `)}` : sql``;
    // bounded: one pass over the GIN bitmap reads the row addresses of the first matches (how many: see
    // TEXT_CANDIDATES), in table order — the table is kept sorted by category, then popularity
    // (reindex), so these are a category's most popular matches, on few pages (inside a category whose
    // products mostly match, its own products are read most popular first instead: densePath);
    // textCandidates of them (those passing every filter first, then in the order read — `n` — so a
    // selective filter still fills the page) are then read whole by address, with no index lookup
    // (the scan is its own CTE without a LIMIT, and the next one takes the first of its rows: a CTE is
    // planned for reading all of its rows and run only as far as read, so the planner weighs the GIN
    // bitmap against a whole sequential scan — never against one a LIMIT would stop early, which it
    // could find cheaper for a common word although it evaluates @@ on every row it passes; the match
    // count it estimates is the default 0.5% of the table, as the tsquery comes from the `q` CTE)
    const ok = filters.length ? sql`(true${filterWhere})` : sql`true`;
    const pre = cap !== null
      ? sql`${q.category_id !== undefined ? densePath(q.category_id, ok, whereSql) : sql`matches as materialized (
              select d.ctid as t, ${ok} as ok from search_documents d, q where ${whereSql})`},
            ids as materialized (
              select t, ok, row_number() over () as n from (select t, ok from matches limit ${filters.length ? Math.max(countCap, cap + 1) : cap + 1}) m),
            pre as materialized (
              select ${cols} from search_documents d, q
               where d.ctid = any(array(select t from ids ${filters.length ? sql`order by ok desc, n` : sql``} limit ${cap})))`
      : sql`pre as materialized (select ${cols} from search_documents d, q where ${whereSql})`;
    const statement = sql<{ total: number; capped: boolean; hits: [number, number][] | null } & Record<string, unknown>>`
      with q as (select to_tsquery('russian', ${tsq ?? ''}) as tsq, to_tsquery('russian', ${rankTsq ?? ''}) as rank), ${pre}
      select ${cap !== null ? sql`(select count(*)::int from ids where ok)` : sql`(select count(*)::int from pre where ${all()})`} as total,
             ${cap !== null ? sql`(select count(*) > ${cap} from ids)` : sql`false`} as capped,
             (select jsonb_agg(jsonb_build_array(product_id, score) order by ord) from (
                select product_id, score, row_number() over (order by ${order}) as ord
                  from pre where ${all()} order by ${order} limit ${q.per_page} offset ${offset}) h) as hits
             ${facetCols.length ? sql`, ${sql.join(facetCols)}` : sql``}`;
    // one round trip: no transaction with planner settings around it (see `matches` above for why the
    // GIN is chosen without enable_seqscan = off; JIT is off for the whole pool, see openPostgres)
    const compiled = statement.compile(db);
    const name = statementName(compiled.sql);
    const [row] = name ? await database.prepared(name, compiled) : (await db.executeQuery(compiled)).rows;
    const exhaustive = !row.capped;
    const total = Number(row.total);
    const facets: FacetResult[] = q.facets.map((f, i) => {
      const v = row[`facet${i}`] as { value: string; count: number }[] | { min: number | null; max: number | null } | null;
      if (f.kind === 'range' || f.code === 'price') {
        const m = (v ?? { min: null, max: null }) as { min: number | null; max: number | null };
        return { code: f.code, kind: 'range', min: m.min === null ? null : Number(m.min), max: m.max === null ? null : Number(m.max) };
      }
      return { code: f.code, kind: f.kind, values: (v as { value: string; count: number }[] | null) ?? [] };
    });
    return {
      total,
      ...(exhaustive ? {} : { exhaustive: false }),
      hits: (row.hits ?? []).map(([product_id, score]) => ({ product_id: Number(product_id), score: Number(score) })),
      facets,
    };
  }

  return {
    name: 'postgres',

    async init() {
      // the tables come with migration 004; pg_trgm with 001
    },

    async search(q: SearchQuery): Promise<SearchResult> {
      const tokens = queryTokens(q.q).filter((t) => !stopWords.has(t));
      if (!tokens.length) return { ...(await run(q, null, null, '')), did_you_mean: null };
      const analyzed = await analyze(tokens);
      const groups = analyzed.map(expand);
      const skuGuess = normalizeText(q.q).trim().toUpperCase().slice(0, 64);
      const matching = groups.map(matchGroup);
      const head = nameHead(tokens[0]!, analyzed[0]!);
      let result = await run(q, tsqueryText(matching, '&'), tsqueryText(groups, '&'), skuGuess, head);
      // no product has every word: those with the most of them rather than nothing (see relaxedTsqueries)
      if (result.total === 0 && groups.length > 1) {
        for (const text of relaxedTsqueries(matching)) {
          result = await run(q, text, tsqueryText(groups, '|'), skuGuess, head);
          if (result.total > 0) break;
        }
      }
      let did_you_mean: string | null = null;
      if (result.total === 0) {
        const corrected = analyzed.map((a) => {
          const best = (a.similar ?? [])[0];
          return best && best[1] >= SUGGEST_SIMILARITY ? best[0] : a.t;
        });
        if (corrected.join(' ') !== tokens.join(' ')) did_you_mean = corrected.join(' ');
      }
      return { ...result, did_you_mean };
    },

    async suggest(prefix: string, limit: number): Promise<Suggestion[]> {
      return suggest(db, prefix, limit);
    },

    async index(docs) {
      const s = await state();
      // during a rebuild, changes go to the live table and to the one being built, so the swap keeps them
      await write(docs, Math.max(s.current, s.building ?? 0), s.building !== null ? [LIVE, BUILD] : [LIVE]);
    },

    async remove(productIds) {
      if (!productIds.length) return;
      const ids = productIds.map(Number);
      const s = await state();
      for (const table of (s.building !== null ? [LIVE, BUILD] : [LIVE]) as Table[]) {
        await sql`delete from ${sql.table(table)} where product_id = any(${ids}::bigint[])`.execute(db);
        await sql`delete from ${sql.table(SUGGEST_OF[table])} where product_id = any(${ids}::bigint[])`.execute(db);
      }
    },

    async reindex(docs, total, onProgress, opts) {
      const s = await state();
      // both build tables, or a rebuild begun before migration 012 would resume without its phrases
      const exists = async () =>
        (await sql<{ ok: boolean }>`select to_regclass(${BUILD}) is not null and to_regclass(${SUGGEST_BUILD}) is not null as ok`.execute(db)).rows[0]?.ok === true;
      const resume = !!opts?.resume && s.building !== null && (await exists());
      const generation = resume ? s.building! : Math.max(s.current, s.building ?? 0) + 1;
      if (!resume) {
        // a fresh table with only its primary key: rows go in at COPY-like speed and each GIN index is
        // built once at the end (sorted), instead of being updated row by row
        await sql.raw(`drop table if exists ${BUILD}`).execute(db);
        await sql.raw(`create table ${BUILD} (like ${LIVE} including defaults)`).execute(db);
        await sql.raw(`alter table ${BUILD} add primary key (product_id)`).execute(db);
        await sql.raw(`drop table if exists ${SUGGEST_BUILD}`).execute(db);
        await sql.raw(`create table ${SUGGEST_BUILD} (like ${SUGGEST_LIVE} including defaults)`).execute(db);
        await sql.raw(`alter table ${SUGGEST_BUILD} add primary key (product_id, pos)`).execute(db);
      }
      if (opts?.resume && !resume) {
        // asked to continue, but the half-built tables are gone (a crash after the swap, before the
        // caller cleared its checkpoint): the products before the checkpoint are only in the live index,
        // so carry them over, as the OpenSearch engine copies its live index; their words and labels
        // join the new generation, or the swap would delete them
        await sql.raw(`insert into ${BUILD} select * from ${LIVE}`).execute(db);
        await sql.raw(`insert into ${SUGGEST_BUILD} select * from ${SUGGEST_LIVE}`).execute(db);
        await sql`update search_terms set generation = ${generation}::int where generation < ${generation}::int`.execute(db);
        await sql`update search_labels set generation = ${generation}::int where generation < ${generation}::int`.execute(db);
      }
      await saveState({ current: s.current, building: generation });
      let done = 0;
      for await (const batch of docs) {
        await write(batch, generation, [BUILD]);
        done += batch.length;
        onProgress?.(done);
      }
      await cluster();
      // the rows were just written, so every first read of one would set its hint bits and dirty its
      // page: shoppers' first queries after a swap paid for that (1M: the first in-category bench run
      // after a rebuild cost PostgreSQL 7.6 ms of CPU per search, the next one 5.9). Done here, before
      // the secondary indexes exist, the pass has only the heap to visit
      await sql.raw(`vacuum (freeze) ${BUILD}`).execute(db);
      // (`if not exists`: a rebuild resumed after failing among the suggest indexes finds the ones it
      // made; the documents' table is rewritten by cluster(), its indexes with it)
      for (const [name, def] of BUILD_INDEXES) await sql.raw(`create index if not exists ${name}_build on ${BUILD} ${def}`).execute(db);
      for (const [name, def] of SUGGEST_INDEXES) await sql.raw(`create index if not exists ${name}_build on ${SUGGEST_BUILD} ${def}`).execute(db);
      // the swap: searches wait for this short transaction, never see a half-built table
      await db.transaction().execute(async (tx) => {
        await sql.raw(`drop table ${LIVE}`).execute(tx);
        await sql.raw(`alter table ${BUILD} rename to ${LIVE}`).execute(tx);
        await sql.raw(`alter index ${BUILD}_pkey rename to ${LIVE}_pkey`).execute(tx);
        for (const [name] of BUILD_INDEXES) await sql.raw(`alter index ${name}_build rename to ${name}`).execute(tx);
        await sql.raw(`drop table ${SUGGEST_LIVE}`).execute(tx);
        await sql.raw(`alter table ${SUGGEST_BUILD} rename to ${SUGGEST_LIVE}`).execute(tx);
        await sql.raw(`alter index ${SUGGEST_BUILD}_pkey rename to ${SUGGEST_LIVE}_pkey`).execute(tx);
        for (const [name] of SUGGEST_INDEXES) await sql.raw(`alter index ${name}_build rename to ${name}`).execute(tx);
        // words and labels no product of this build carries any more
        await tx.deleteFrom('search_terms').where('generation', '<', generation).execute();
        await tx.deleteFrom('search_labels').where('generation', '<', generation).execute();
        await sql`insert into search_state (key, value) values (${STATE_KEY}, ${JSON.stringify({ current: generation, building: null })}::jsonb)
                  on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(tx);
      });
      // words of the old generation may be gone: they are no longer known
      known.clear();
      // fresh statistics: the planner otherwise guesses on a table that just changed wholesale
      await sql`analyze search_documents`.execute(db);
      // vacuum sets the visibility map, so the suggest head indexes answer with index-only scans; the
      // label and term tables were rewritten too (labels upserted, old generations deleted), and without
      // it a two-letter label prefix read ~300 heap pages instead of the covering index: at 1M products
      // with 9,000 categories suggest p95 under 8 clients went from 24.7 to 11.7 ms once they were vacuumed
      await sql`vacuum analyze search_suggest, search_labels, search_label_words, search_terms`.execute(db);
      onProgress?.(total);
    },

    async setVocabulary(v: Vocabulary) {
      const groups = v.synonyms.map((g) => g.map((m) => queryTokens(m)).filter((m) => m.length));
      const singles = [...new Set(groups.flat().filter((m) => m.length === 1).map((m) => m[0]!))];
      const stems = singles.length
        ? (await sql<{ t: string; stems: string[] | null }>`
            select t, tsvector_to_array(to_tsvector('russian', t)) as stems from unnest(${singles}::text[]) t`.execute(db)).rows
        : [];
      const stemOf = new Map(stems.map((r) => [r.t, r.stems ?? []]));
      const byKey = new Map<string, string[][]>();
      for (const g of groups) {
        for (const m of g) {
          if (m.length !== 1) continue;
          byKey.set(m[0]!, g);
          for (const s of stemOf.get(m[0]!) ?? []) byKey.set(`~${s}`, g);
        }
      }
      synonymsByKey = byKey;
      stopWords = new Set(v.stopWords.flatMap((w) => queryTokens(w)));
    },

    async refresh() {
      // writes are visible when their transaction commits
    },

    async close() {
      // the database belongs to the caller
    },
  };
}
