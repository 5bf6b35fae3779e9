import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readLines } from './lines.js';
import { isRowError, parseLine } from './rows.js';

async function collect(chunks: (string | Buffer)[], max?: number) {
  const out = [];
  for await (const l of readLines((async function* () { yield* chunks; })(), max)) out.push({ no: l.no, text: l.text, tooLong: !!l.tooLong });
  return out;
}

describe('NDJSON lines', () => {
  it('numbers lines across chunk boundaries, splits multi-byte characters safely and drops CR and BOM', async () => {
    const bytes = Buffer.from('\uFEFF{"a":"Смартфон"}\r\n\n{"b":2}');
    const lines = await collect([bytes.subarray(0, 9), bytes.subarray(9, 14), bytes.subarray(14)]);
    assert.deepEqual(lines, [
      { no: 1, text: '{"a":"Смартфон"}', tooLong: false },
      { no: 2, text: '', tooLong: false },
      { no: 3, text: '{"b":2}', tooLong: false },
    ]);
  });

  it('reports an over-long line without buffering it and goes on with the next', async () => {
    const lines = await collect(['x'.repeat(50), 'y'.repeat(50), '\n{"ok":1}\n'], 64);
    assert.deepEqual(lines, [
      { no: 1, text: '', tooLong: true },
      { no: 2, text: '{"ok":1}', tooLong: false },
    ]);
  });
});

describe('an import line', () => {
  it('accepts ids and paths for categories and fills the defaults', () => {
    const r = parseLine(JSON.stringify({ sku: 'A-1', name: ' Товар  один ', categories: [12, '/elektronika/smartfony/'] }), 4);
    assert.ok(!isRowError(r));
    assert.deepEqual(r.categories, [12, 'elektronika/smartfony']);
    assert.equal(r.name, 'Товар один');
    assert.equal(r.status, null);
    assert.equal(r.offers, null, 'offers are left alone unless listed');
    assert.deepEqual(r.attributes, {});
  });

  it('names the field of the first problem', () => {
    const cases: [object, string, string][] = [
      [{ sku: 'A', name: 'B' }, 'IMPORT_LINE_INVALID', 'categories'],
      [{ sku: 'A', name: 'B', categories: [1], colour: 'red' }, 'IMPORT_LINE_INVALID', 'colour'],
      [{ sku: 'A', name: 'B', categories: [1], status: 'sold' }, 'CATALOG_PRODUCT_INVALID', 'status'],
      [{ sku: 'A', name: 'B', categories: [1], images: [{ url: 'ftp://x' }] }, 'CATALOG_PRODUCT_INVALID', 'images[0].url'],
      [{ sku: 'A', name: 'B', categories: [1], offers: [{ source: 'own', price: 1.5 }] }, 'OFFER_INVALID', 'offers[0].price'],
      [{ sku: 'A', name: 'B', categories: [1], offers: [{ source: 'own', price: 1, currency: 'XYZ' }] }, 'OFFER_INVALID', 'offers[0].currency'],
      [{ sku: 'A', name: 'B', categories: [1], offers: [{ source: 'own', price: 1, stock: { MSK: 1 } }] }, 'OFFER_INVALID', 'offers[0].stock.MSK'],
      [{ sku: 'A', name: 'B', categories: [1], offers: [{ source: 'own', price: 1 }, { source: 'own', price: 2 }] }, 'OFFER_INVALID', 'offers[1].source_ref'],
    ];
    for (const [raw, code, field] of cases) {
      const r = parseLine(JSON.stringify(raw), 1);
      assert.ok(isRowError(r), JSON.stringify(raw));
      assert.equal(r.code, code, JSON.stringify(raw));
      assert.equal(r.field, field, JSON.stringify(raw));
      assert.equal(r.sku, 'A');
    }
  });
});
