import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Namespace } from '../../platform/cache/index.js';
import { databaseKinds } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import type { EffectiveMatrix } from './index.js';
import { insertCategory, insertChain, type TestCategory } from './test-helpers.js';

const ADMIN = '/api/admin';

/** code → [required, filterable, position, source category] */
const summary = (m: EffectiveMatrix) =>
  Object.fromEntries(m.entries.map((e) => [e.attribute.code, [e.required, e.filterable, e.position, e.source_category_id]]));
const codes = (m: EffectiveMatrix) => m.entries.map((e) => e.attribute.code);

for (const { kind, skip } of await databaseKinds()) {
  describe(`attribute matrices on ${kind}`, { skip }, () => {
    let t: TestApp;
    let L: TestCategory[]; // L[0] root … L[3] leaf
    let sibling: TestCategory; // under L[1], next to L[2]
    let other: TestCategory; // an unrelated root

    const put = async (c: TestCategory, entries: unknown[]) => {
      const r = await t.admin('PUT', `${ADMIN}/categories/${c.id}/matrix`, entries);
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const effective = async (c: TestCategory): Promise<EffectiveMatrix> => {
      const r = await t.admin('GET', `${ADMIN}/categories/${c.id}/effective-matrix`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };

    before(async () => {
      t = await createTestApp(kind);
      const attrs = [
        { code: 'memory', name: 'Память', type: 'number', unit: 'ГБ', filterable: true, position: 10 },
        { code: 'color', name: 'Цвет', type: 'enum', options: [{ code: 'black', value: 'Чёрный' }], position: 20 },
        { code: 'nfc', name: 'NFC', type: 'boolean', filterable: true, position: 30 },
        { code: 'weight', name: 'Вес', type: 'number', unit: 'г', position: 40 },
        { code: 'screen', name: 'Диагональ', type: 'number', unit: 'дюйм', position: 5 },
      ];
      for (const a of attrs) assert.equal((await t.admin('POST', `${ADMIN}/attributes`, a)).statusCode, 201);
      L = await insertChain(t.deps.db, 4);
      sibling = await insertCategory(t.deps.db, L[1]!);
      other = await insertCategory(t.deps.db, null, 'Телевизоры');
      await put(L[0]!, [{ attribute: 'memory', required: true, position: 1 }, { attribute: 'color', position: 2 }, { attribute: 'nfc', position: 3 }]);
      await put(L[1]!, [{ attribute: 'memory', required: false }, { attribute: 'weight', position: 0, filterable: true }, { attribute: 'nfc', filterable: false }]);
      await put(L[2]!, [{ attribute: 'color', hidden: true }]);
      await put(L[3]!, [{ attribute: 'color', hidden: false, required: true }]);
      await put(other, [{ attribute: 'screen', required: true, position: 0 }, { attribute: 'memory', required: true, position: 7 }, { attribute: 'nfc', filterable: true }]);
    });
    after(async () => {
      await t?.close();
    });

    it('inherits the matrix down four levels, overriding, hiding and re-adding entries', async () => {
      const [l1, l2, l3, l4] = L.map((c) => c.id) as [number, number, number, number];
      assert.deepEqual(summary(await effective(L[0]!)), {
        memory: [true, true, 1, l1],
        color: [false, false, 2, l1],
        nfc: [false, true, 3, l1],
      });
      const m2 = await effective(L[1]!);
      assert.deepEqual(codes(m2), ['weight', 'memory', 'color', 'nfc']);
      assert.deepEqual(summary(m2), {
        weight: [false, true, 0, l2],
        memory: [false, true, 1, l1],
        color: [false, false, 2, l1],
        nfc: [false, false, 3, l1],
      });
      assert.deepEqual(codes(await effective(L[2]!)), ['weight', 'memory', 'nfc']);
      assert.deepEqual(summary(await effective(L[3]!)), {
        weight: [false, true, 0, l2],
        memory: [false, true, 1, l1],
        color: [true, false, 2, l4],
        nfc: [false, false, 3, l1],
      });
      assert.ok(codes(await effective(sibling)).includes('color'), 'hiding at level 3 does not touch a sibling subtree');
      void l3;
    });

    it('carries the full definition with options in each entry', async () => {
      const color = (await effective(L[3]!)).entries.find((e) => e.attribute.code === 'color')!;
      assert.equal(color.attribute.type, 'enum');
      assert.deepEqual(color.attribute.options.map((o) => o.code), ['black']);
    });

    it('lets one attribute serve unrelated categories with their own settings', async () => {
      const tv = summary(await effective(other));
      assert.deepEqual(tv.memory, [true, true, 7, other.id]);
      assert.deepEqual(summary(await effective(L[0]!)).memory, [true, true, 1, L[0]!.id]);
      await t.admin('PATCH', `${ADMIN}/attributes/memory`, { name: 'Объём памяти' });
      for (const c of [other, L[3]!]) {
        assert.equal((await effective(c)).entries.find((e) => e.attribute.code === 'memory')!.attribute.name, 'Объём памяти');
      }
    });

    it("merges a product's categories: primary settings win, secondary-only attributes are optional and last", async () => {
      const r = await t.admin('POST', `${ADMIN}/effective-matrix`, { primary_category_id: L[3]!.id, category_ids: [other.id, L[3]!.id] });
      assert.equal(r.statusCode, 200, r.body);
      const m: EffectiveMatrix = r.json();
      assert.equal(m.category_id, L[3]!.id);
      assert.deepEqual(codes(m), ['weight', 'memory', 'color', 'nfc', 'screen']);
      const s = summary(m);
      assert.deepEqual(s.memory, [false, true, 1, L[0]!.id], 'required in the secondary, not in the primary: primary wins');
      assert.deepEqual(s.nfc, [false, true, 3, L[0]!.id], 'filterable in any category is filterable');
      assert.deepEqual(s.screen, [false, false, 4, other.id], 'secondary-only: never required, placed after the primary ones');
      assert.deepEqual(await t.services.attributes.productMatrix(L[3]!.id, [other.id]), m, 'independent of how the ids are listed');

      const validate = await t.services.attributes.validatorFor(L[3]!.id, [other.id]);
      assert.deepEqual(validate({ color: 'black', screen: '55 дюйм' }), { values: { color: 'black', screen: 55 }, problems: [] });
      assert.deepEqual(validate({ screen: 55 }).problems.map((p: { field: string }) => p.field), ['attributes.color']);
    });

    it('answers 404 for unknown categories and attributes, naming the field', async () => {
      const nf = await t.admin('GET', `${ADMIN}/categories/999999/effective-matrix`);
      assert.equal(nf.statusCode, 404);
      assert.equal(nf.json().code, 'CATALOG_CATEGORY_NOT_FOUND');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/categories/999999/effective-matrix' })).statusCode, 404);
      assert.equal((await t.admin('PUT', `${ADMIN}/categories/999999/matrix`, [])).json().code, 'CATALOG_CATEGORY_NOT_FOUND');
      const sec = await t.admin('POST', `${ADMIN}/effective-matrix`, { primary_category_id: L[0]!.id, category_ids: [999999] });
      assert.deepEqual([sec.statusCode, sec.json().code, sec.json().field], [404, 'CATALOG_CATEGORY_NOT_FOUND', 'category_ids']);
      const attr = await t.admin('PUT', `${ADMIN}/categories/${L[0]!.id}/matrix`, [{ attribute: 'memory' }, { attribute: 'nope' }]);
      assert.deepEqual([attr.statusCode, attr.json().code, attr.json().field], [404, 'CATALOG_ATTRIBUTE_NOT_FOUND', 'entries[1].attribute']);
      const twice = await t.admin('PUT', `${ADMIN}/categories/${L[0]!.id}/matrix`, [{ attribute: 'memory' }, { attribute: 'memory' }]);
      assert.deepEqual([twice.statusCode, twice.json().field], [400, 'entries[1].attribute']);
      assert.equal((await effective(L[0]!)).entries.length, 3, 'a refused replacement leaves the matrix as it was');
    });

    it("shows a category's own entries with NULL meaning inherit, by code or id", async () => {
      const own = (await t.admin('GET', `${ADMIN}/categories/${L[1]!.id}/matrix`)).json();
      assert.deepEqual(own.entries.find((e: { attribute_code: string }) => e.attribute_code === 'memory'), {
        attribute_id: own.entries.find((e: { attribute_code: string }) => e.attribute_code === 'memory').attribute_id,
        attribute_code: 'memory',
        required: false,
        filterable: null,
        position: null,
        hidden: false,
      });
      const weightId = (await t.services.attributes.getByCode('weight')).id;
      const byId = await t.admin('PATCH', `${ADMIN}/categories/${other.id}/matrix/${weightId}`, { position: 9 });
      assert.equal(byId.statusCode, 200, byId.body);
      assert.deepEqual(byId.json(), { attribute_id: weightId, attribute_code: 'weight', required: null, filterable: null, position: 9, hidden: false });
      await t.admin('DELETE', `${ADMIN}/categories/${other.id}/matrix/weight`);
      const gone = await t.admin('DELETE', `${ADMIN}/categories/${other.id}/matrix/weight`);
      assert.deepEqual([gone.statusCode, gone.json().code], [404, 'CATALOG_ATTRIBUTE_NOT_FOUND']);
    });

    it('serves the storefront only the filterable attributes, without a token', async () => {
      const r = await t.app.inject({ method: 'GET', url: `/api/categories/${L[3]!.id}/effective-matrix` });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(codes(r.json()), ['weight', 'memory']);
    });

    it('reflects every change immediately: entries, definitions, options and outside invalidation', async () => {
      const leaf = L[3]!;
      const svc = t.services.attributes;
      const before = await svc.validatorFor(leaf.id, []);
      assert.equal(before({ color: 'black' }).problems.length, 0);
      assert.equal(await svc.validatorFor(leaf.id, []), before, 'the compiled validator is reused while nothing changes');

      // an entry added at level 2 reaches the leaf
      const up = await t.admin('PATCH', `${ADMIN}/categories/${L[1]!.id}/matrix/memory`, { required: true });
      assert.equal(up.statusCode, 200, up.body);
      assert.equal(summary(await effective(leaf)).memory![0], true);
      assert.deepEqual((await svc.validatorFor(leaf.id, []))({ color: 'black' }).problems.map((p: { field: string }) => p.field), ['attributes.memory']);
      // back to inheriting from level 1 … which also says required
      await t.admin('PATCH', `${ADMIN}/categories/${L[1]!.id}/matrix/memory`, { required: null });
      assert.equal(summary(await effective(leaf)).memory![0], true);
      assert.equal((await t.admin('DELETE', `${ADMIN}/categories/${L[0]!.id}/matrix/nfc`)).statusCode, 204);
      assert.ok(codes(await effective(leaf)).includes('nfc'), 'level 2 still lists nfc');
      await t.admin('DELETE', `${ADMIN}/categories/${L[1]!.id}/matrix/nfc`);
      assert.ok(!codes(await effective(leaf)).includes('nfc'));

      // a new option is accepted by the validator at once
      assert.equal((await svc.validatorFor(leaf.id, []))({ memory: 1, color: 'Белый' }).problems.length, 1);
      await t.admin('POST', `${ADMIN}/attributes/color/options`, { code: 'white', value: 'Белый' });
      assert.deepEqual((await svc.validatorFor(leaf.id, []))({ memory: 1, color: 'Белый' }), { values: { memory: 1, color: 'white' }, problems: [] });

      // a change written elsewhere (the categories module moving a subtree) invalidates the namespace
      await sql`update category_attributes set hidden = true where category_id = ${leaf.id}`.execute(t.deps.db.kysely);
      assert.ok(codes(await effective(leaf)).includes('color'), 'still cached');
      await new Namespace(t.deps.cache, 'matrix').invalidate();
      assert.ok(!codes(await effective(leaf)).includes('color'));
      assert.equal((await svc.validatorFor(leaf.id, []))({ memory: 1, color: 'white' }).problems[0]?.code, 'CATALOG_ATTRIBUTE_NOT_IN_MATRIX');
    });
  });
}
