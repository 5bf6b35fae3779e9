// The search API end to end on a small generated catalog: responses, facets from the category matrix,
// bad input, the admin vocabulary, incremental indexing from catalog events, 503 and resumable rebuilds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { databaseKinds } from '../../../test/db.js';
import { OPENSEARCH_URL, requireOpenSearch } from '../../../test/services.js';
import { AppError } from '../../platform/errors.js';
import type { SearchEngine } from './engine.js';
import { createSearchService, SEARCH_POOL_NAME } from './service.js';

interface Row {
  id: number;
  sku: string;
  name: string;
  primary_category_id: number;
  attributes: Record<string, unknown>;
}

/** generous: a deadline for "did it arrive at all", not a speed check */
const VISIBLE_WAIT_MS = 30_000;

async function waitFor<T>(what: string, limitMs: number, probe: () => Promise<T | null | undefined | false>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return { value, ms: Date.now() - started };
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const noOpenSearch = await requireOpenSearch();

for (const { kind, skip } of await databaseKinds()) {
  describe(`search API on ${kind}`, { skip }, () => {
    let t: TestApp;
    let published = 0;
    let sample: Row;
    const get = async (url: string) => t.app.inject({ method: 'GET', url });

    before(async () => {
      t = await createTestApp(kind);
      await t.services.bulk.seed({ categories: 60, products: 400, seed: 42 });
      await t.deps.bus.drain(); // the seed's bulk_imported event rebuilds the index
      await t.services.search.settled();
      const db = t.deps.db.kysely;
      published = Number((await sql<{ n: number }>`select count(*)::int as n from products where status = 'published'`.execute(db)).rows[0]!.n);
      sample = (
        await sql<Row>`select id, sku, name, primary_category_id, attributes from products
                        where status = 'published' and in_stock order by id limit 1`.execute(db)
      ).rows[0]!;
    });
    after(async () => {
      await t?.services.search.close();
      await t?.close();
    });

    it('indexes every published product and nothing else', async () => {
      const r = await get('/api/search?per_page=1');
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().total, published);
      assert.equal(await t.services.search.indexIfEmpty(), false, 'a filled index is not rebuilt at start');
    });

    it('counts each published product under its brand, and ranks by reviews and offers', async () => {
      const db = t.deps.db.kysely;
      const top = (
        await sql<{ slug: string; n: number }>`select b.slug, count(*)::int as n from products p join brands b on b.id = p.brand_id
                                               where p.status = 'published' group by b.slug order by 2 desc, 1 limit 1`.execute(db)
      ).rows[0]!;
      const facets = (await get('/api/search?per_page=1')).json().facets as { code: string; values: { value: string; count: number }[] }[];
      const brand = facets.find((f) => f.code === 'brand')!.values.find((v) => v.value === top.slug);
      assert.equal(brand?.count, top.n);
      const byBrand = (await get(`/api/search?per_page=1&filter[brand]=${encodeURIComponent(top.slug)}`)).json();
      assert.equal(byBrand.total, top.n, 'the brand filter finds them all');
      // popularity = published reviews x 10 + offers
      const best = (
        await sql<{ score: number }>`select (select count(*) from reviews r where r.product_id = p.id and r.status = 'published') * 10
                                            + (select count(*) from offers o where o.product_id = p.id) as score
                                       from products p where p.status = 'published' order by 1 desc limit 1`.execute(db)
      ).rows[0]!;
      const first = (await get('/api/search?sort=popular&per_page=1')).json().items[0];
      const [mine] = (
        await sql<{ score: number }>`select (select count(*) from reviews r where r.product_id = p.id and r.status = 'published') * 10
                                            + (select count(*) from offers o where o.product_id = p.id) as score
                                       from products p where p.id = ${first.id}`.execute(db)
      ).rows;
      assert.equal(Number(mine!.score), Number(best.score), 'the most popular product comes first');
    });

    it('answers a text query with card fields, facets, total and the time taken', async () => {
      const r = await get(`/api/search?q=${encodeURIComponent(sample.sku)}`);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      assert.equal(body.items[0].id, sample.id);
      assert.equal(body.items[0].sku, sample.sku);
      for (const k of ['slug', 'name', 'brand', 'image', 'best_price', 'best_currency', 'in_stock', 'score']) assert.ok(k in body.items[0], k);
      const { rows: [own] } = await sql<{ brand: string | null }>`
        select b.name as brand from products p left join brands b on b.id = p.brand_id where p.id = ${sample.id}`.execute(t.deps.db.kysely);
      assert.ok(own!.brand, 'the sample has a brand');
      assert.equal(body.items[0].brand, own!.brand, 'the card names the product\'s brand');
      assert.equal(typeof body.took_ms, 'number');
      assert.equal(body.engine, 'postgres');
      assert.deepEqual(body.facets.map((f: { code: string }) => f.code).slice(0, 3), ['brand', 'price', 'in_stock']);
      const byName = (await get(`/api/search?q=${encodeURIComponent(sample.name)}`)).json();
      assert.ok(byName.items.slice(0, 10).some((i: { id: number }) => i.id === sample.id), 'found by its own name');
    });

    it('builds facets from the category matrix and filters by them', async () => {
      const matrix = await t.services.attributes.effectiveMatrix(sample.primary_category_id);
      const entry = matrix.entries.find((e) => e.filterable && e.attribute.type === 'enum' && typeof sample.attributes[e.attribute.code] === 'string');
      assert.ok(entry, 'the sample has a filterable enum value');
      const code = entry.attribute.code;
      const value = sample.attributes[code] as string;
      const all = (await get(`/api/search?category=${sample.primary_category_id}&per_page=100`)).json();
      const facet = all.facets.find((f: { code: string }) => f.code === code);
      assert.ok(facet, `facet ${code}`);
      assert.equal(facet.name, entry.attribute.name);
      const option = facet.values.find((v: { value: string }) => v.value === value);
      assert.ok(option && option.count >= 1 && option.label, 'the option is counted and labelled');
      const filtered = (await get(`/api/search?category=${sample.primary_category_id}&filter[${code}]=${value}&per_page=100`)).json();
      assert.equal(filtered.total, option.count, 'the facet count is what the filter finds');
      assert.ok(filtered.items.some((i: { id: number }) => i.id === sample.id));
      const ids = filtered.items.map((i: { id: number }) => i.id);
      const { rows } = await sql<{ v: string }>`select attributes->>${code} as v from products where id = any(${ids}::bigint[])`.execute(t.deps.db.kysely);
      assert.ok(rows.every((r) => r.v === value), 'every hit has the value');
      const byLabel = (await get(`/api/search?category=${sample.primary_category_id}&filter[${code}]=${encodeURIComponent(option.label)}`)).json();
      assert.equal(byLabel.total, option.count, 'an option label filters like its code');
      const inStock = (await get(`/api/search?category=${sample.primary_category_id}&filter[in_stock]=true&filter[price]=1..`)).json();
      assert.ok(inStock.items.every((i: { in_stock: boolean }) => i.in_stock));
    });

    it('answers 400 with the reason for an unknown filter, a malformed range or an overlong query', async () => {
      const cases: [string, string][] = [
        ['/api/search?filter[no_such_attr]=1', 'filter[no_such_attr]'],
        [`/api/search?category=${sample.primary_category_id}&filter[no_such_attr]=1`, 'filter[no_such_attr]'],
        ['/api/search?filter[price]=abc..5', 'filter[price]'],
        ['/api/search?filter[price]=10..1', 'filter[price]'],
        ['/api/search?filter[price]=..', 'filter[price]'],
        ['/api/search?filter[in_stock]=maybe', 'filter[in_stock]'],
        [`/api/search?q=${'я'.repeat(201)}`, 'q'],
        ['/api/search?sort=cheapest', 'sort'],
        ['/api/search?category=no-such-category', 'category'],
        [`/api/search?category=${sample.primary_category_id}&facets=nope`, 'facets'],
        [`/api/search/suggest?q=${'a'.repeat(201)}`, 'q'],
      ];
      for (const [url, field] of cases) {
        const r = await get(url);
        assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
        assert.equal(r.json().code, 'SEARCH_QUERY_INVALID', url);
        assert.equal(r.json().field, field, url);
        assert.ok(r.json().message.length > 5);
      }
    });

    it('survives hostile query text over HTTP', async () => {
      for (const q of ['"\'(', 'a:b AND (c OR', "'; drop table products; --", '😀', '{"query":{}}', '\\', '%_']) {
        const r = await get(`/api/search?q=${encodeURIComponent(q)}`);
        assert.equal(r.statusCode, 200, `${q}: ${r.body}`);
        assert.equal((await get(`/api/search/suggest?q=${encodeURIComponent(q)}`)).statusCode, 200, q);
      }
    });

    it('suggests products and brands by prefix', async () => {
      const word = sample.name.split(' ')[0]!.slice(0, 4);
      const r = await get(`/api/search/suggest?q=${encodeURIComponent(word)}&limit=5`);
      assert.equal(r.statusCode, 200, r.body);
      const items = r.json().items as { kind: string; text: string }[];
      assert.ok(items.length > 0 && items.length <= 5);
      assert.ok(items.some((i) => i.kind === 'product' || i.kind === 'category'));
    });

    it('lets an admin replace the vocabulary and applies it at once', async () => {
      assert.equal((await get('/api/admin/search/vocabulary')).statusCode, 401);
      const before = await t.admin('GET', '/api/admin/search/vocabulary');
      assert.equal(before.statusCode, 200);
      assert.ok(before.json().synonyms.length > 0, 'a default vocabulary');
      const word = sample.name.split(' ')[0]!.toLowerCase();
      assert.equal((await get('/api/search?q=zzwidget')).json().total, 0);
      const put = await t.admin('PUT', '/api/admin/search/vocabulary', { synonyms: [['zzwidget', word]], stopWords: ['zzfiller'] });
      assert.equal(put.statusCode, 200, put.body);
      assert.ok((await get('/api/search?q=zzwidget')).json().total > 0, 'the synonym finds products');
      assert.ok((await get(`/api/search?q=zzfiller+${encodeURIComponent(word)}`)).json().total > 0, 'the stop word is ignored');
      assert.deepEqual((await t.admin('GET', '/api/admin/search/vocabulary')).json().synonyms, [['zzwidget', word]]);
      const bad = await t.admin('PUT', '/api/admin/search/vocabulary', { synonyms: [['one']], stopWords: [] });
      assert.equal(bad.statusCode, 400);
      await t.admin('PUT', '/api/admin/search/vocabulary', before.json());
    });

    // How fast a change becomes visible is measured by bench:search (incremental_visible_p95_ms); a
    // timing threshold here would fail on a busy machine, so this test waits generously and checks
    // only that each change reaches the index.
    it('makes catalog and offer changes searchable incrementally', async () => {
      t.deps.bus.start(100);
      try {
        const patch = await t.admin('PATCH', `/api/admin/products/${sample.id}`, { name: 'Квазиантигравитатор Особый' });
        assert.equal(patch.statusCode, 200, patch.body);
        await waitFor('renamed product', VISIBLE_WAIT_MS, async () => (await get('/api/search?q=квазиантигравитатор')).json().items[0]?.id === sample.id);

        const offers = (await t.admin('GET', `/api/admin/products/${sample.id}/offers`)).json().items as { id: number; price: number }[];
        const cheapest = Math.min(...offers.map((o) => o.price)) - 100;
        const op = await t.admin('PATCH', `/api/admin/offers/${offers[0]!.id}`, { price: cheapest });
        assert.equal(op.statusCode, 200, op.body);
        await waitFor('new best price', VISIBLE_WAIT_MS, async () => {
          const r = (await get('/api/search?q=квазиантигравитатор')).json();
          return r.items[0]?.best_price === cheapest && (await get(`/api/search?q=квазиантигравитатор&filter[price]=..${cheapest}`)).json().total === 1;
        });

        const archived = await t.admin('POST', `/api/admin/products/${sample.id}/status`, { status: 'archived' });
        assert.equal(archived.statusCode, 200, archived.body);
        await waitFor('archived product gone', VISIBLE_WAIT_MS, async () => (await get('/api/search?q=квазиантигравитатор')).json().total === 0);
      } finally {
        await t.deps.bus.stop();
      }
    });

    it('answers 503 SEARCH_UNAVAILABLE when the engine is down', async () => {
      const down = new Error('connect ECONNREFUSED 127.0.0.1:9200');
      const engine = {
        name: 'opensearch', init: async () => {}, setVocabulary: async () => {}, close: async () => {},
        search: async () => { throw down; }, suggest: async () => { throw down; },
      } as unknown as SearchEngine;
      const service = createSearchService(t.deps, { categories: t.services.categories, attributes: t.services.attributes, engine });
      await assert.rejects(service.search({ q: 'x', page: 1, per_page: 10, query: {} }), (e: unknown) => e instanceof AppError && e.code === 'SEARCH_UNAVAILABLE' && e.status === 503);
      await assert.rejects(service.suggest('x', 5), (e: unknown) => e instanceof AppError && e.code === 'SEARCH_UNAVAILABLE');
      await service.close();
    });

    it('resumes an interrupted rebuild from its checkpoint', async () => {
      const search = t.services.search;
      let calls = 0;
      await assert.rejects(search.reindex({ batchSize: 60, onProgress: () => { if (++calls === 2) throw new Error('killed'); } }), /killed/);
      const r = await search.reindex({ resume: true, batchSize: 60 });
      assert.ok(r.resumed_after > 0, 'started after the checkpoint');
      assert.ok(r.indexed < published, 'did not start over');
      const now = Number((await sql<{ n: number }>`select count(*)::int as n from products where status = 'published'`.execute(t.deps.db.kysely)).rows[0]!.n);
      assert.equal((await get('/api/search?per_page=1')).json().total, now, 'every published product is in the index');
    });

    it('resumes from a checkpoint whose half-built index is gone without losing the products before it', async () => {
      const search = t.services.search;
      const db = t.deps.db.kysely;
      await search.reindex({ batchSize: 100 });
      // a crash after the swap, before the checkpoint was cleared: a checkpoint with no build behind it
      const before = (await sql<{ id: number; sku: string }>`select id, sku from products where status = 'published' order by id limit 1`.execute(db)).rows[0]!;
      const mid = Number((await sql<{ id: number }>`select id from products order by id offset 200 limit 1`.execute(db)).rows[0]!.id);
      await sql`insert into search_state (key, value) values ('reindex.checkpoint', ${JSON.stringify({ last_id: mid, engine: 'postgres' })}::jsonb)
                on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(db);
      const r = await search.reindex({ resume: true, batchSize: 100 });
      assert.equal(r.resumed_after, mid, 'resumed after the checkpoint');
      const now = Number((await sql<{ n: number }>`select count(*)::int as n from products where status = 'published'`.execute(db)).rows[0]!.n);
      assert.equal((await get('/api/search?per_page=1')).json().total, now, 'the products before the checkpoint are still in the index');
      assert.ok((await get(`/api/search?q=${before.sku}`)).json().items.some((i: { sku: string }) => i.sku === before.sku), 'the first product is found by its SKU');
    });

    it('checkpoints only what the engine has written, not the batches it has read ahead', async () => {
      const real = await t.services.search.engine();
      const handed: number[][] = [];
      // an engine that reads three batches ahead (as the OpenSearch one does while bulks are in flight)
      // and dies after the first one is written
      const engine = Object.assign(Object.create(real) as SearchEngine, {
        close: async () => {},
        async reindex(docs: AsyncIterable<{ product_id: number }[]>, _total: number, onProgress?: (done: number) => void) {
          const batches = docs[Symbol.asyncIterator]();
          for (let i = 0; i < 3; i++) {
            const r = await batches.next();
            if (!r.done) handed.push(r.value.map((d) => d.product_id));
          }
          onProgress?.(handed[0]!.length);
          throw new Error('killed');
        },
      });
      const service = createSearchService(t.deps, { categories: t.services.categories, attributes: t.services.attributes, engine });
      await assert.rejects(service.reindex({ batchSize: 60 }), /killed/);
      await service.close();
      const db = t.deps.db.kysely;
      const row = (await sql<{ value: { last_id: number } }>`select value from search_state where key = 'reindex.checkpoint'`.execute(db)).rows[0];
      await sql`delete from search_state where key = 'reindex.checkpoint'`.execute(db);
      assert.equal(handed.length, 3, 'the engine was handed three batches');
      assert.ok(row, 'the written batch is checkpointed');
      assert.ok(row.value.last_id >= Math.max(...handed[0]!), 'the checkpoint covers the written batch');
      assert.ok(row.value.last_id < Math.min(...handed[1]!), `the checkpoint (${row.value.last_id}) stops before the batches only read`);
    });

    it('at start, waits for a rebuild another process is running instead of starting a second one', async () => {
      const db = t.deps.db.kysely;
      const total = async () => (await get('/api/search?per_page=1')).json().total as number;
      const published = async () => Number((await sql<{ n: number }>`select count(*)::int as n from products where status = 'published'`.execute(db)).rows[0]!.n);
      const setCheckpoint = (ageSql: string) =>
        sql`insert into search_state (key, value, updated_at) values ('reindex.checkpoint', ${JSON.stringify({ last_id: 1, engine: 'postgres' })}::jsonb, now() - ${ageSql}::interval)
            on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`.execute(db);
      // another process's build in progress: the live index is empty, its checkpoint fresh
      await sql`delete from search_documents`.execute(db);
      await setCheckpoint('0 seconds');
      const other = createSearchService(t.deps, { categories: t.services.categories, attributes: t.services.attributes });
      let waitedFor = false;
      const waiting = t.services.search.indexIfEmpty({ waitPollMs: 50 }).then((built) => ({ built, waitedFor }));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await total(), 0, 'no second build started while the other one was live');
      waitedFor = true;
      await other.reindex({ batchSize: 100 }); // the other process finishes (and clears its checkpoint)
      assert.deepEqual(await waiting, { built: false, waitedFor: true }, 'returned once the other build filled the index');
      assert.equal(await total(), await published());
      await other.close();

      // a build whose checkpoint stopped moving a minute ago died: resumed at start
      await sql`delete from search_documents`.execute(db);
      await setCheckpoint('2 minutes');
      assert.equal(await t.services.search.indexIfEmpty({ waitPollMs: 50 }), true, 'the dead build is taken over');
      assert.equal(await total(), await published());
    });

    // (server PostgreSQL only: the embedded database has one connection, shared)
    if (kind === 'postgres') it('on server PostgreSQL searches through a pool of its own (SEARCH_POOL_SIZE) and closes it', async () => {
      const url = t.testDb.url!;
      const deps = { ...t.deps, config: { ...t.deps.config, database: { kind: 'postgres' as const, url, poolSize: 5, searchPoolSize: 2 } } };
      const own = createSearchService(deps, { categories: t.services.categories, attributes: t.services.attributes });
      // search pools' backends only (the app's own search pool among them, idle here): the main pool
      // also serves the event relay's polls, and opened a connection of its own now and then (CI: 3)
      const backends = async () => Number((await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and application_name = ${SEARCH_POOL_NAME}`.execute(t.deps.db.kysely)).rows[0]!.n);
      const before = await backends();
      const q = sample.name.split(' ')[0]!;
      // eight at once through two connections: all answered, the same as the app's search answers
      const answers = await Promise.all(Array.from({ length: 8 }, () => own.search({ q, page: 1, per_page: 5, query: {} })));
      const during = await backends();
      assert.ok(during - before >= 1 && during - before <= 2, `the search pool holds 1–2 connections (${during - before})`);
      const shared = await t.services.search.search({ q, page: 1, per_page: 5, query: {} });
      for (const a of answers) assert.deepEqual(a.items.map((i) => i.id), shared.items.map((i) => i.id));
      assert.ok(shared.items.length > 0);
      await own.close();
      await waitFor('the search pool closed', 5_000, async () => (await backends()) <= before);
    });

    // last: its rebuild leaves this database's rebuild watermark behind (once, with server PostgreSQL)
    if (kind === 'postgres') it('on OpenSearch, names product suggestions from the catalog and leaves out one unpublished since it was indexed', { skip: noOpenSearch }, async () => {
      const { createOpenSearchEngine } = await import('./engines/opensearch/index.js');
      const engine = createOpenSearchEngine({ url: OPENSEARCH_URL, prefix: `test_${process.pid}_${Date.now().toString(36)}_svc_` });
      const service = createSearchService(t.deps, { categories: t.services.categories, attributes: t.services.attributes, engine });
      const db = t.deps.db.kysely;
      const prefix = sample.name.split(' ')[0]!.slice(0, 4);
      const products = async () => (await service.suggest(prefix, 10)).filter((s) => s.kind === 'product');
      let hidden: number | null = null;
      try {
        await service.reindex();
        const found = await products();
        assert.ok(found.length > 0, `products for "${prefix}"`);
        const rows = (await sql<{ id: number; name: string; slug: string }>`
          select id, name, slug from products where id = any(${found.map((s) => s.id)}::bigint[])`.execute(db)).rows;
        const byId = new Map(rows.map((r) => [Number(r.id), r]));
        for (const s of found) assert.deepEqual([s.text, s.slug], [byId.get(s.id)?.name, byId.get(s.id)?.slug], `product ${s.id}`);
        // archived behind the index's back (no event): the index still holds it, the answer must not
        hidden = found[0]!.id;
        await sql`update products set status = 'archived' where id = ${hidden}`.execute(db);
        const after = await products();
        assert.ok(!after.some((s) => s.id === hidden), 'the archived product is left out');
        assert.deepEqual(after.map((s) => s.id), found.slice(1).map((s) => s.id), 'the others stay, in order');
      } finally {
        if (hidden !== null) await sql`update products set status = 'published' where id = ${hidden}`.execute(db);
        await engine.drop();
        await service.close();
      }
    });
  });
}
