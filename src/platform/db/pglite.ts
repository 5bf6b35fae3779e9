import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { Database, RawSession } from './database.js';
import type { DB } from './schema.js';

const parsers = { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) };

/** Opens embedded PostgreSQL; `dataDir` undefined keeps it in memory (tests). */
export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers,
  });
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  const session: RawSession = {
    async query(sql, params) {
      return (await pglite.query(sql, params as unknown[])).rows as never[];
    },
    async copyFrom(copySql, data) {
      await pglite.query(copySql.replace(/from\s+stdin/i, "FROM '/dev/blob'"), [], { blob: new Blob([data as BlobPart]) });
    },
  };
  return {
    kind: 'pglite',
    kysely,
    // PGlite is one session: holding a Kysely connection queues every other query until we finish,
    // so a bulk load's BEGIN…COMMIT never interleaves with a request's statements.
    withSession(fn) {
      return kysely.connection().execute(() => fn(session));
    },
    async prepared(_name, query) {
      return (await kysely.executeQuery(query)).rows;
    },
    async ping() {
      await pglite.query('select 1');
    },
    async close() {
      await kysely.destroy();
    },
    // exposed for tests that snapshot a migrated template
    ...{ pglite },
  } as Database & { pglite: PGlite };
}
