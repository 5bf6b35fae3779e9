// Relevance floor of both engines on the demo catalog (categories 1200, products 20000, seed 42) against
// the judged queries of queries.json: the postgres engine, and the OpenSearch engine at OPENSEARCH_URL
// (an index of its own, built from the same catalog). Runs on server PostgreSQL when it answers (seeding
// 20k products is several times faster there), else on PGlite.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { databaseKinds } from '../../../../test/db.js';
import { OPENSEARCH_URL, requireOpenSearch } from '../../../../test/services.js';
import { createOpenSearchEngine } from '../engines/opensearch/engine.js';
import { createSearchService } from '../service.js';
import { evaluate, loadJudgedQueries, ndcgAt10 } from './evaluate.js';

/** measured 1.000 on both engines (postgres 0.994 before the name-head bonus, NAME_HEAD_BONUS); the floor leaves room for ties */
const NDCG_FLOOR = 0.95;

const openSearchSkip = await requireOpenSearch();

const kinds = await databaseKinds();
const kind = kinds.find((k) => k.kind === 'postgres' && !k.skip) ? 'postgres' : 'pglite';

describe('NDCG@10', () => {
  it('is 1 for a perfect ranking and discounts lower ranks', () => {
    assert.equal(ndcgAt10(['a', 'b'], new Set(['a', 'b'])), 1);
    assert.equal(ndcgAt10(['x', 'a'], new Set(['a'])), 1 / Math.log2(3));
    assert.equal(ndcgAt10(['x'], new Set(['a'])), 0);
  });
});

describe(`relevance of both engines on the demo catalog (${kind})`, () => {
  let t: TestApp;
  const judged = loadJudgedQueries();

  before(async () => {
    t = await createTestApp(kind);
    await t.services.bulk.seed(judged.catalog);
    await t.services.search.reindex({ batchSize: 2000 });
  });
  after(async () => {
    await t?.services.search.close();
    await t?.close();
  });

  it(`keeps NDCG@10 over ${judged.queries.length} judged queries above ${NDCG_FLOOR}`, async () => {
    assert.ok(judged.queries.length >= 50);
    const r = await evaluate(judged.queries, async (q) =>
      (await t.services.search.search({ q, page: 1, per_page: 10, query: {} })).items.map((i) => i.sku),
    );
    console.log(JSON.stringify(r, null, 1));
    assert.ok(r.ndcg10 >= NDCG_FLOOR, `NDCG@10 ${r.ndcg10} < ${NDCG_FLOOR}`);
  });

  it(`keeps NDCG@10 of the OpenSearch engine above ${NDCG_FLOOR} on the same catalog`, { skip: openSearchSkip }, async () => {
    const engine = createOpenSearchEngine({ url: OPENSEARCH_URL, prefix: `test_relevance_${process.pid}_` });
    const search = createSearchService(t.deps, { categories: t.services.categories, attributes: t.services.attributes, engine });
    try {
      await engine.init();
      await search.reindex({ batchSize: 2000 });
      const r = await evaluate(judged.queries, async (q) => (await search.search({ q, page: 1, per_page: 10, query: {} })).items.map((i) => i.sku));
      console.log(JSON.stringify({ engine: 'opensearch', ...r }, null, 1));
      assert.ok(r.ndcg10 >= NDCG_FLOOR, `OpenSearch NDCG@10 ${r.ndcg10} < ${NDCG_FLOOR}`);
    } finally {
      await engine.drop();
      await search.close();
    }
  });
});
