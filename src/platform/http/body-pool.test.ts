import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBodyPool } from './body-pool.js';

describe('response body pool', () => {
  const pool = createBodyPool({ maxBytes: 64 * 1024 });
  // requests park here until the test ends them, so two can be in flight at once
  const parked: { res: ServerResponse; body: Buffer }[] = [];
  let server: http.Server;
  let base = '';
  // responses finished on the server's side (a client may have read the body a moment before)
  let finished = 0;
  before(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const size = Number(url.searchParams.get('size'));
      const body = pool.take(size, res).fill(url.searchParams.get('fill')!);
      res.once('finish', () => finished++);
      if (url.searchParams.has('park')) parked.push({ res, body });
      else res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (query: string) => {
    const done = finished + 1;
    const text = await (await fetch(`${base}/?${query}`)).text();
    while (finished < done) await new Promise((r) => setTimeout(r, 1));
    return text;
  };

  it('hands a finished response\'s buffer to the next one, with exactly the bytes asked for', async () => {
    const before = pool.allocated;
    for (const fill of 'abcdefghij') assert.equal(await get(`size=10000&fill=${fill}`), fill.repeat(10000));
    assert.equal(await get('size=9000&fill=z'), 'z'.repeat(9000), 'a smaller body of the same class is cut to its size');
    assert.equal(pool.allocated - before, 1, 'eleven responses one after another share one buffer');
  });

  it('never gives a body to a second response while the first is still being sent', async () => {
    const before = pool.allocated;
    const first = fetch(`${base}/?size=9000&fill=p&park=1`).then((r) => r.text());
    const second = fetch(`${base}/?size=9000&fill=q&park=1`).then((r) => r.text());
    while (parked.length < 2) await new Promise((r) => setTimeout(r, 5));
    assert.notEqual(parked[0]!.body.buffer, parked[1]!.body.buffer);
    assert.equal(pool.allocated - before, 1, 'the idle buffer serves one, a new one the other');
    for (const { res, body } of parked.splice(0)) res.end(body);
    assert.deepEqual(await Promise.all([first, second]), ['p'.repeat(9000), 'q'.repeat(9000)]);
  });

  it('does not take back the body of a response whose client went away before it finished', async () => {
    const controller = new AbortController();
    const aborted = fetch(`${base}/?size=20000&fill=x&park=1`, { signal: controller.signal }).catch(() => 'aborted');
    while (parked.length < 1) await new Promise((r) => setTimeout(r, 5));
    const { res, body } = parked.splice(0)[0]!;
    const closed = new Promise((resolve) => res.once('close', resolve));
    controller.abort();
    assert.equal(await aborted, 'aborted');
    await closed;
    const before = pool.allocated;
    assert.equal(await get('size=20000&fill=y'), 'y'.repeat(20000));
    assert.equal(pool.allocated - before, 1, 'the unfinished response kept its buffer');
    assert.equal(body[0], 'x'.charCodeAt(0), 'and nobody wrote into it');
  });

  it('allocates bodies above its largest class without pooling them', async () => {
    const before = pool.allocated;
    assert.equal(await get('size=100000&fill=w'), 'w'.repeat(100000));
    assert.equal(await get('size=100000&fill=v'), 'v'.repeat(100000));
    assert.equal(pool.allocated, before);
  });
});
