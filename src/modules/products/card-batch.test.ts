import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBatcher } from './card-batch.js';

/** A batch load over a fixed table that records every call's keys. */
function table(rows: Record<string, number>, fail?: (keys: string[]) => boolean) {
  const calls: string[][] = [];
  const load = async (keys: string[]) => {
    calls.push(keys);
    if (fail?.(keys)) throw new Error(`load failed for ${keys.join(',')}`);
    return new Map(keys.filter((k) => k in rows).map((k) => [k, rows[k]!]));
  };
  return { calls, load };
}

describe('card batcher', () => {
  it('loads the keys asked for in one turn with one call, each key once', async () => {
    const t = table({ a: 1, b: 2, c: 3 });
    const b = createBatcher(t.load);
    const got = await Promise.all([b.load('a'), b.load('b'), b.load('a'), b.load('c')]);
    assert.deepEqual(got, [1, 2, 1, 3]);
    assert.deepEqual(t.calls, [['a', 'b', 'c']]);
  });

  it('answers undefined for a key the load did not find, and the others still get theirs', async () => {
    const t = table({ a: 1 });
    const b = createBatcher(t.load);
    assert.deepEqual(await Promise.all([b.load('a'), b.load('gone')]), [1, undefined]);
  });

  it('starts a new batch for keys asked for after the previous one left', async () => {
    const t = table({ a: 1, b: 2 });
    const b = createBatcher(t.load);
    assert.equal(await b.load('a'), 1);
    assert.equal(await b.load('b'), 2);
    assert.deepEqual(t.calls, [['a'], ['b']]);
  });

  it('splits a large turn into calls of at most maxBatch keys', async () => {
    const rows = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const t = table(rows);
    const b = createBatcher(t.load, 4);
    const got = await Promise.all(Object.keys(rows).map((k) => b.load(k)));
    assert.deepEqual(got, Object.values(rows));
    assert.deepEqual(t.calls.map((c) => c.length), [4, 4, 2]);
  });

  it('rejects the waiters of a failed call only', async () => {
    const t = table({ a: 1, b: 2, c: 3 }, (keys) => keys.includes('c'));
    const b = createBatcher(t.load, 2);
    const [a, bb, c] = await Promise.allSettled([b.load('a'), b.load('b'), b.load('c')]);
    assert.deepEqual([a.status, bb.status, c.status], ['fulfilled', 'fulfilled', 'rejected']);
    assert.match(String((c as PromiseRejectedResult).reason), /load failed for c/);
  });

  it('holds keys asked for while maxInFlight statements are out, then sends them together', async () => {
    const t = table({ a: 1, b: 2, c: 3, d: 4 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const gated = async (keys: string[]) => {
      if (t.calls.length === 0) await gate;
      return t.load(keys);
    };
    const b = createBatcher(gated, 64, 1);
    const first = b.load('a');
    await new Promise((r) => setImmediate(r));
    // the first statement is out: these wait for it, across turns
    const later = [b.load('b')];
    await new Promise((r) => setImmediate(r));
    later.push(b.load('c'), b.load('d'));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(t.calls, []);
    release();
    assert.deepEqual(await Promise.all([first, ...later]), [1, 2, 3, 4]);
    assert.deepEqual(t.calls, [['a'], ['b', 'c', 'd']]);
  });

  it('keeps sending held keys after a failed statement', async () => {
    const t = table({ a: 1, b: 2 }, (keys) => keys.includes('a'));
    const b = createBatcher(t.load, 64, 1);
    const [a, bb] = await Promise.allSettled([b.load('a'), new Promise((r) => setImmediate(r)).then(() => b.load('b'))]);
    assert.equal(a.status, 'rejected');
    assert.deepEqual(bb, { status: 'fulfilled', value: 2 });
  });
});
