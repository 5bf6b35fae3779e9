// The bulk body encoder: byte for byte what encoding the joined lines gives, for any text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ndjson } from './transport.js';

describe('ndjson bulk body', () => {
  it('equals the UTF-8 of the lines joined by newlines, one after the last', () => {
    const cases: string[][] = [
      [],
      [''],
      ['{"index":{"_id":"1"}}', '{"name":"Чайник Зелёный Ёжик"}'],
      // astral characters (a surrogate pair: 2 units, 4 bytes), lone surrogates (replaced, 3 bytes),
      // three-byte characters (the worst case of the 3-bytes-per-unit bound)
      ['{"q":"😀 emoji"}', '{"bad":"\ud800 lone"}', '€'.repeat(5000), '\u0000\u007f\u0080\u07ff\u0800\uffff'],
    ];
    for (const lines of cases) {
      const expected = lines.length ? Buffer.from(lines.join('\n') + '\n') : Buffer.alloc(0);
      assert.deepEqual(ndjson(lines), expected);
    }
  });
});
