// Drift check: the committed Kafka contracts equal what the TypeBox schemas render today, and the
// §19 examples of the design document validate against them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CONTRACTS_DIR, renderContracts } from './contracts.js';

const dir = path.resolve(import.meta.dirname, '../../..', CONTRACTS_DIR);

describe('Kafka contracts', () => {
  it('match the TypeBox schemas (run npm run docs:contracts after changing a message)', () => {
    const want = renderContracts();
    const have = readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
    assert.deepEqual(have, Object.keys(want).sort());
    for (const [name, text] of Object.entries(want)) assert.equal(readFileSync(path.join(dir, name), 'utf8'), text, name);
  });

  it('accept the design document examples exactly as shown', () => {
    const ajv = new Ajv.default({ strict: false });
    addFormats.default(ajv);
    const load = (n: string) => ajv.compile(JSON.parse(readFileSync(path.join(dir, n), 'utf8')));
    const product = load('product.updated.v1.schema.json');
    assert.ok(product({
      id: '1001', sku: 'IP15P-256GB-BLUE', name: 'iPhone 15 Pro', price: 98000, stock: { msk: 100, spb: 50 },
      attributes: { color: 'Синий', memory: '256 ГБ' },
    }), JSON.stringify(product.errors));
    const stock = load('stock.changed.v1.schema.json');
    assert.ok(stock({ sku: 'A', warehouse: 'msk', quantity: 3 }));
    assert.ok(stock({ sku: 'A', stock: { msk: 3, spb: 0 } }));
    assert.ok(!stock({ sku: 'A', warehouse: 'msk', quantity: -1 }));
    const order = load('order.created.v1.schema.json');
    assert.ok(!order({ order_id: 'ORD-2024-12345', user_id: 'USR-789', items: [{ product_id: '1001', quantity: 1 }], total: 102000, status: 'created' }),
      'the §19 order.created is a subset: Vitrina sends more fields, all required');
  });
});
