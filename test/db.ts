// Database per suite, cloned from a migrated template (Immich's pattern): PGlite loads a dumped
// data dir, server PostgreSQL uses CREATE DATABASE … TEMPLATE. Locally a missing server is a
// skip that names the variable; under CI=true it is a failure.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { openPglite } from '../src/platform/db/pglite.js';
import { createDatabase, dropDatabase, openPostgres } from '../src/platform/db/postgres.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export type DbKind = 'pglite' | 'postgres';

/** A migrated PGlite data dir; scripts/test.mjs has test/setup.ts build it once per run into this file. */
export const PGLITE_TEMPLATE_FILE = process.env.VITRINA_PGLITE_TEMPLATE || '';

export async function buildPgliteTemplate(): Promise<Blob> {
  const db = (await openPglite(undefined)) as Database & { pglite: PGlite };
  await migrate(db);
  const blob = await db.pglite.dumpDataDir('none');
  await db.close();
  return blob;
}

let pgliteTemplate: Promise<Blob> | null = null;
async function pgliteTemplateBlob(): Promise<Blob> {
  // every test file is its own process: reading the run's dump beats migrating PGlite again
  pgliteTemplate ??= PGLITE_TEMPLATE_FILE && existsSync(PGLITE_TEMPLATE_FILE)
    ? readFile(PGLITE_TEMPLATE_FILE).then((b) => new Blob([b]))
    : buildPgliteTemplate();
  return pgliteTemplate;
}

let pgAvailable: Promise<string | null> | null = null;
/** null when server PostgreSQL answers; otherwise the reason it does not. */
export function postgresUnavailable(): Promise<string | null> {
  pgAvailable ??= (async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.query('select 1');
      return null;
    } catch (e) {
      return `PostgreSQL at TEST_DATABASE_URL (${TEST_DATABASE_URL}) is not reachable: ${(e as Error).message}`;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return pgAvailable;
}

// One template per `npm test` run (scripts/test.mjs names it), so parallel runs never rebuild each other's.
export const TEMPLATE_NAME = process.env.VITRINA_TEST_TEMPLATE || 'vitrina_test_template';

/** (Re)creates the migrated template; scripts/test.mjs calls it once before the suites start. */
export async function buildPostgresTemplate(): Promise<void> {
  const url = await createDatabase(TEST_DATABASE_URL, TEMPLATE_NAME);
  const db = openPostgres(url, 2);
  await migrate(db);
  await db.close();
}

let pgTemplate: Promise<string> | null = null;
async function postgresTemplate(): Promise<string> {
  pgTemplate ??= (async () => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    const { rowCount } = await c.query('select 1 from pg_database where datname = $1', [TEMPLATE_NAME]);
    await c.end();
    // a suite run on its own (not through npm test) builds the template itself
    if (!rowCount) await buildPostgresTemplate();
    return TEMPLATE_NAME;
  })();
  return pgTemplate;
}

export interface TestDatabase {
  kind: DbKind;
  db: Database;
  /** Server URL of this suite's database (postgres only). */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPglite(undefined, await pgliteTemplateBlob());
    return { kind, db, drop: () => db.close() };
  }
  const template = await postgresTemplate();
  const name = `vitrina_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(TEST_DATABASE_URL, name, template);
  const db = openPostgres(url, 5);
  return {
    kind,
    db,
    url,
    async drop() {
      await db.close();
      await dropDatabase(TEST_DATABASE_URL, name);
    },
  };
}

/**
 * The database kinds a catalog suite runs against, with the reason a kind is skipped locally.
 * Under CI=true nothing is skipped: a missing server fails the suite.
 */
export async function databaseKinds(): Promise<{ kind: DbKind; skip: string | false }[]> {
  const reason = await postgresUnavailable();
  if (reason && IN_CI) throw new Error(`CI=true and ${reason}`);
  return [
    { kind: 'pglite', skip: false },
    { kind: 'postgres', skip: reason ?? false },
  ];
}
