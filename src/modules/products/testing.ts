// Test fixtures: a small catalog (categories, attribute groups, attributes, options, matrices)
// written with plain SQL, the same tables the categories and attributes services read.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export interface Catalog {
  cat: { electronics: number; phones: number; smartphones: number; accessories: number };
}

async function category(db: Kysely<DB>, slug: string, name: string, parent: { id: number; path: string; ancestor_ids: number[]; depth: number } | null) {
  const row = await db
    .insertInto('categories')
    .values({
      parent_id: parent?.id ?? null, slug, name, path: parent ? `${parent.path}/${slug}` : slug,
      depth: parent ? parent.depth + 1 : 0, ancestor_ids: [],
    })
    .returning(['id', 'path', 'depth'])
    .executeTakeFirstOrThrow();
  const ancestor_ids = [...(parent?.ancestor_ids ?? []), row.id];
  await db.updateTable('categories').set({ ancestor_ids }).where('id', '=', row.id).execute();
  return { ...row, ancestor_ids };
}

/** Электроника › Телефоны › Смартфоны, and Электроника › Аксессуары, with overlapping matrices. */
export async function seedCatalog(db: Kysely<DB>, prefix = ''): Promise<Catalog> {
  const electronics = await category(db, `${prefix}elektronika`, 'Электроника', null);
  const phones = await category(db, `${prefix}telefony`, 'Телефоны', electronics);
  const smartphones = await category(db, `${prefix}smartfony`, 'Смартфоны', phones);
  const accessories = await category(db, `${prefix}aksessuary`, 'Аксессуары', electronics);

  const groups = await db
    .insertInto('attribute_groups')
    .values([
      { code: `${prefix}main`, name: 'Основные', position: 0 },
      { code: `${prefix}mem`, name: 'Память', position: 1 },
    ])
    .returning(['id', 'code'])
    .execute();
  const group = (code: string) => groups.find((g) => g.code === `${prefix}${code}`)!.id;
  const attrs = await db
    .insertInto('attributes')
    .values([
      { code: 'color', name: 'Цвет', type: 'enum', variant_axis: true, filterable: true, group_id: group('main'), position: 1 },
      { code: 'nfc', name: 'NFC', type: 'boolean', filterable: true, group_id: group('main'), position: 2 },
      { code: 'memory', name: 'Встроенная память', type: 'number', unit: 'ГБ', min_value: 1, max_value: 4096, variant_axis: true, filterable: true, group_id: group('mem'), position: 1 },
      { code: 'screen', name: 'Диагональ экрана', type: 'number', unit: '″', min_value: 1, max_value: 20, group_id: group('main'), position: 3 },
      { code: 'features', name: 'Особенности', type: 'multi_enum', position: 5 },
      { code: 'material', name: 'Материал', type: 'text', position: 6 },
    ])
    .returning(['id', 'code'])
    .execute();
  const attr = (code: string) => attrs.find((a) => a.code === code)!.id;
  await db
    .insertInto('attribute_options')
    .values([
      { attribute_id: attr('color'), code: 'black', value: 'Чёрный', value_en: 'Black', position: 0 },
      { attribute_id: attr('color'), code: 'white', value: 'Белый', value_en: 'White', position: 1 },
      { attribute_id: attr('color'), code: 'blue', value: 'Синий', value_en: 'Blue', position: 2 },
      { attribute_id: attr('features'), code: '5g', value: '5G', position: 0 },
      { attribute_id: attr('features'), code: 'wifi6', value: 'Wi-Fi 6', position: 1 },
    ])
    .execute();
  await db
    .insertInto('category_attributes')
    .values([
      { category_id: electronics.id, attribute_id: attr('color'), required: null, filterable: null, position: 1 },
      { category_id: phones.id, attribute_id: attr('nfc'), required: null, filterable: null, position: 2 },
      { category_id: smartphones.id, attribute_id: attr('memory'), required: null, filterable: true, position: 3 },
      { category_id: smartphones.id, attribute_id: attr('screen'), required: true, filterable: null, position: 4 },
      { category_id: smartphones.id, attribute_id: attr('features'), required: null, filterable: null, position: 5 },
      { category_id: accessories.id, attribute_id: attr('material'), required: null, filterable: null, position: 1 },
    ])
    .execute();
  return { cat: { electronics: electronics.id, phones: phones.id, smartphones: smartphones.id, accessories: accessories.id } };
}

export async function count(db: Kysely<DB>, table: 'products' | 'offers' | 'brands' | 'tags' | 'taggings' | 'outbox' | 'product_categories') {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]!.n);
}
