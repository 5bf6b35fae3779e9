// createDatabase/dropDatabase on server PostgreSQL: a benchmark's --fresh is given the URL of the very
// database it recreates, or of one that does not exist yet.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { IN_CI, postgresUnavailable, TEST_DATABASE_URL } from '../../../test/db.js';
import { createDatabase, dropDatabase } from './postgres.js';

const reason = await postgresUnavailable();
if (reason && IN_CI) throw new Error(`CI=true and ${reason}`);

const name = `vitrina_test_admin_${process.pid}`;
const urlOf = (db: string) => Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${db}` }).toString();

async function tables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`select tablename from pg_tables where schemaname = 'public' order by 1`)).rows.map((r) => r.tablename);
  } finally {
    await c.end();
  }
}

describe('server PostgreSQL databases for tests and benchmarks', { skip: reason ?? false }, () => {
  it('recreates a database through the URL of that database itself, or of a missing one', async () => {
    try {
      const url = await createDatabase(urlOf(`${name}_missing`), name);
      assert.equal(url, urlOf(name));
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query('create table left_over (id int)');
      await c.end();
      assert.deepEqual(await tables(url), ['left_over']);
      assert.equal(await createDatabase(url, name), url, 'recreated while the URL names it');
      assert.deepEqual(await tables(url), [], 'empty again');
    } finally {
      await dropDatabase(urlOf(name), name);
    }
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    const left = await c.query('select 1 from pg_database where datname = $1', [name]);
    await c.end();
    assert.equal(left.rowCount, 0, 'dropped through its own URL');
  });
});
