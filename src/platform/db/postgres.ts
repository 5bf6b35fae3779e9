import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database, RawSession } from './database.js';
import type { DB } from './schema.js';

// int8 ids and counts fit in a double for any realistic catalog; numbers beat strings in every caller.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

/** `applicationName` tells the pools apart in pg_stat_activity (the search pool is `vitrina-search`). */
export function openPostgres(url: string, poolSize: number, applicationName = 'vitrina'): Database {
  // jit off: our queries are short OLTP reads; JIT compilation kicks in on cost estimates (a capped
  // count over a big category) and adds tens of milliseconds to answers that take a few
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: applicationName, options: '-c jit=off' });
  // An idle client losing its server must not crash the process; the next checkout reconnects.
  pool.on('error', () => {});
  // A checked-out client whose backend is terminated (database restart) also emits 'error'; the failing
  // query already rejects with it, so the extra event must not become an uncaught exception.
  pool.on('connect', (client) => client.on('error', () => {}));
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    async withSession(fn) {
      const client = await pool.connect();
      const session: RawSession = {
        async query(sql, params) {
          return (await client.query(sql, params as unknown[])).rows;
        },
        async copyFrom(copySql, data) {
          const stream = client.query(copyFromStream(copySql));
          await pipeline(Readable.from([data]), stream);
        },
      };
      try {
        return await fn(session);
      } finally {
        client.release();
      }
    },
    async prepared(name, query) {
      return (await pool.query({ name, text: query.sql, values: query.parameters as unknown[] })).rows;
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await kysely.destroy();
    },
  };
}

/** A connection to the server of `url` for creating or dropping database `name`: through the database
 *  `url` names, unless that is `name` itself (a database cannot be dropped from inside it) or does not
 *  exist (yet) — then through the server's `postgres` maintenance database. So a benchmark's --fresh
 *  works with DATABASE_URL pointing at the very database it is to recreate. */
async function adminClient(url: string, name: string): Promise<pg.Client> {
  const u = new URL(url);
  if (decodeURIComponent(u.pathname.slice(1)) === name) u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  try {
    await client.connect();
    return client;
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000' || u.pathname === '/postgres') throw e;
    u.pathname = '/postgres';
    const maintenance = new pg.Client({ connectionString: u.toString() });
    await maintenance.connect();
    return maintenance;
  }
}

/** Creates a database on the server of `url` (used by tests and benches). */
export async function createDatabase(url: string, name: string, template?: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = await adminClient(url, name);
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = await adminClient(url, name);
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
