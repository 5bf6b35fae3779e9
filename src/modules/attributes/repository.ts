// All SQL of attribute definitions, options and display groups. Every function takes the executor
// (db.kysely or a transaction) so multi-step writes run in the caller's transaction.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { AttributeType, AttributesTable, DB } from '../../platform/db/schema.js';
import type { AttributeGroup, AttributeListQuery, OptionInput } from './schemas.js';

type Q = Kysely<DB>;
export type AttributeRow = Selectable<AttributesTable>;
export interface OptionRow {
  attribute_id: number;
  code: string;
  value: string;
  value_en: string | null;
  position: number;
}

const ATTRIBUTE_COLUMNS = [
  'id', 'code', 'name', 'name_en', 'type', 'unit', 'min_value', 'max_value', 'pattern', 'required',
  'filterable', 'searchable', 'variant_axis', 'group_id', 'position', 'created_at', 'updated_at',
] as const;

export type AttributeKey = { id: number } | { code: string };

export async function findAttribute(db: Q, key: AttributeKey, lock = false): Promise<AttributeRow | undefined> {
  let q = db.selectFrom('attributes').select(ATTRIBUTE_COLUMNS);
  q = 'id' in key ? q.where('id', '=', key.id) : q.where('code', '=', key.code);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function listAttributes(
  db: Q,
  f: AttributeListQuery & { groupId?: number | null },
): Promise<{ rows: AttributeRow[]; total: number }> {
  let q = db.selectFrom('attributes');
  if (f.type) q = q.where('type', '=', f.type);
  if (f.groupId !== undefined) q = f.groupId === null ? q.where('group_id', 'is', null) : q.where('group_id', '=', f.groupId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('code', 'ilike', like), eb('name', 'ilike', like), eb('name_en', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    q.select(ATTRIBUTE_COLUMNS).orderBy('position').orderBy('code').limit(f.limit ?? 50).offset(f.offset ?? 0).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function optionsOf(db: Q, attributeIds: number[]): Promise<Map<number, OptionRow[]>> {
  const out = new Map<number, OptionRow[]>();
  if (!attributeIds.length) return out;
  const rows = await db
    .selectFrom('attribute_options')
    .select(['attribute_id', 'code', 'value', 'value_en', 'position'])
    .where('attribute_id', 'in', attributeIds)
    .orderBy('attribute_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.attribute_id) ?? [];
    list.push(r);
    out.set(r.attribute_id, list);
  }
  return out;
}

export async function insertAttribute(db: Q, values: Insertable<AttributesTable>): Promise<AttributeRow> {
  return db.insertInto('attributes').values(values).returning(ATTRIBUTE_COLUMNS).executeTakeFirstOrThrow();
}

export async function updateAttribute(db: Q, id: number, values: Updateable<AttributesTable>): Promise<AttributeRow> {
  return db
    .updateTable('attributes')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(ATTRIBUTE_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function deleteAttribute(db: Q, id: number): Promise<void> {
  await db.deleteFrom('attributes').where('id', '=', id).execute();
}

/** Replaces the option list; positions default to the list order. */
export async function replaceOptions(db: Q, attributeId: number, options: OptionInput[]): Promise<void> {
  await db.deleteFrom('attribute_options').where('attribute_id', '=', attributeId).execute();
  if (!options.length) return;
  await db
    .insertInto('attribute_options')
    .values(
      options.map((o, i) => ({
        attribute_id: attributeId,
        code: o.code,
        value: o.value,
        value_en: o.value_en ?? null,
        position: o.position ?? i,
      })),
    )
    .execute();
}

export async function insertOption(db: Q, attributeId: number, o: OptionInput & { position: number }): Promise<void> {
  await db
    .insertInto('attribute_options')
    .values({ attribute_id: attributeId, code: o.code, value: o.value, value_en: o.value_en ?? null, position: o.position })
    .execute();
}

export async function updateOption(db: Q, attributeId: number, code: string, o: Partial<OptionRow>): Promise<void> {
  await db.updateTable('attribute_options').set(o).where('attribute_id', '=', attributeId).where('code', '=', code).execute();
}

export async function deleteOption(db: Q, attributeId: number, code: string): Promise<void> {
  await db.deleteFrom('attribute_options').where('attribute_id', '=', attributeId).where('code', '=', code).execute();
}

export async function touchAttribute(db: Q, id: number): Promise<void> {
  await db.updateTable('attributes').set({ updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

/** How many categories list the attribute in their own matrix entries (hidden ones included). */
export async function matrixUsage(db: Q, attributeId: number): Promise<number> {
  const r = await db
    .selectFrom('category_attributes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('attribute_id', '=', attributeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether any product holds a value for the attribute (a scan, but only on rare admin changes). */
export async function productsHoldAttribute(db: Q, code: string): Promise<boolean> {
  const r = await sql<{ one: number }>`select 1 as one from products where attributes ? ${code} limit 1`.execute(db);
  return r.rows.length > 0;
}

/**
 * Whether any product holds the option as a value. Containment (`@>`) matches both the enum shape
 * ("code") and the multi_enum shape (["code", …]) and is served by the jsonb_path_ops GIN index.
 */
export async function productsHoldOption(db: Q, attribute: { code: string; type: AttributeType }, option: string): Promise<boolean> {
  const doc = JSON.stringify({ [attribute.code]: attribute.type === 'multi_enum' ? [option] : option });
  const r = await sql<{ one: number }>`select 1 as one from products where attributes @> ${doc}::jsonb limit 1`.execute(db);
  return r.rows.length > 0;
}

// ---- display groups ----

const GROUP_COLUMNS = ['id', 'code', 'name', 'name_en', 'position'] as const;

export function listGroups(db: Q): Promise<AttributeGroup[]> {
  return db.selectFrom('attribute_groups').select(GROUP_COLUMNS).orderBy('position').orderBy('code').execute();
}

export function findGroup(db: Q, key: { id: number } | { code: string }): Promise<AttributeGroup | undefined> {
  const q = db.selectFrom('attribute_groups').select(GROUP_COLUMNS);
  return ('id' in key ? q.where('id', '=', key.id) : q.where('code', '=', key.code)).executeTakeFirst();
}

export function insertGroup(db: Q, g: Omit<AttributeGroup, 'id'>): Promise<AttributeGroup> {
  return db.insertInto('attribute_groups').values(g).returning(GROUP_COLUMNS).executeTakeFirstOrThrow();
}

export function updateGroup(db: Q, id: number, g: Partial<Omit<AttributeGroup, 'id'>>): Promise<AttributeGroup | undefined> {
  return db.updateTable('attribute_groups').set(g).where('id', '=', id).returning(GROUP_COLUMNS).executeTakeFirst();
}

/** Deletes a group; its attributes stay, ungrouped (a display group is presentation only). */
export async function deleteGroup(db: Q, id: number): Promise<boolean> {
  await db.updateTable('attributes').set({ group_id: null }).where('group_id', '=', id).execute();
  const r = await db.deleteFrom('attribute_groups').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The unique-violation of a failed insert/update, if that is what it was (PostgreSQL and PGlite alike). */
export function uniqueViolation(e: unknown): { constraint?: string } | null {
  const err = e as { code?: string; constraint?: string } | null;
  return err && err.code === '23505' ? { constraint: err.constraint } : null;
}
