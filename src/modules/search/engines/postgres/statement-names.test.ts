import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SHAPES, statementName } from './statement-names.js';

describe('search statement names', () => {
  it('gives one name per SQL text, the same name again for the same text, and none once the registry is full', () => {
    const first = statementName('select 1 -- shape a');
    assert.ok(first);
    assert.equal(statementName('select 1 -- shape a'), first);
    const second = statementName('select 1 -- shape b');
    assert.ok(second);
    assert.notEqual(second, first);
    const names = new Set([first, second]);
    for (let i = names.size; i < MAX_SHAPES; i++) names.add(statementName(`select ${i} -- filler`)!);
    assert.equal(names.size, MAX_SHAPES, 'every text up to the bound got a name of its own');
    assert.equal(statementName('select 1 -- one shape too many'), null);
    assert.equal(statementName('select 1 -- shape a'), first, 'known shapes keep their names');
  });
});
