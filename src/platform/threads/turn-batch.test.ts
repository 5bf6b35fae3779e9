import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { turnBatch } from './turn-batch.js';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('turnBatch', () => {
  it('flushes the items of one turn together, in order, and starts afresh in the next', async () => {
    const flushed: number[][] = [];
    const b = turnBatch<number>((xs) => flushed.push(xs));
    b.push(1);
    b.push(2);
    b.push(3);
    assert.deepEqual(flushed, [], 'nothing leaves before the turn ends');
    await nextTurn();
    assert.deepEqual(flushed, [[1, 2, 3]]);
    b.push(4);
    await nextTurn();
    assert.deepEqual(flushed, [[1, 2, 3], [4]]);
    await nextTurn();
    assert.equal(flushed.length, 2, 'an empty turn flushes nothing');
  });
});
