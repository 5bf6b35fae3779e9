// The outbox relay with several relays on one database (e.g. `serve` and `kafka consume`): the lease
// lets one drain at a time, so every event is delivered once and each key's events in order; a
// stopped relay hands over at once, a dead one after its lease lapses.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/db.js';
import { openPostgres } from '../db/postgres.js';
import type { Database } from '../db/database.js';
import { createLogger } from '../logging.js';
import { EventBus, type OutboxEvent } from './relay.js';

const pgKind = (await databaseKinds()).find((k) => k.kind === 'postgres')!;
const log = createLogger('silent');

describe('outbox relay with two relays (postgres)', { skip: pgKind.skip }, () => {
  let t: TestDatabase;
  let other: Database; // a second pool: what a second process would have

  before(async () => {
    t = await createTestDatabase('postgres');
    other = openPostgres(t.url!, 3);
  });
  after(async () => {
    await other?.close();
    await t?.drop();
  });

  const enqueue = async (from: number, n: number) => {
    const seqs = Array.from({ length: n }, (_, i) => from + i);
    await sql`insert into outbox (topic, key, payload)
      select 'catalog.offer_changed', 'k' || (s % 7), jsonb_build_object('product_id', s, 'sku', 'k' || (s % 7), 'offer_id', s, 'change', 'updated')
      from unnest(${seqs}::int[]) as s order by s`.execute(t.db.kysely);
  };
  const pending = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from outbox where published_at is null`.execute(t.db.kysely)).rows[0]!.n);

  /** a bus whose handler is slow enough that two unguarded relays would overlap */
  const relay = (db: Database, holder: string, seen: { holder: string; key: string; seq: number }[], leaseMs = 30_000) => {
    const bus = new EventBus(db, log, 25, leaseMs, holder);
    bus.subscribe('catalog.offer_changed', async (e: OutboxEvent<'catalog.offer_changed'>) => {
      await new Promise((r) => setTimeout(r, 1));
      seen.push({ holder, key: e.key, seq: e.payload.offer_id });
    });
    return bus;
  };

  const assertOnceInKeyOrder = (seen: { key: string; seq: number }[], expected: number) => {
    const seqs = seen.map((s) => s.seq);
    assert.equal(new Set(seqs).size, seqs.length, 'no event delivered twice');
    assert.equal(seqs.length, expected, 'every event delivered');
    const last = new Map<string, number>();
    for (const s of seen) {
      assert.ok((last.get(s.key) ?? -1) < s.seq, `key ${s.key}: ${s.seq} after ${last.get(s.key)}`);
      last.set(s.key, s.seq);
    }
  };

  it('delivers each event once and in key order while two relays drain at the same time', async () => {
    await enqueue(0, 200);
    const seen: { holder: string; key: string; seq: number }[] = [];
    const a = relay(t.db, 'A', seen);
    const b = relay(other, 'B', seen);
    // both loop until the outbox is empty, as their timers would
    const loop = async (bus: EventBus) => {
      for (let i = 0; i < 200 && (await pending()) > 0; i++) await bus.drain();
    };
    await Promise.all([loop(a), loop(b)]);
    assertOnceInKeyOrder(seen, 200);
    assert.equal(new Set(seen.map((s) => s.holder)).size, 1, 'one relay held the lease');

    // the holder stops: the other takes over at once
    const holder = seen[0]!.holder;
    await (holder === 'A' ? a : b).stop();
    await enqueue(200, 30);
    const next = holder === 'A' ? b : a;
    assert.equal(await next.drain(), 30);
    assertOnceInKeyOrder(seen, 230);
    await next.stop();
  });

  it('lets another relay take over once a dead holder\'s lease lapses', async () => {
    const seen: { holder: string; key: string; seq: number }[] = [];
    const dead = relay(t.db, 'C', seen, 300);
    await dead.drain(); // takes the lease and never renews it (a crashed process)
    await enqueue(1000, 10);
    const live = relay(other, 'D', seen, 300);
    assert.equal(await live.drain(), 0, 'the lease is still held');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await live.drain(), 10);
    assert.deepEqual(new Set(seen.map((s) => s.holder)), new Set(['D']));
    await live.stop();
  });
});
