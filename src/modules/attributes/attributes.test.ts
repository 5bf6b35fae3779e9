import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import type { Attribute } from './index.js';
import { insertCategory, insertProduct } from './test-helpers.js';

const BASE = '/api/admin/attributes';

const definitions: Record<string, Record<string, unknown>> = {
  model: { name: 'Модель', name_en: 'Model', type: 'text', pattern: '^[A-Z][A-Za-z0-9-]+$', searchable: true },
  memory: { name: 'Встроенная память', name_en: 'Storage', type: 'number', unit: 'ГБ', min_value: 1, max_value: 4096, filterable: true, variant_axis: true },
  nfc: { name: 'NFC', type: 'boolean', filterable: true },
  color: {
    name: 'Цвет',
    name_en: 'Colour',
    type: 'enum',
    variant_axis: true,
    options: [
      { code: 'black', value: 'Чёрный', value_en: 'Black' },
      { code: 'white', value: 'Белый', value_en: 'White' },
    ],
  },
  bands: {
    name: 'Диапазоны',
    type: 'multi_enum',
    options: [
      { code: 'lte', value: 'LTE' },
      { code: '5g', value: '5G' },
    ],
  },
  temperature: { name: 'Рабочая температура', type: 'range', unit: '°C', min_value: -60, max_value: 100 },
};

for (const { kind, skip } of await databaseKinds()) {
  describe(`attribute definitions on ${kind}`, { skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(kind);
      for (const [code, def] of Object.entries(definitions)) {
        const r = await t.admin('POST', BASE, { code, ...def });
        assert.equal(r.statusCode, 201, r.body);
      }
    });
    after(async () => {
      await t?.close();
    });

    const create = (body: Record<string, unknown>) => t.admin('POST', BASE, body);
    const expectError = async (res: Promise<{ statusCode: number; json(): any; body: string }>, status: number, code: string, field?: string) => {
      const r = await res;
      assert.equal(r.statusCode, status, r.body);
      assert.equal(r.json().code, code, r.body);
      if (field !== undefined) assert.equal(r.json().field, field, r.body);
      return r.json();
    };

    it('stores a definition of every type with its validation rules, flags and options', async () => {
      const memory: Attribute = (await t.admin('GET', `${BASE}/memory`)).json();
      assert.deepEqual(
        { type: memory.type, unit: memory.unit, min: memory.min_value, max: memory.max_value, f: memory.filterable, axis: memory.variant_axis },
        { type: 'number', unit: 'ГБ', min: 1, max: 4096, f: true, axis: true },
      );
      const color: Attribute = (await t.admin('GET', `${BASE}/color`)).json();
      assert.deepEqual(color.options, [
        { code: 'black', value: 'Чёрный', value_en: 'Black', position: 0 },
        { code: 'white', value: 'Белый', value_en: 'White', position: 1 },
      ]);
      assert.equal((await t.admin('GET', `${BASE}/${color.id}`)).json().code, 'color');
      assert.equal((await t.admin('GET', `${BASE}/model`)).json().pattern, '^[A-Z][A-Za-z0-9-]+$');
      assert.equal((await t.admin('GET', `${BASE}/temperature`)).json().type, 'range');
      assert.deepEqual((await t.services.attributes.getByCode('bands')).options.map((o: { code: string }) => o.code), ['lte', '5g']);
    });

    it('lists attributes paginated, filtered by type, group and text', async () => {
      const all = (await t.admin('GET', `${BASE}?limit=2`)).json();
      assert.equal(all.total, Object.keys(definitions).length);
      assert.equal(all.items.length, 2);
      const enums = (await t.admin('GET', `${BASE}?type=enum`)).json();
      assert.deepEqual(enums.items.map((a: Attribute) => a.code), ['color']);
      const q = (await t.admin('GET', `${BASE}?q=${encodeURIComponent('памят')}`)).json();
      assert.deepEqual(q.items.map((a: Attribute) => a.code), ['memory']);
      const g = (await t.admin('POST', '/api/admin/attribute-groups', { code: 'display', name: 'Экран' })).json();
      await t.admin('PATCH', `${BASE}/model`, { group_id: g.id });
      assert.deepEqual((await t.admin('GET', `${BASE}?group=display`)).json().items.map((a: Attribute) => a.code), ['model']);
      assert.equal((await t.admin('GET', `${BASE}?group=${g.id}`)).json().total, 1);
    });

    it('refuses inconsistent definitions with 422 naming the field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ type: 'text', options: [{ code: 'a', value: 'А' }] }, 'options'],
        [{ type: 'enum' }, 'options'],
        [{ type: 'multi_enum', options: [] }, 'options'],
        [{ type: 'number', min_value: 10, max_value: 1 }, 'min_value'],
        [{ type: 'text', pattern: '([a-z' }, 'pattern'],
        [{ type: 'number', pattern: '^\\d+$' }, 'pattern'],
        [{ type: 'text', unit: 'мм' }, 'unit'],
        [{ type: 'boolean', max_value: 1 }, 'max_value'],
        [{ type: 'text', variant_axis: true }, 'variant_axis'],
        [{ type: 'range', variant_axis: true }, 'variant_axis'],
        [{ type: 'enum', options: [{ code: 'a', value: 'А' }, { code: 'a', value: 'Б' }] }, 'options[1].code'],
        [{ type: 'enum', options: [{ code: 'a', value: 'Один' }, { code: 'b', value: 'один' }] }, 'options[1].value'],
      ];
      for (const [def, field] of cases) {
        await expectError(create({ code: 'bad_def', name: 'Плохо', ...def }), 422, 'CATALOG_ATTRIBUTE_DEFINITION_INVALID', field);
      }
      await expectError(create({ code: 'Bad-Code', name: 'Плохо', type: 'text' }), 422, 'CATALOG_ATTRIBUTE_DEFINITION_INVALID', 'code');
      assert.equal((await t.admin('GET', `${BASE}/bad_def`)).statusCode, 404);
    });

    it('refuses a duplicate code with 409 and an unknown group with 404', async () => {
      await expectError(create({ code: 'memory', name: 'Ещё раз', type: 'number' }), 409, 'CATALOG_ATTRIBUTE_CODE_TAKEN', 'code');
      await expectError(create({ code: 'weight', name: 'Вес', type: 'number', group_id: 999999 }), 404, 'CATALOG_ATTRIBUTE_GROUP_NOT_FOUND', 'group_id');
      await expectError(t.admin('PATCH', `${BASE}/nfc`, { code: 'memory' }), 409, 'CATALOG_ATTRIBUTE_CODE_TAKEN', 'code');
    });

    it('checks a patch against the merged definition', async () => {
      await expectError(t.admin('PATCH', `${BASE}/memory`, { min_value: 5000 }), 422, 'CATALOG_ATTRIBUTE_DEFINITION_INVALID', 'min_value');
      await expectError(t.admin('PATCH', `${BASE}/color`, { type: 'text' }), 422, 'CATALOG_ATTRIBUTE_DEFINITION_INVALID', 'options');
      const r = await t.admin('PATCH', `${BASE}/memory`, { max_value: 2048, name_en: null });
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual([r.json().max_value, r.json().name_en, r.json().unit], [2048, null, 'ГБ']);
    });

    it('adds, renames, reorders and removes options; a removed or recoded option must be unused', async () => {
      const add = await t.admin('POST', `${BASE}/color/options`, { code: 'blue', value: 'Синий', value_en: 'Blue' });
      assert.equal(add.statusCode, 201, add.body);
      assert.deepEqual(add.json().options.at(-1), { code: 'blue', value: 'Синий', value_en: 'Blue', position: 2 });
      await expectError(t.admin('POST', `${BASE}/color/options`, { code: 'blue', value: 'Голубой' }), 409, 'CATALOG_ATTRIBUTE_OPTION_TAKEN', 'code');
      await expectError(t.admin('POST', `${BASE}/color/options`, { code: 'navy', value: 'синий' }), 409, 'CATALOG_ATTRIBUTE_OPTION_TAKEN', 'value');
      await expectError(t.admin('POST', `${BASE}/nfc/options`, { code: 'x', value: 'X' }), 422, 'CATALOG_ATTRIBUTE_DEFINITION_INVALID', 'type');

      const renamed = await t.admin('PATCH', `${BASE}/color/options/blue`, { value: 'Тёмно-синий' });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().options.at(-1).value, 'Тёмно-синий');
      const moved = await t.admin('PATCH', `${BASE}/color/options/black`, { position: 3 });
      assert.deepEqual(moved.json().options.map((o: { code: string }) => o.code), ['white', 'blue', 'black']);
      await expectError(t.admin('PATCH', `${BASE}/color/options/red`, { value: 'Красный' }), 404, 'CATALOG_ATTRIBUTE_OPTION_NOT_FOUND', 'code');

      // products hold "black" (enum) and "5g" (multi_enum): those stay
      const cat = await insertCategory(t.deps.db);
      await insertProduct(t.deps.db, cat, { color: 'black', bands: ['lte', '5g'] });
      await expectError(t.admin('DELETE', `${BASE}/color/options/black`), 409, 'CATALOG_ATTRIBUTE_OPTION_IN_USE', 'code');
      await expectError(t.admin('PATCH', `${BASE}/color/options/black`, { code: 'noir' }), 409, 'CATALOG_ATTRIBUTE_OPTION_IN_USE', 'code');
      await expectError(t.admin('DELETE', `${BASE}/bands/options/5g`), 409, 'CATALOG_ATTRIBUTE_OPTION_IN_USE', 'code');
      await expectError(
        t.admin('PATCH', `${BASE}/color`, { options: [{ code: 'white', value: 'Белый' }] }),
        409,
        'CATALOG_ATTRIBUTE_OPTION_IN_USE',
        'options',
      );
      const removed = await t.admin('DELETE', `${BASE}/color/options/white`);
      assert.equal(removed.statusCode, 200, removed.body);
      assert.deepEqual(removed.json().options.map((o: { code: string }) => o.code), ['blue', 'black']);
      // the code and the type of an attribute products hold are fixed
      await expectError(t.admin('PATCH', `${BASE}/color`, { code: 'colour' }), 409, 'CATALOG_ATTRIBUTE_IN_USE', 'code');
      await expectError(
        t.admin('PATCH', `${BASE}/bands`, { type: 'enum' }),
        409,
        'CATALOG_ATTRIBUTE_IN_USE',
        'type',
      );
    });

    it('refuses to delete an attribute a matrix uses, and deletes it once unused', async () => {
      const cat = await insertCategory(t.deps.db);
      const created = await create({ code: 'weight', name: 'Вес', type: 'number', unit: 'г' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((await t.admin('PUT', `/api/admin/categories/${cat.id}/matrix`, [{ attribute: 'weight' }])).statusCode, 200);
      await expectError(t.admin('DELETE', `${BASE}/weight`), 409, 'CATALOG_ATTRIBUTE_IN_USE');
      await t.admin('PUT', `/api/admin/categories/${cat.id}/matrix`, []);
      assert.equal((await t.admin('DELETE', `${BASE}/weight`)).statusCode, 204);
      await expectError(t.admin('GET', `${BASE}/weight`), 404, 'CATALOG_ATTRIBUTE_NOT_FOUND');
    });

    it('manages display groups; deleting one ungroups its attributes', async () => {
      const created = await t.admin('POST', '/api/admin/attribute-groups', { code: 'main', name: 'Основные', name_en: 'Main', position: 1 });
      assert.equal(created.statusCode, 201, created.body);
      const g = created.json();
      await expectError(t.admin('POST', '/api/admin/attribute-groups', { code: 'main', name: 'Снова' }), 409, 'CATALOG_ATTRIBUTE_GROUP_CODE_TAKEN', 'code');
      const patched = await t.admin('PATCH', `/api/admin/attribute-groups/${g.id}`, { name: 'Главные' });
      assert.equal(patched.json().name, 'Главные');
      await t.admin('PATCH', `${BASE}/nfc`, { group_id: g.id });
      const list = (await t.admin('GET', '/api/admin/attribute-groups')).json();
      assert.ok(list.items.some((x: { code: string }) => x.code === 'main'));
      assert.equal((await t.admin('DELETE', `/api/admin/attribute-groups/${g.id}`)).statusCode, 204);
      assert.equal((await t.admin('GET', `${BASE}/nfc`)).json().group_id, null);
      await expectError(t.admin('GET', `/api/admin/attribute-groups/${g.id}`), 404, 'CATALOG_ATTRIBUTE_GROUP_NOT_FOUND');
    });

    it('requires an admin bearer token and documents the routes under the attributes tag', async () => {
      const r = await t.app.inject({ method: 'GET', url: BASE });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'AUTH_REQUIRED');
      const spec = t.app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
      for (const path of ['/api/admin/attributes/{idOrCode}/options/{code}', '/api/admin/categories/{id}/effective-matrix', '/api/admin/effective-matrix']) {
        assert.ok(spec.paths[path], path);
        assert.deepEqual(Object.values(spec.paths[path]!)[0]!.tags, ['attributes']);
      }
    });
  });
}
