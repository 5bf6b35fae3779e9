import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError, ENV_VARS, loadConfig } from './config.js';

describe('config', () => {
  it('defaults to the embedded mode on 127.0.0.1:3000 with PGlite under var/', () => {
    const c = loadConfig({});
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 3000);
    assert.equal(c.database.kind, 'pglite');
    assert.equal(c.redisUrl, null);
    assert.equal(c.demo.products, 20_000);
  });

  it('switches to server PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/shop', DATABASE_POOL_SIZE: '20' });
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u@db:5432/shop', poolSize: 20, searchPoolSize: 3 });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/shop', SEARCH_POOL_SIZE: '5' }).database,
      { kind: 'postgres', url: 'postgres://u@db:5432/shop', poolSize: 10, searchPoolSize: 5 });
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://u@db:5432/shop', SEARCH_POOL_SIZE: '0' }), /SEARCH_POOL_SIZE/);
  });

  it('reports every bad variable in one error', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: '::', VITRINA_DEMO: 'maybe', KAFKA_BROKERS: 'nohost' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 5);
        for (const v of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'VITRINA_DEMO', 'KAFKA_BROKERS']) {
          assert.ok(e.problems.some((p) => p.startsWith(v)), v);
        }
        return true;
      },
    );
  });

  it('the README documents every environment variable the config reads', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(ENV_VARS)) assert.ok(readme.includes(`\`${name}\``), `${name} missing from README`);
  });
});
