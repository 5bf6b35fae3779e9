// The postgres engine against the shared contract, on PGlite and on server PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { databaseKinds, createTestDatabase } from '../../../../../test/db.js';
import { FIXTURE_DOCS } from '../../contract.fixtures.js';
import type { SearchDocument } from '../../engine.js';
import { searchEngineContract } from '../../contract.test-suite.js';
import { createPostgresEngine, relaxedTsqueries } from './index.js';
import { matchGroup, tsqueryText } from './sql.js';
import { suggestPhrases } from './suggest.js';

for (const { kind, skip } of await databaseKinds()) {
  searchEngineContract(
    `postgres on ${kind}`,
    async () => {
      const t = await createTestDatabase(kind);
      return { engine: createPostgresEngine(t.db), close: () => t.drop() };
    },
    { skip },
  );
}

// What only this engine does: a rebuild fills a new table and swaps it in, so writes made meanwhile
// must reach both tables.
for (const { kind, skip } of await databaseKinds()) {
  describe(`postgres engine rebuild on ${kind}`, { skip }, () => {
    it('keeps changes and removals made while a rebuild runs, and answers throughout', async () => {
      const t = await createTestDatabase(kind);
      try {
        const engine = createPostgresEngine(t.db);
        await engine.reindex((async function* () { yield FIXTURE_DOCS; })(), FIXTURE_DOCS.length);
        const q = { q: '', filters: [], facets: [], sort: 'relevance' as const, page: 1, per_page: 50 };
        async function* duringRebuild() {
          yield FIXTURE_DOCS.slice(0, 9);
          // the live table still answers in the middle of the build
          assert.equal((await engine.search(q)).total, FIXTURE_DOCS.length);
          await engine.index([{ ...FIXTURE_DOCS[0]!, name: 'Смартфон Переименованный' }]);
          await engine.remove([FIXTURE_DOCS[12]!.product_id]);
          yield FIXTURE_DOCS.slice(9).filter((d) => d.product_id !== FIXTURE_DOCS[12]!.product_id);
        }
        await engine.reindex(duringRebuild(), FIXTURE_DOCS.length - 1);
        assert.equal((await engine.search(q)).total, FIXTURE_DOCS.length - 1);
        assert.deepEqual((await engine.search({ ...q, q: 'переименованный' })).hits.map((h) => h.product_id), [1]);
        assert.equal((await engine.search({ ...q, q: 'TWK' })).total, 0, 'the removed product stays removed');
      } finally {
        await t.drop();
      }
    });
  });
}

// What this engine bounds at 1M SKUs: a broad text query reads a fixed number of candidates, and
// autocomplete reads search_suggest (phrases from each of the first name words), kept per product.
for (const { kind, skip } of await databaseKinds()) {
  describe(`postgres engine bounds on ${kind}`, { skip }, () => {
    it('answers a broad text query from a bounded candidate set and says so', async () => {
      const t = await createTestDatabase(kind);
      try {
        const engine = createPostgresEngine(t.db, { textCandidates: 4, countCap: 5 });
        await engine.reindex((async function* () { yield FIXTURE_DOCS; })(), FIXTURE_DOCS.length);
        const q = { filters: [], facets: [{ kind: 'terms' as const, code: 'brand' }], sort: 'relevance' as const, page: 1, per_page: 50 };
        const narrow = await engine.search({ ...q, q: 'чайник' });
        assert.equal(narrow.total, 3);
        assert.equal(narrow.exhaustive, undefined, 'under the cap the answer is exact');
        const broad = await engine.search({ ...q, q: 'смартфон' }); // 6 products match
        assert.equal(broad.exhaustive, false);
        assert.equal(broad.hits.length, 4, 'only the candidates are ranked');
        assert.equal(broad.total, 5, 'the total is counted up to countCap');
        const counted = broad.facets[0]!.values!.reduce((n, v) => n + v.count, 0);
        assert.equal(counted, 4, 'facets count the candidates');
      } finally {
        await t.drop();
      }
    });

    it('reads one match past the candidates without filters, and up to countCap with them', async () => {
      const t = await createTestDatabase(kind);
      try {
        const engine = createPostgresEngine(t.db, { textCandidates: 2, countCap: 8 });
        await engine.reindex((async function* () { yield FIXTURE_DOCS; })(), FIXTURE_DOCS.length);
        const q = { q: 'смартфон', facets: [], sort: 'relevance' as const, page: 1, per_page: 50 };
        // 6 smartphones match: without filters only the candidates and one more are read
        const plain = await engine.search({ ...q, filters: [] });
        assert.equal(plain.exhaustive, false);
        assert.equal(plain.total, 3, 'candidates + 1: a lower bound that says there are more');
        // with a filter the wider window is read, so candidates passing it fill the page and are counted
        const filtered = await engine.search({ ...q, filters: [{ kind: 'terms', code: 'color', values: ['blue'] }] });
        assert.equal(filtered.total, 3, 'the blue smartphones among all 6 matches (#1, #3, #6)');
        assert.equal(filtered.hits.length, 2, 'the candidates, all blue');
        for (const h of filtered.hits) assert.equal(FIXTURE_DOCS[h.product_id - 1]!.attributes.color, 'blue');
      } finally {
        await t.drop();
      }
    });

    it('takes a category\'s most popular products first when the query matches most of it', async () => {
      const t = await createTestDatabase(kind);
      try {
        // written one by one (no rebuild sorts them), least popular first: in table order a bitmap of the
        // matches would yield the least popular ones first
        const mixer = (id: number, brand: string, popularity: number, extra: Partial<SearchDocument> = {}): SearchDocument => ({
          ...FIXTURE_DOCS[0]!, product_id: 100 + id, sku: `MX-${id}`, slug: `mx-${id}`, name: `Смеситель ${brand} M${id}`,
          description: '', brand, brand_slug: brand.toLowerCase(), category_ids: [50, 51], primary_category_id: 51,
          category_path: 'Сантехника / Смесители', category_trail: [], attributes: {}, attribute_text: '', popularity, ...extra,
        });
        const own = Array.from({ length: 8 }, (_, i) => mixer(i + 1, i === 0 ? 'Grohe' : 'Knauf', i + 1));
        // in the category through a secondary link only, the most popular of all
        const linked = mixer(9, 'Knauf', 100, { category_ids: [50, 51, 60, 61], primary_category_id: 61 });
        const engine = createPostgresEngine(t.db, { textCandidates: 3, countCap: 5, denseProbe: 4 });
        for (const d of [...own, linked]) await engine.index([d]);
        const q = { category_id: 51, filters: [], facets: [], sort: 'relevance' as const, page: 1, per_page: 50 };
        const ids = (r: { hits: { product_id: number }[] }) => r.hits.map((h) => h.product_id);

        const broad = await engine.search({ ...q, q: 'смеситель' });
        assert.deepEqual(ids(broad), [108, 107, 106], 'the three most popular of the category\'s own products');
        assert.equal(broad.total, 4);
        assert.equal(broad.exhaustive, false);
        const filtered = await engine.search({ ...q, q: 'смеситель', filters: [{ kind: 'terms', code: 'brand', values: ['knauf'] }] });
        assert.deepEqual(ids(filtered), [108, 107, 106]);
        assert.equal(filtered.total, 5, 'counted up to countCap among the most popular matches');

        // candidates to spare: the category's own products run out, then the linked one is read
        const wide = createPostgresEngine(t.db, { textCandidates: 20, denseProbe: 4 });
        const all = await wide.search({ ...q, q: 'смеситель' });
        assert.deepEqual(ids(all), [109, 108, 107, 106, 105, 104, 103, 102, 101]);
        assert.equal(all.exhaustive, undefined);

        // a word few of the most popular carry: the GIN path, which finds it anywhere in the category
        assert.deepEqual(ids(await engine.search({ ...q, q: 'смеситель grohe' })), [101]);
        // a category with fewer products than the probe reads: the GIN path, linked products included
        assert.deepEqual(ids(await engine.search({ ...q, category_id: 61, q: 'смеситель' })), [109]);
      } finally {
        await t.drop();
      }
    });

    it('answers a query no product fully matches with the products that have the most of its words', async () => {
      const t = await createTestDatabase(kind);
      try {
        // two candidates only: the table's first matches in its order (category, popularity) are the
        // iPhone and the Xiaomi, which have one of the four words; the Samsung phones have three
        const engine = createPostgresEngine(t.db, { textCandidates: 2, countCap: 5 });
        await engine.reindex((async function* () { yield FIXTURE_DOCS; })(), FIXTURE_DOCS.length);
        const r = await engine.search({ q: 'смартфон samsung galaxy белый', filters: [], facets: [], sort: 'relevance', page: 1, per_page: 10 });
        assert.deepEqual(r.hits.map((h) => h.product_id).sort((a, b) => a - b), [1, 2]);
      } finally {
        await t.drop();
      }
    });

    it('suggests products by any of their first name words, and forgets removed ones', async () => {
      const t = await createTestDatabase(kind);
      try {
        const engine = createPostgresEngine(t.db);
        await engine.reindex((async function* () { yield FIXTURE_DOCS; })(), FIXTURE_DOCS.length);
        const products = async (prefix: string) =>
          (await engine.suggest(prefix, 10)).filter((s) => s.kind === 'product').map((s) => s.id).sort((a, b) => a - b);
        assert.deepEqual(await products('gala'), [1, 2, 9], 'a model word, not the first word');
        assert.deepEqual(await products('samsung galaxy s2'), [1], 'a long prefix');
        assert.deepEqual(await products('смартфон apple iphone 15 pro'), [4], 'phrases keep word order');
        // heavier products first
        const ordered = (await engine.suggest('смар', 10)).filter((s) => s.kind === 'product').map((s) => s.id);
        const pop = ordered.map((id) => FIXTURE_DOCS[id - 1]!.popularity);
        assert.deepEqual(pop, [...pop].sort((a, b) => b - a));
        await engine.index([{ ...FIXTURE_DOCS[0]!, name: 'Смартфон Переименованный' }]);
        assert.deepEqual(await products('gala'), [2, 9], 'a renamed product loses its old phrases');
        await engine.remove([2]);
        assert.deepEqual(await products('gala'), [9]);
        assert.deepEqual(await products('переим'), [1]);
      } finally {
        await t.drop();
      }
    });
  });
}

// Prefixes of 2–6 characters are answered from the head index of their own length, longer ones by a
// bounded walk: every length must give exactly the most popular products whose phrase starts with it.
for (const { kind, skip } of await databaseKinds()) {
  describe(`postgres engine autocomplete by typed length on ${kind}`, { skip }, () => {
    it('returns the most popular matching products at every prefix length, also after a change', async () => {
      const t = await createTestDatabase(kind);
      try {
        const engine = createPostgresEngine(t.db);
        let docs = FIXTURE_DOCS;
        await engine.reindex((async function* () { yield docs; })(), docs.length);
        const limit = 3;
        // the oracle: every phrase of every document, tested with startsWith
        const expected = (typed: string) =>
          docs
            .filter((d) => suggestPhrases(d).some((p) => p.phrase.startsWith(typed)))
            .sort((a, b) => b.popularity - a.popularity || a.product_id - b.product_id)
            .slice(0, limit)
            .map((d) => d.product_id);
        const products = async (typed: string) =>
          (await engine.suggest(typed, limit)).filter((s) => s.kind === 'product').map((s) => s.id);
        const check = async (word: string) => {
          for (let n = 2; n <= word.length; n++) {
            const typed = word.slice(0, n);
            const want = expected(typed);
            // labels (brands, categories) may take some of the `limit` places first
            const got = await products(typed);
            assert.deepEqual(got, want.slice(0, got.length), `"${typed}"`);
            assert.ok(got.length > 0, `"${typed}" suggests a product`);
          }
        };
        for (const word of ['смартфон xiaomi', 'samsung galaxy a55', 'наушники', 'чайник tefal']) await check(word);
        // a product made the most popular follows incrementally, at every length
        const changed = { ...FIXTURE_DOCS[5]!, popularity: 100 };
        await engine.index([changed]);
        docs = docs.map((d) => (d.product_id === changed.product_id ? changed : d));
        for (const word of ['смартфон xiaomi redmi', 'xiaomi redmi 13c']) await check(word);
        assert.equal((await products('смартф'))[0], changed.product_id);
        // brands and categories: by the start of their name or of a later word, renamed incrementally
        const labels = async (typed: string) => (await engine.suggest(typed, 10)).filter((s) => s.kind !== 'product').map((s) => `${s.kind}:${s.id}`);
        assert.deepEqual(await labels('техн'), ['category:10'], 'a later word of "Бытовая техника"');
        const trail = FIXTURE_DOCS[12]!.category_trail!.map((c) => (c.id === 11 ? { ...c, name: 'Электрочайники и термопоты' } : c));
        await engine.index([{ ...FIXTURE_DOCS[12]!, category_trail: trail }]);
        assert.deepEqual(await labels('термоп'), ['category:11']);
        assert.deepEqual(await labels('электроч'), ['category:11']);
        assert.deepEqual(await labels('чайни'), [], 'the old name is gone');
        // ranking (from the word rows alone): a label that starts with what was typed before one with a
        // later word that does, then brands before categories, then the shorter text, then the id
        const base = FIXTURE_DOCS[0]!;
        const labelled = (id: number, brand: string, brandId: number, category: { id: number; name: string }): typeof base => ({
          ...base, product_id: id, sku: `RK-${id}`, slug: `rk-${id}`, brand, brand_slug: `rk-${brandId}`, brand_id: brandId,
          category_trail: [{ id: category.id, name: category.name, slug: `rk-c${category.id}` }],
        });
        await engine.index([
          labelled(901, 'Супер Пароварка', 901, { id: 901, name: 'Всё для пара' }),
          labelled(902, 'Паровоз Про', 902, { id: 902, name: 'Парогенераторы для дома' }),
          labelled(903, 'Пар', 903, { id: 903, name: 'Паровые швабры' }),
          labelled(904, 'Паро', 904, { id: 904, name: 'Утюги с паром' }),
        ]);
        assert.deepEqual(await labels('пар'), ['brand:903', 'brand:904', 'brand:902', 'category:903', 'category:902']);
        assert.deepEqual((await engine.suggest('пар', 20)).filter((s) => s.kind !== 'product').map((s) => s.text),
          ['Пар', 'Паро', 'Паровоз Про', 'Паровые швабры', 'Парогенераторы для дома', 'Супер Пароварка']);
        // two characters read the same ranking from their own head index (migration 025)
        assert.deepEqual((await engine.suggest('па', 20)).filter((s) => s.kind !== 'product').map((s) => s.text),
          ['Пар', 'Паро', 'Паровоз Про', 'Паровые швабры', 'Парогенераторы для дома', 'Супер Пароварка']);
      } finally {
        await t.drop();
      }
    });
  });
}

// A phrase alternative makes the GIN index re-check every matched row's vector; matching leaves out
// the phrases a single word of the same group already covers (ranking still reads the whole group).
describe('postgres engine relaxed queries', () => {
  it('drops one word, then two, then takes any word', () => {
    const w = (x: string) => [[x]];
    assert.deepEqual(relaxedTsqueries([w('a'), w('b'), w('c'), w('d')]), [
      "(('a') & ('b') & ('c')) | (('a') & ('b') & ('d')) | (('a') & ('c') & ('d')) | (('b') & ('c') & ('d'))",
      "(('a') & ('b')) | (('a') & ('c')) | (('a') & ('d')) | (('b') & ('c')) | (('b') & ('d')) | (('c') & ('d'))",
      "('a') | ('b') | ('c') | ('d')",
    ]);
    assert.deepEqual(relaxedTsqueries([w('a'), w('b')]), ["('a') | ('b')"]);
    // eight words: dropping two is 28 subsets, over the bound, so that step is skipped
    assert.equal(relaxedTsqueries('abcdefgh'.split('').map(w)).length, 2);
  });
});

describe('postgres engine match groups', () => {
  it('drops only the phrase alternatives a single-word alternative covers', () => {
    const group = [['смартфон'], ['телефон'], ['мобильный', 'телефон'], ['мобильник']];
    assert.deepEqual(matchGroup(group), [['смартфон'], ['телефон'], ['мобильник']]);
    assert.equal(tsqueryText([matchGroup(group)]), "('смартфон' | 'телефон' | 'мобильник')");
    const uncovered = [['ноутбук'], ['игровой', 'компьютер']];
    assert.deepEqual(matchGroup(uncovered), uncovered, 'a phrase no single word covers stays');
  });
});
