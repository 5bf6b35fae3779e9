// Source versions are compared without BigInt on the apply path; the comparison must agree with BigInt
// for every integer parse() accepts (sign, leading zeros, "-0", beyond 2^53).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions } from './envelope.js';

describe('compareVersions', () => {
  const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
  const bigSign = (a: string, b: string) => { const d = BigInt(a) - BigInt(b); return d < 0n ? -1 : d > 0n ? 1 : 0; };

  it('orders like BigInt on hand-picked edges', () => {
    const values = ['0', '-0', '00', '7', '007', '-7', '-007', '10', '9', '-10', '-9', '9007199254740993', '9007199254740992',
      '999999999999999999', '-999999999999999999', '100000000000000000', '099999999999999999'];
    for (const a of values) for (const b of values) assert.equal(sign(compareVersions(a, b)), bigSign(a, b), `${a} vs ${b}`);
  });

  it('orders like BigInt on random 1–18 digit integers', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const gen = () => {
      const len = 1 + Math.floor(rnd() * 18);
      let s = '';
      for (let i = 0; i < len; i++) s += String(Math.floor(rnd() * 10));
      return (rnd() < 0.3 ? '-' : '') + s;
    };
    for (let i = 0; i < 5000; i++) {
      const a = gen();
      const b = rnd() < 0.2 ? a : gen();
      assert.equal(sign(compareVersions(a, b)), bigSign(a, b), `${a} vs ${b}`);
    }
  });
});
