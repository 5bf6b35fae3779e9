// The postgres engine against the shared contract, on PGlite and on server PostgreSQL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { databaseKinds, createTestDatabase } from '../../../../../test/db.js';
import { FIXTURE_DOCS } from '../../contract.fixtures.js';
import { searchEngineContract } from '../../contract.test-suite.js';
import { createPostgresEngine } from './index.js';

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
