// The contract every SearchEngine passes. An engine's test file calls
//   searchEngineContract('postgres on pglite', async () => ({ engine, close }))
// and gets one describe() with these behaviours, run over the fixture catalog (contract.fixtures.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FacetResult, SearchEngine, SearchQuery, SearchResult } from './engine.js';
import { FIXTURE_DOCS, FIXTURE_VOCABULARY } from './contract.fixtures.js';

export interface ContractSubject {
  engine: SearchEngine;
  /** closes the engine and drops whatever the factory created (database, index) */
  close(): Promise<void>;
}

export const HOSTILE_QUERIES: string[] = [
  '"', "'", '""', '"смартфон', "smart'phone", '\\', '\\"', '*', '?', '~', '^2', 'смартфон~2', 'samsung^10',
  '(', ')', '((смартфон', '[1 TO 5]', '{a TO b}', 'a:b', 'name:samsung', '_id:1', '+samsung -apple', '!смартфон',
  'AND', 'OR NOT', 'samsung AND OR', '& | !', '<->', 'a <-> b', 'a:* & b', ':*', '&&||', '/regex.*/', '%', '_',
  "'; drop table products; --", "1' or '1'='1", 'select * from search_documents', '$1', '$$ $$', 'E\'\\x00\'',
  '{"query":{"match_all":{}}}', '{"script":{"source":"1"}}', '</script><script>alert(1)</script>',
  '😀📱🔥', 'смартфон 😀', '\u0000', 'a\u0000b', '\t\n\r', '   ', '\u200b', 'ǅ ﬁ ß', '𝔰𝔞𝔪𝔰𝔲𝔫𝔤',
  'смартфон '.repeat(1200), 'x'.repeat(10_240), '"('.repeat(3000),
];

const query = (q: Partial<SearchQuery>): SearchQuery => ({
  q: '', filters: [], facets: [], sort: 'relevance', page: 1, per_page: 20, ...q,
});
const ids = (r: SearchResult) => r.hits.map((h) => h.product_id);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const facet = (r: SearchResult, code: string): FacetResult => {
  const f = r.facets.find((x) => x.code === code);
  assert.ok(f, `facet ${code} is returned`);
  return f;
};
const counts = (f: FacetResult) => Object.fromEntries((f.values ?? []).filter((v) => v.count > 0).map((v) => [v.value, v.count]));

export function searchEngineContract(
  name: string,
  makeEngine: () => Promise<ContractSubject>,
  options: { skip?: string | boolean } = {},
): void {
  describe(`search engine contract: ${name}`, { skip: options.skip }, () => {
    let subject: ContractSubject;
    let engine: SearchEngine;
    const search = (q: Partial<SearchQuery>) => engine.search(query(q));

    before(async () => {
      subject = await makeEngine();
      engine = subject.engine;
      await engine.init();
      await engine.setVocabulary(FIXTURE_VOCABULARY);
      async function* docs() {
        yield FIXTURE_DOCS.slice(0, 10);
        yield FIXTURE_DOCS.slice(10);
      }
      let progress = 0;
      await engine.reindex(docs(), FIXTURE_DOCS.length, (n) => (progress = n));
      await engine.refresh();
      assert.equal(progress, FIXTURE_DOCS.length, 'reindex reports progress up to the total');
    });
    after(async () => {
      await subject?.close();
    });

    it('finds products by another word form (Russian morphology)', async () => {
      const phones = await search({ q: 'смартфоны' });
      assert.deepEqual(sorted(ids(phones)), [1, 2, 3, 4, 5, 6]);
      const kettles = await search({ q: 'чайника' });
      assert.deepEqual(sorted(ids(kettles)), [13, 14, 15]);
    });

    it('stems English words', async () => {
      const r = await search({ q: 'headphones' });
      assert.ok(ids(r).includes(11), 'headphones finds "Wireless Headphone"');
    });

    it('searches SKU, brand and category path, ranking the best match first', async () => {
      assert.equal(ids(await search({ q: 'FX-007' }))[0], 7);
      assert.equal(ids(await search({ q: 'fx-007' }))[0], 7, 'an SKU in any case');
      assert.equal(ids(await search({ q: 'наушники apple' }))[0], 11, 'category path word + brand');
      assert.equal(ids(await search({ q: 'samsung синий' }))[0], 1, 'all words beat some words');
      assert.equal(ids(await search({ q: 'Galaxy S24' }))[0], 1);
    });

    it('tolerates typos', async () => {
      assert.ok(ids(await search({ q: 'смартфно' })).includes(1), 'смартфно');
      assert.ok(ids(await search({ q: 'чайнек' })).includes(13), 'чайнек');
      assert.ok(ids(await search({ q: 'кросовки' })).includes(16), 'кросовки');
      assert.ok(ids(await search({ q: 'samsang' })).includes(1), 'samsang');
    });

    it('expands synonyms and transliterations from the vocabulary', async () => {
      assert.deepEqual(sorted(ids(await search({ q: 'мобильник' }))), [1, 2, 3, 4, 5, 6]);
      const samsung = ids(await search({ q: 'самсунг' }));
      for (const id of [1, 2, 9]) assert.ok(samsung.includes(id), `самсунг finds #${id}`);
      assert.deepEqual(sorted(ids(await search({ q: 'телефон сяоми' })).slice(0, 2)), [5, 6]);
    });

    it('ignores stop words', async () => {
      const r = await search({ q: 'купить чайник недорого' });
      assert.deepEqual(sorted(ids(r)), [13, 14, 15]);
    });

    it('applies a replaced vocabulary', async () => {
      await engine.setVocabulary({ synonyms: [], stopWords: [] });
      try {
        assert.equal((await search({ q: 'мобильник' })).total, 0, 'synonym gone');
      } finally {
        await engine.setVocabulary(FIXTURE_VOCABULARY);
      }
      assert.equal((await search({ q: 'мобильник' })).total, 6, 'synonym back');
    });

    it('filters by category including its subcategories, with empty text as browse', async () => {
      const r = await search({ category_id: 1 });
      assert.equal(r.total, 12);
      assert.deepEqual(sorted(ids(await search({ category_id: 21 }))), [16, 17, 18]);
      assert.deepEqual(sorted(ids(await search({ q: 'apple', category_id: 3 }))), [8]);
    });

    it('counts facets ignoring their own filter', async () => {
      const r = await search({
        category_id: 2,
        filters: [{ kind: 'terms', code: 'color', values: ['blue'] }],
        facets: [{ kind: 'terms', code: 'color' }, { kind: 'terms', code: 'brand' }],
      });
      assert.deepEqual(sorted(ids(r)), [1, 3, 6]);
      assert.deepEqual(counts(facet(r, 'color')), { blue: 3, black: 2, white: 1 });
      assert.deepEqual(counts(facet(r, 'brand')), { samsung: 1, apple: 1, xiaomi: 1 });
      // an enum said to hold one value per product counts the same; a multi-enum counts each of its values
      const hinted = await search({ category_id: 2, q: 'смартфон', facets: [{ kind: 'terms', code: 'color', multi: false }] });
      const plain = await search({ category_id: 2, q: 'смартфон', facets: [{ kind: 'terms', code: 'color' }] });
      assert.deepEqual(counts(facet(hinted, 'color')), counts(facet(plain, 'color')));
      assert.equal(Object.values(counts(facet(hinted, 'color'))).reduce((a, b) => a + b, 0), plain.total);
      const multi = await search({ category_id: 4, facets: [{ kind: 'terms', code: 'features', multi: true }] });
      assert.deepEqual(counts(facet(multi, 'features')), counts(facet(await search({ category_id: 4, facets: [{ kind: 'terms', code: 'features' }] }), 'features')));
      assert.ok(Object.keys(counts(facet(multi, 'features'))).length > 1);
    });

    it('computes range and boolean facets', async () => {
      const r = await search({
        category_id: 2,
        filters: [{ kind: 'terms', code: 'brand', values: ['apple'] }],
        facets: [
          { kind: 'range', code: 'price' },
          { kind: 'range', code: 'storage' },
          { kind: 'boolean', code: 'in_stock' },
          { kind: 'boolean', code: 'nfc' },
        ],
      });
      assert.deepEqual(sorted(ids(r)), [3, 4]);
      const price = facet(r, 'price');
      assert.deepEqual([price.min, price.max], [300_000, 400_000]);
      const storage = facet(r, 'storage');
      assert.deepEqual([storage.min, storage.max], [256, 512]);
      assert.deepEqual(counts(facet(r, 'in_stock')), { true: 1, false: 1 });
      assert.deepEqual(counts(facet(r, 'nfc')), { true: 2 });
      // without other filters the facets are computed over every match (no per-facet filter wrapper)
      const all = await search({ category_id: 2, facets: [{ kind: 'range', code: 'price' }, { kind: 'range', code: 'storage' }] });
      assert.deepEqual([facet(all, 'price').min, facet(all, 'price').max], [100_000, 600_000]);
      assert.deepEqual([facet(all, 'storage').min, facet(all, 'storage').max], [64, 512]);
    });

    it('filters by terms, ranges, booleans and multi-valued attributes', async () => {
      const f = async (filters: SearchQuery['filters'], category_id?: number) =>
        sorted(ids(await search({ filters, ...(category_id ? { category_id } : {}) })));
      assert.deepEqual(await f([{ kind: 'range', code: 'price', min: 200_000, max: 400_000 }], 2), [2, 3, 4]);
      assert.deepEqual(await f([{ kind: 'boolean', code: 'in_stock', value: true }], 2), [1, 2, 4, 5]);
      assert.deepEqual(await f([{ kind: 'range', code: 'storage', min: 256 }], 2), [1, 3, 4]);
      assert.deepEqual(await f([{ kind: 'boolean', code: 'nfc', value: false }]), [5, 6]);
      assert.deepEqual(await f([{ kind: 'terms', code: 'brand', values: ['apple', 'xiaomi'] }], 2), [3, 4, 5, 6]);
      assert.deepEqual(await f([{ kind: 'terms', code: 'features', values: ['ANC'] }]), [10, 11]);
      assert.deepEqual(await f([{ kind: 'terms', code: 'color', values: ['white', 'red'] }, { kind: 'range', code: 'volume', max: 1.6 }]), [14]);
    });

    it('sorts by price, newness and popularity', async () => {
      const order = async (sort: SearchQuery['sort']) => ids(await search({ category_id: 2, sort }));
      assert.deepEqual(await order('price_asc'), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(await order('price_desc'), [6, 5, 4, 3, 2, 1]);
      assert.deepEqual(await order('newest'), [6, 5, 4, 3, 2, 1]);
      assert.deepEqual(await order('popular'), [3, 6, 1, 4, 2, 5]);
    });

    it('pages through results with a stable total', async () => {
      const p1 = await search({ category_id: 2, sort: 'price_asc', per_page: 4, page: 1 });
      const p2 = await search({ category_id: 2, sort: 'price_asc', per_page: 4, page: 2 });
      assert.deepEqual(ids(p1), [1, 2, 3, 4]);
      assert.deepEqual(ids(p2), [5, 6]);
      assert.equal(p1.total, 6);
      assert.equal(p2.total, 6);
      assert.deepEqual(ids(await search({ category_id: 2, per_page: 4, page: 9 })), []);
    });

    it('upserts changed documents and forgets removed (unpublished) ones', async () => {
      const extra = { ...FIXTURE_DOCS[12]!, product_id: 100, sku: 'FX-100', slug: 'fx-100', name: 'Чайник Уникальный Зеленый' };
      await engine.index([extra]);
      await engine.refresh();
      assert.deepEqual(ids(await search({ q: 'уникальный' })), [100]);
      await engine.index([{ ...extra, name: 'Чайник Особенный Зеленый', price: 1 }]);
      await engine.refresh();
      assert.equal((await search({ q: 'уникальный' })).total, 0, 'the old name is gone');
      assert.deepEqual(ids(await search({ q: 'особенный' })), [100]);
      assert.deepEqual(ids(await search({ category_id: 11, sort: 'price_asc' }))[0], 100, 'the new price is indexed');
      await engine.remove([100]);
      await engine.refresh();
      assert.equal((await search({ q: 'особенный' })).total, 0);
      assert.equal((await search({ category_id: 11 })).total, 3);
    });

    it('ranks equally relevant products most popular first', async () => {
      // same texts, so the same text score; popularity is not in id order, so index order cannot pass
      const twin = (id: number, popularity: number) => ({
        ...FIXTURE_DOCS[12]!, product_id: id, sku: `FX-${id}`, slug: `fx-${id}`, name: 'Чайник Тождественный Зеленый', popularity,
      });
      await engine.index([twin(201, 5), twin(202, 50), twin(203, 20)]);
      await engine.refresh();
      try {
        assert.deepEqual(ids(await search({ q: 'тождественный' })), [202, 203, 201]);
        assert.deepEqual(ids(await search({ q: 'тождественный', category_id: 11 })), [202, 203, 201], 'inside a category');
      } finally {
        await engine.remove([201, 202, 203]);
        await engine.refresh();
      }
    });

    it('ranks a product whose name begins with the query first word before one that only contains it', async () => {
      // same words in the same fields; the washer-dryer is the more popular, so the tie-breaker alone
      // would put it first: "сушильная машина …" asks for a dryer
      const machine = (id: number, name: string, popularity: number) => ({
        ...FIXTURE_DOCS[12]!, product_id: id, sku: `FX-${id}`, slug: `fx-${id}`, name, popularity,
      });
      await engine.index([
        machine(211, 'Стирально-сушильная машина Небывалая 7 кг', 90),
        machine(212, 'Сушильная машина Небывалая Плюс 7 кг', 10), // as many words: no shorter-field advantage
        machine(213, 'Стирально-сушильная машина Небывалая 8 кг', 80),
      ]);
      await engine.refresh();
      try {
        assert.deepEqual(ids(await search({ q: 'сушильная машина небывалая' })), [212, 211, 213]);
        assert.deepEqual(ids(await search({ q: 'сушильные машины небывалые' })), [212, 211, 213], 'another form of the same words');
        assert.deepEqual(ids(await search({ q: 'небывалая сушильная машина' })), [211, 213, 212], 'a first word no name begins with changes nothing');
        // a name that begins with a longer word sharing the letters does not begin with the query's word
        await engine.index([machine(214, 'Котелок Небывалый кот', 90), machine(215, 'Кот Небывалый игрушка', 10)]);
        await engine.refresh();
        assert.deepEqual(ids(await search({ q: 'кот небывалый' })), [215, 214]);
      } finally {
        await engine.remove([211, 212, 213, 214, 215]);
        await engine.refresh();
      }
    });

    it('keeps a model number apart from its suffixed sibling', async () => {
      const phone = (id: number, name: string) => ({ ...FIXTURE_DOCS[12]!, product_id: id, sku: `FX-${id}`, slug: `fx-${id}`, name });
      await engine.index([phone(221, 'Чайник Небывалый 14 Зеленый'), phone(222, 'Чайник Небывалый 14s Зеленый')]);
      await engine.refresh();
      try {
        assert.deepEqual(ids(await search({ q: 'небывалый 14' })), [221]);
        assert.deepEqual(ids(await search({ q: 'небывалый 14s' })), [222]);
      } finally {
        await engine.remove([221, 222]);
        await engine.refresh();
      }
    });

    it('suggests products, categories and brands by prefix', async () => {
      const brands = await engine.suggest('sams', 10);
      assert.ok(brands.some((s) => s.kind === 'brand' && s.text === 'Samsung' && s.slug === 'samsung'), 'brand Samsung');
      assert.ok(brands.some((s) => s.kind === 'product' && s.id === 1), 'a Samsung product');
      const cats = await engine.suggest('чайн', 10);
      assert.ok(cats.some((s) => s.kind === 'category' && s.text === 'Чайники' && s.id === 11), 'category Чайники');
      assert.ok(cats.some((s) => s.kind === 'product' && s.id === 13), 'a kettle');
      const iphone = await engine.suggest('iph', 5);
      assert.ok(iphone.length <= 5);
      assert.ok(iphone.some((s) => s.kind === 'product' && (s.id === 3 || s.id === 4)), 'an iPhone');
      assert.deepEqual(await engine.suggest('', 5), []);
    });

    it('suggests the most popular products first and follows catalog changes', async () => {
      const products = async (prefix: string, limit = 20) =>
        (await engine.suggest(prefix, limit)).filter((s) => s.kind === 'product').map((s) => s.id);
      const phones = await products('смартф');
      assert.deepEqual(sorted(phones), [1, 2, 3, 4, 5, 6], 'every product whose name starts so');
      const pop = phones.map((id) => FIXTURE_DOCS[id - 1]!.popularity);
      assert.deepEqual(pop, [...pop].sort((a, b) => b - a), 'heavier products first');
      const extra = { ...FIXTURE_DOCS[12]!, product_id: 101, sku: 'FX-101', slug: 'fx-101', name: 'Чайник Небывалый Зеленый', popularity: 1000 };
      await engine.index([extra]);
      await engine.refresh();
      assert.equal((await products('чайн', 3))[0], 101, 'a new, most popular product leads its prefix');
      assert.deepEqual(await products('небыв'), [101], 'by a later name word too');
      await engine.index([{ ...extra, name: 'Чайник Диковинный Зеленый' }]);
      await engine.refresh();
      assert.deepEqual(await products('небыв'), [], 'the old name is not suggested');
      assert.deepEqual(await products('диков'), [101]);
      await engine.remove([101]);
      await engine.refresh();
      assert.ok(!(await products('чайн')).includes(101), 'a removed (unpublished) product is not suggested');
      assert.deepEqual(await products('диков'), []);
    });

    it('answers a query no product fully matches with the products that have most of its words', async () => {
      // no white Samsung phone: the Samsung Galaxy phones have three of the four words, the white
      // iPhone and the Galaxy laptop two, every other phone one
      const r = await search({ q: 'смартфон samsung galaxy белый' });
      assert.deepEqual(sorted(ids(r)), [1, 2]);
      assert.equal(r.did_you_mean, null);
    });

    it('offers "did you mean" only when nothing was found', async () => {
      const found = await search({ q: 'чайник' });
      assert.equal(found.did_you_mean, null);
      const r = await search({ q: 'кроссовкиии' });
      assert.ok(r.total > 0 ? ids(r).includes(16) : r.did_you_mean?.includes('кроссовки'), 'found or corrected');
      const nothing = await search({ q: 'zzqxwv' });
      assert.equal(nothing.total, 0);
    });

    it('survives hostile query strings', async () => {
      for (const q of HOSTILE_QUERIES) {
        const label = JSON.stringify(q.slice(0, 40));
        const r = await search({ q, category_id: 1, facets: [{ kind: 'terms', code: 'brand' }] });
        assert.equal(typeof r.total, 'number', label);
        const s = await engine.suggest(q, 5);
        assert.ok(Array.isArray(s), label);
      }
      // the index still answers normally afterwards
      assert.equal((await search({ q: 'чайник' })).total, 3);
    });
  });
}
