// Test fixtures written with plain SQL, so these suites do not depend on the categories and
// products modules.
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.js';

let nextId = 900_000;

export interface TestCategory {
  id: number;
  ancestor_ids: number[];
}

/** Inserts a category under `parent` (or a root) with consistent path, depth and ancestor_ids. */
export async function insertCategory(db: Database, parent: TestCategory | null = null, name = 'Категория'): Promise<TestCategory> {
  const id = ++nextId;
  const slug = `c-${id}`;
  const ancestor_ids = [...(parent?.ancestor_ids ?? []), id];
  const path = ancestor_ids.map((a) => `c-${a}`).join('/');
  await sql`insert into categories (id, parent_id, slug, name, path, depth, ancestor_ids)
    values (${id}, ${parent?.id ?? null}, ${slug}, ${name}, ${path}, ${ancestor_ids.length - 1}, ${`{${ancestor_ids.join(',')}}`}::int[])`.execute(db.kysely);
  return { id, ancestor_ids };
}

/** A chain root → … → leaf of `depth` categories. */
export async function insertChain(db: Database, depth: number): Promise<TestCategory[]> {
  const out: TestCategory[] = [];
  for (let i = 0; i < depth; i++) out.push(await insertCategory(db, out.at(-1) ?? null, `Уровень ${i + 1}`));
  return out;
}

export async function insertProduct(db: Database, category: TestCategory, attributes: Record<string, unknown>): Promise<number> {
  const sku = `SKU-${++nextId}`;
  const { rows } = await sql<{ id: number }>`
    insert into products (sku, slug, name, primary_category_id, category_tree_ids, attributes)
    values (${sku}, ${sku.toLowerCase()}, ${`Товар ${sku}`}, ${category.id}, ${`{${category.ancestor_ids.join(',')}}`}::int[],
            ${JSON.stringify(attributes)}::jsonb)
    returning id`.execute(db.kysely);
  return Number(rows[0]!.id);
}
