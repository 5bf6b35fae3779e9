// All SQL of the CommerceML exchange: its own state tables, the shared external_refs id map
// (system 'commerceml'), the batched attribute upsert, and read-only order queries for type=sale.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export type Executor = Kysely<DB>;
export const SYSTEM = 'commerceml';
/** attribute_value ids are "<property Ид>/<ИдЗначения>"; catalog_product ids "<Каталог Ид>/<Товар Ид>" */
export type RefEntity = 'category' | 'attribute' | 'attribute_value' | 'product' | 'catalog_product';

// ── external_refs ──

export async function refsOf(q: Executor, entity: RefEntity, externalIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < externalIds.length; i += 5000) {
    const chunk = externalIds.slice(i, i + 5000);
    if (!chunk.length) break;
    const rows = await q.selectFrom('external_refs').select(['external_id', 'internal_id'])
      .where('system', '=', SYSTEM).where('entity', '=', entity).where('external_id', 'in', chunk).execute();
    for (const r of rows) out.set(r.external_id, Number(r.internal_id));
  }
  return out;
}

/** Refs whose external id starts with `prefix` (the goods of one Каталог). */
export async function refsWithPrefix(q: Executor, entity: RefEntity, prefix: string): Promise<Map<string, number>> {
  const rows = await q.selectFrom('external_refs').select(['external_id', 'internal_id'])
    .where('system', '=', SYSTEM).where('entity', '=', entity)
    .where(sql<boolean>`left(external_id, ${prefix.length}) = ${prefix}`).execute();
  return new Map(rows.map((r) => [r.external_id, Number(r.internal_id)]));
}

export async function saveRefs(q: Executor, entity: RefEntity, all: [string, number][]): Promise<void> {
  // one statement may not touch a row twice: the first mapping of a repeated id wins
  const pairs = [...new Map([...all].reverse()).entries()].reverse();
  for (let i = 0; i < pairs.length; i += 1000) {
    const chunk = pairs.slice(i, i + 1000);
    if (!chunk.length) break;
    await q.insertInto('external_refs')
      .values(chunk.map(([external_id, internal_id]) => ({ system: SYSTEM, entity, external_id, internal_id })))
      .onConflict((oc) => oc.columns(['system', 'entity', 'external_id']).doUpdateSet({
        internal_id: (eb) => eb.ref('excluded.internal_id'), updated_at: sql<Date>`now()`,
      }))
      .execute();
  }
}

// ── sessions and jobs ──

/** Sessions not seen for `days`: their rows go (jobs cascade); the caller removes their directories. */
export async function dropStaleSessions(q: Executor, days: number): Promise<string[]> {
  const rows = await q.deleteFrom('cml_sessions')
    .where(sql<boolean>`last_seen_at < now() - make_interval(days => ${days})`).returning('id').execute();
  return rows.map((r) => r.id);
}

/** Goods of every Каталог whose membership was not refreshed since `since` (Bitrix's mode=deactivate). */
export async function productsNotSeenSince(q: Executor, since: Date): Promise<number[]> {
  const rows = await q.selectFrom('external_refs').select('internal_id').distinct()
    .where('system', '=', SYSTEM).where('entity', '=', 'catalog_product').where('updated_at', '<', since)
    .where('internal_id', 'not in', q.selectFrom('external_refs').select('internal_id')
      .where('system', '=', SYSTEM).where('entity', '=', 'catalog_product').where('updated_at', '>=', since))
    .execute();
  return rows.map((r) => Number(r.internal_id));
}

export async function createSession(q: Executor, id: string, type: 'catalog' | 'sale'): Promise<void> {
  await q.insertInto('cml_sessions').values({ id, type }).execute();
}

export async function touchSession(q: Executor, id: string): Promise<{ id: string; type: string; sale_version: string | null } | undefined> {
  return q.updateTable('cml_sessions').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', id)
    .returning(['id', 'type', 'sale_version']).executeTakeFirst();
}

export async function setSaleVersion(q: Executor, id: string, version: string | null): Promise<void> {
  await q.updateTable('cml_sessions').set({ sale_version: version }).where('id', '=', id).execute();
}

export interface JobRow {
  status: 'running' | 'success' | 'failure';
  message: string;
  report: Record<string, unknown>;
  heartbeat_at: Date;
}

export async function findJob(q: Executor, sessionId: string, filename: string): Promise<JobRow | undefined> {
  return q.selectFrom('cml_jobs').select(['status', 'message', 'report', 'heartbeat_at'])
    .where('session_id', '=', sessionId).where('filename', '=', filename).executeTakeFirst();
}

/** Claims the job: true when this call started it (no row, or a running row whose worker went silent). */
export async function claimJob(q: Executor, sessionId: string, filename: string, staleSeconds: number): Promise<boolean> {
  const r = await sql<{ claimed: boolean }>`
    insert into cml_jobs (session_id, filename, status) values (${sessionId}, ${filename}, 'running')
    on conflict (session_id, filename) do update
      set status = 'running', message = '', report = '{}', started_at = now(), heartbeat_at = now(), finished_at = null
      where cml_jobs.status = 'running' and cml_jobs.heartbeat_at < now() - make_interval(secs => ${staleSeconds})
    returning true as claimed`.execute(q);
  return r.rows.length > 0;
}

export async function heartbeat(q: Executor, sessionId: string, filename: string, message: string): Promise<void> {
  await q.updateTable('cml_jobs').set({ heartbeat_at: sql<Date>`now()`, message })
    .where('session_id', '=', sessionId).where('filename', '=', filename).where('status', '=', 'running').execute();
}

export async function finishJob(
  q: Executor, sessionId: string, filename: string, status: 'success' | 'failure', message: string, report: Record<string, unknown>,
): Promise<void> {
  await q.updateTable('cml_jobs')
    .set({ status, message, report: JSON.stringify(report) as never, finished_at: sql<Date>`now()` })
    .where('session_id', '=', sessionId).where('filename', '=', filename).execute();
}

export async function clearJobs(q: Executor, sessionId: string): Promise<void> {
  await q.deleteFrom('cml_jobs').where('session_id', '=', sessionId).execute();
}

// ── price types and warehouses ──

export interface PriceTypeRow { id: string; name: string; currency: string; position: number }

export async function upsertPriceTypes(q: Executor, types: { id: string; name: string; currency: string }[]): Promise<void> {
  if (!types.length) return;
  const existing = await q.selectFrom('cml_price_types').select(['id', 'position']).execute();
  const known = new Map(existing.map((r) => [r.id, r.position]));
  let next = existing.reduce((m, r) => Math.max(m, r.position + 1), 0);
  await q.insertInto('cml_price_types')
    .values(types.map((t) => ({ id: t.id, name: t.name || t.id, currency: t.currency, position: known.get(t.id) ?? next++ })))
    .onConflict((oc) => oc.column('id').doUpdateSet({
      name: (eb) => eb.ref('excluded.name'), currency: (eb) => eb.ref('excluded.currency'), updated_at: sql<Date>`now()`,
    }))
    .execute();
}

export async function priceTypes(q: Executor): Promise<PriceTypeRow[]> {
  return q.selectFrom('cml_price_types').select(['id', 'name', 'currency', 'position']).orderBy('position').execute();
}

export async function warehouseCodes(q: Executor): Promise<Map<string, string>> {
  const rows = await q.selectFrom('cml_warehouses').select(['id', 'code']).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

export async function upsertWarehouses(q: Executor, rows: { id: string; name: string; code: string }[]): Promise<void> {
  if (!rows.length) return;
  await q.insertInto('cml_warehouses').values(rows)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: (eb) => eb.ref('excluded.name'), updated_at: sql<Date>`now()` }))
    .execute();
}

// ── attributes (batched: a UT 11 classifier holds thousands of properties) ──

export interface AttributeLite {
  id: number;
  code: string;
  type: string;
  options: { id: number; code: string; value: string }[];
}

export async function attributesById(q: Executor, ids: number[]): Promise<Map<number, AttributeLite>> {
  const out = new Map<number, AttributeLite>();
  if (!ids.length) return out;
  const rows = await q.selectFrom('attributes').select(['id', 'code', 'type']).where('id', 'in', ids).execute();
  for (const r of rows) out.set(r.id, { ...r, options: [] });
  const opts = await q.selectFrom('attribute_options').select(['id', 'attribute_id', 'code', 'value'])
    .where('attribute_id', 'in', ids).orderBy('position').execute();
  for (const o of opts) out.get(o.attribute_id)?.options.push({ id: o.id, code: o.code, value: o.value });
  return out;
}

export async function takenAttributeCodes(q: Executor): Promise<Set<string>> {
  return new Set((await q.selectFrom('attributes').select('code').execute()).map((r) => r.code));
}

export async function insertAttributes(
  q: Executor, rows: { code: string; name: string; type: 'text' | 'number' | 'enum' | 'multi_enum' }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const ids = await q.insertInto('attributes')
      .values(chunk.map((r) => ({ code: r.code, name: r.name, type: r.type, filterable: r.type === 'enum' || r.type === 'multi_enum' })))
      .returning(['id', 'code']).execute();
    for (const r of ids) out.set(r.code, r.id);
  }
  return out;
}

export async function renameAttribute(q: Executor, id: number, name: string): Promise<void> {
  await q.updateTable('attributes').set({ name, updated_at: sql<Date>`now()` }).where('id', '=', id).where('name', '<>', name).execute();
}

export async function insertOptions(
  q: Executor, rows: { attribute_id: number; code: string; value: string; position: number }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const ids = await q.insertInto('attribute_options').values(chunk).returning(['id', 'attribute_id', 'code']).execute();
    for (const r of ids) out.set(`${r.attribute_id}:${r.code}`, r.id);
  }
  return out;
}

/** Puts the attributes into the categories' own matrices (entries already there are kept). */
export async function ensureMatrixEntries(q: Executor, pairs: { category_id: number; attribute_id: number }[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < pairs.length; i += 1000) {
    const chunk = pairs.slice(i, i + 1000);
    if (!chunk.length) break;
    const r = await q.insertInto('category_attributes').values(chunk)
      .onConflict((oc) => oc.columns(['category_id', 'attribute_id']).doNothing()).executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export async function rootsOf(q: Executor, categoryIds: number[]): Promise<Map<number, number>> {
  if (!categoryIds.length) return new Map();
  const rows = await q.selectFrom('categories').select(['id', 'ancestor_ids']).where('id', 'in', categoryIds).execute();
  return new Map(rows.map((r) => [r.id, r.ancestor_ids[0] ?? r.id]));
}

export async function productStatuses(q: Executor, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await q.selectFrom('products').select(['id', 'status']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.status]));
}

export async function offerOf(q: Executor, productId: number, sourceRef: string): Promise<{ id: number; stock: Record<string, number> } | undefined> {
  const r = await q.selectFrom('offers').select(['id', 'stock']).where('product_id', '=', productId)
    .where('source', '=', 'own').where('source_ref', '=', sourceRef).executeTakeFirst();
  return r ? { id: Number(r.id), stock: r.stock as Record<string, number> } : undefined;
}

// ── type=sale: watermark and a read-only view of the shared orders tables ──

/**
 * pending = the newest updated_at among the exported orders (or the committed mark when there are
 * none), computed in SQL: a JS Date would cut PostgreSQL's microseconds and re-export the last order.
 */
export async function setPending(q: Executor, orderIds: number[]): Promise<void> {
  const pending = orderIds.length
    ? sql<Date>`(select max(updated_at) from orders where id in (${sql.join(orderIds)}))`
    : sql<Date>`(select committed_at from cml_sale_state where name = 'orders')`;
  await q.insertInto('cml_sale_state').values({ name: 'orders', pending_at: pending })
    .onConflict((oc) => oc.column('name').doUpdateSet({ pending_at: pending, updated_at: sql<Date>`now()` })).execute();
}

/** pending → committed; false when nothing was pending. */
export async function commitPending(q: Executor): Promise<boolean> {
  const r = await q.updateTable('cml_sale_state')
    .set({ committed_at: sql<Date>`pending_at`, pending_at: null, updated_at: sql<Date>`now()` })
    .where('name', '=', 'orders').where('pending_at', 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Orders changed after the committed watermark, oldest first (compared in SQL, at full precision). */
export async function ordersChangedSince(q: Executor, limit: number) {
  const orders = await q.selectFrom('orders').selectAll()
    .where(sql<boolean>`updated_at > coalesce((select committed_at from cml_sale_state where name = 'orders'), '-infinity'::timestamptz)`)
    .orderBy('updated_at').orderBy('id').limit(limit).execute();
  const ids = orders.map((o) => o.id);
  const items = ids.length ? await q.selectFrom('order_items').selectAll().where('order_id', 'in', ids).orderBy('id').execute() : [];
  const customerIds = [...new Set(orders.map((o) => o.customer_id).filter((c): c is number => c !== null))];
  const customers = customerIds.length
    ? await q.selectFrom('customers').select(['id', 'external_ref', 'first_name', 'last_name', 'email', 'phone'])
        .where('id', 'in', customerIds).execute()
    : [];
  // the 1C GUIDs of the ordered goods, so 1C matches its own nomenclature
  const productIds = [...new Set(items.map((i) => i.product_id).filter((p): p is number => p !== null))];
  const refs = productIds.length
    ? await q.selectFrom('external_refs').select(['external_id', 'internal_id']).where('system', '=', SYSTEM)
        .where('entity', '=', 'product').where('internal_id', 'in', productIds).execute()
    : [];
  return { orders, items, customers, productGuids: new Map(refs.map((r) => [Number(r.internal_id), r.external_id])) };
}
export type OrdersSnapshot = Awaited<ReturnType<typeof ordersChangedSince>>;

// ── batched import.xml: staging of (Ид, SKU) and what the batch path needs to know of existing goods ──

/** The database's clock: goods a full catalog did not refresh since this moment are archived. */
export async function dbNow(q: Executor): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(q);
  return new Date(rows[0]!.now);
}

export async function stage(q: Executor, job: string, rows: { ord: number; ext_id: string; sku: string }[]): Promise<void> {
  if (!rows.length) return;
  await q.insertInto('cml_import_stage').values(rows.map((r) => ({ job, ...r }))).execute();
}

/**
 * product and catalog_product refs of every staged Товар that became a product, in two statements.
 * A Товар staged twice: its last occurrence wins.
 */
export async function refsFromStage(q: Executor, job: string, catalogPrefix: string): Promise<void> {
  for (const [entity, prefix] of [['product', ''], ['catalog_product', catalogPrefix]] as const) {
    await sql`
      insert into external_refs (system, entity, external_id, internal_id)
      select distinct on (s.ext_id) ${SYSTEM}, ${entity}, ${prefix} || s.ext_id, p.id
        from cml_import_stage s join products p on p.sku = s.sku
       where s.job = ${job}
       order by s.ext_id, s.ord desc
      on conflict (system, entity, external_id) do update set internal_id = excluded.internal_id, updated_at = now()`.execute(q);
  }
}

/** SKUs this job already gave to these Ид (a Товар repeated in the file). */
export async function stagedSkus(q: Executor, job: string, extIds: string[]): Promise<Map<string, string>> {
  if (!extIds.length) return new Map();
  const rows = await q.selectFrom('cml_import_stage').select(['ext_id', 'sku']).where('job', '=', job).where('ext_id', 'in', extIds).execute();
  return new Map(rows.map((r) => [r.ext_id, r.sku]));
}

export async function clearStage(q: Executor, job: string): Promise<void> {
  await q.deleteFrom('cml_import_stage').where('job', '=', job).execute();
}

/** Goods of one Каталог whose membership was not refreshed since `since`. */
export async function productsOfCatalogNotSeenSince(q: Executor, prefix: string, since: Date): Promise<number[]> {
  const rows = await q.selectFrom('external_refs').select('internal_id')
    .where('system', '=', SYSTEM).where('entity', '=', 'catalog_product')
    .where(sql<boolean>`left(external_id, ${prefix.length}) = ${prefix}`).where('updated_at', '<', since).execute();
  return rows.map((r) => Number(r.internal_id));
}

export interface ExistingGood {
  sku: string;
  status: string;
  images: { url: string; alt?: string }[];
  brand: string | null;
  tags: string[];
  variant_group: string | null;
}

/** What a whole-product upsert must carry over from the stored product (1C does not send it). */
export async function existingGoods(q: Executor, ids: number[]): Promise<Map<number, ExistingGood>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<ExistingGood & { id: number }>`
    select p.id, p.sku, p.status, p.images, p.variant_group, b.name as brand,
           coalesce((select array_agg(t.name order by t.name) from taggings tg join tags t on t.id = tg.tag_id
                      where tg.entity_type = 'product' and tg.entity_id = p.id), '{}') as tags
      from products p left join brands b on b.id = p.brand_id
     where p.id in (${sql.join(ids)})`.execute(q);
  return new Map(rows.map((r) => [Number(r.id), { ...r, images: (r.images ?? []) as ExistingGood['images'], tags: r.tags ?? [] }]));
}

/** SKUs of these that some product holds. */
export async function takenSkus(q: Executor, skus: string[]): Promise<Set<string>> {
  if (!skus.length) return new Set();
  const rows = await q.selectFrom('products').select('sku').where('sku', 'in', skus).execute();
  return new Set(rows.map((r) => r.sku));
}
