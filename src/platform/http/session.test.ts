import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { requireService } from '../../../test/services.js';
import { createShopTestApp, type ShopTestApp } from '../../modules/orders/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/15';
const skip = await requireService('Redis', 'TEST_REDIS_URL', async () => {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000 });
  r.on('error', () => {}); // the probe's outcome is the connect() promise
  try { await r.connect(); await r.ping(); } finally { r.disconnect(); }
});

describe('sessions and rate limits in Redis (REDIS_URL set)', { skip }, () => {
  let t: ShopTestApp;
  const email = `redis-${process.pid}-${Date.now()}@example.ru`;
  before(async () => { t = await createShopTestApp('postgres', { REDIS_URL }); });
  after(async () => { await t.close(); });

  it('keeps the session in Redis, not the sessions table, and ends it at logout and at password reset', async () => {
    assert.equal(t.services.sessions.kind, 'redis');
    const b = t.browser();
    assert.equal((await b.request('POST', '/api/account/register', { email, password: 'secret-123' })).statusCode, 201);
    assert.equal((await b.request('GET', '/api/account')).statusCode, 200);
    const rows = await t.deps.db.kysely.selectFrom('sessions').select('id_hash').execute();
    assert.equal(rows.length, 0);
    const second = t.browser();
    assert.equal((await second.request('POST', '/api/account/login', { email, password: 'secret-123' })).statusCode, 200);
    assert.equal((await b.request('POST', '/api/account/logout')).statusCode, 204);
    assert.equal((await b.request('GET', '/api/account')).statusCode, 401);
    assert.equal((await second.request('GET', '/api/account')).statusCode, 200, 'logout ends only its own session');
    const me = (await second.request('GET', '/api/account')).json().customer;
    await t.services.sessions.revokeCustomer(me.id);
    assert.equal((await second.request('GET', '/api/account')).statusCode, 401, 'revocation reaches Redis sessions');
  });

  it('counts login attempts in Redis', async () => {
    let last;
    for (let i = 0; i < 11; i++) last = await t.browser().request('POST', '/api/account/login', { email: `x-${email}`, password: `wrong-${i}-x` });
    assert.equal(last!.statusCode, 429);
    const r = new Redis(REDIS_URL);
    try {
      const keys = await r.keys('vitrina:rl:*');
      assert.ok(keys.length > 0, 'rate-limit counters live in Redis');
    } finally { r.disconnect(); }
  });
});
