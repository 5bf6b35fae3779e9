import assert from 'node:assert/strict';
import { test } from 'node:test';
import { levelledOff, warmUntilSteady } from '../bench/steady.js';

test('levelledOff compares the last block of windows with the block before it', () => {
  assert.equal(levelledOff([100, 200, 300, 400, 500], 3, 0.05), false, 'needs two whole blocks');
  assert.equal(levelledOff([100, 150, 200, 300, 350, 400], 3, 0.05), false, 'still rising by 2x');
  assert.equal(levelledOff([400, 410, 405, 412, 408, 415], 3, 0.05), true, 'within 5 %');
  assert.equal(levelledOff([400, 410, 405, 440, 445, 450], 3, 0.05), false, 'rising by ~9 %');
  assert.equal(levelledOff([500, 500, 500, 300, 300, 300], 3, 0.05), true, 'slower is not rising');
});

test('warmUntilSteady keeps going while rounds get faster, then stops', async () => {
  // each round is one request that takes less time for the first 1.5 s (a JIT at work), then stays
  const start = performance.now();
  const round = async () => {
    const elapsed = performance.now() - start;
    await new Promise((r) => setTimeout(r, elapsed < 1500 ? 20 - elapsed / 100 : 4));
    return 1;
  };
  const report = await warmUntilSteady(round, { minSeconds: 0, maxSeconds: 10, windowSeconds: 0.1 });
  const took = performance.now() - start;
  assert.ok(report.steady, JSON.stringify(report));
  assert.ok(took >= 1500, `stopped at ${Math.round(took)} ms, while rounds were still getting faster`);
  assert.ok(took < 6000, `ran ${Math.round(took)} ms after throughput had levelled off`);
  assert.ok(report.windows_per_s.at(-1)! > report.windows_per_s[0]! * 2, JSON.stringify(report.windows_per_s));
});

test('warmUntilSteady stops at maxSeconds when throughput keeps rising, and not before minSeconds', async () => {
  const start = performance.now();
  const rising = async () => {
    await new Promise((r) => setTimeout(r, Math.max(1, 30 - (performance.now() - start) / 20)));
    return 1;
  };
  const capped = await warmUntilSteady(rising, { minSeconds: 0, maxSeconds: 0.4, windowSeconds: 0.05 });
  assert.equal(capped.steady, false);
  assert.ok(capped.seconds <= 1);

  const flat = async () => {
    await new Promise((r) => setTimeout(r, 5));
    return 1;
  };
  const t = performance.now();
  const min = await warmUntilSteady(flat, { minSeconds: 0.5, maxSeconds: 10, windowSeconds: 0.05 });
  assert.ok(min.steady);
  assert.ok(performance.now() - t >= 500, 'ended before minSeconds');

  assert.deepEqual(await warmUntilSteady(flat, { minSeconds: 0, maxSeconds: 0 }), { seconds: 0, steady: false, windows_per_s: [] });
});

test('warmUntilSteady waits for the background work (a JIT) to go quiet, even with throughput flat', async () => {
  const start = performance.now();
  // flat throughput from the start; "compiler" CPU at 0.5 cores for the first 0.8 s, then none
  const flat = async () => {
    await new Promise((r) => setTimeout(r, 5));
    return 1;
  };
  const compiled = () => Math.min(performance.now() - start, 800) / 1000 / 2;
  const report = await warmUntilSteady(flat, { minSeconds: 0, maxSeconds: 10, windowSeconds: 0.1, background: compiled });
  assert.ok(report.steady);
  assert.ok(performance.now() - start >= 800 + 300, `stopped at ${Math.round(performance.now() - start)} ms, while the background was busy`);
  assert.ok(report.background_cores!.length === report.windows_per_s.length);
  assert.ok(report.background_cores![0]! > 0.4 && report.background_cores!.at(-1) === 0, JSON.stringify(report.background_cores));

  // an unreadable background (null) does not hold the warm-up
  const unreadable = await warmUntilSteady(flat, { minSeconds: 0, maxSeconds: 10, windowSeconds: 0.05, background: () => null });
  assert.ok(unreadable.steady);
  assert.equal(unreadable.background_cores, undefined);
});
