// Товары → products set-based, for big files: goods arrive one by one from the stream, are mapped in
// batches of GOODS_BATCH (refs, SKUs, categories, attribute values looked up once per batch) and
// handed to the bulk module's upsert, which validates every row against the attribute matrix and
// writes a batch per transaction; a row it refuses (validation, or the database when it halves a
// failed batch) is reported and the rest lands. The (Ид, SKU) pairs go to cml_import_stage and
// become external_refs in one statement at the end, so no id map of the whole file is held.
import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '../../platform/db/schema.js';
import { createBulkService, type ImportRow } from '../bulk/index.js';
import { isEmptyRef } from './import-classifier.js';
import { archivePublished, attributeValues, images, ungroupedCategory, type Attr } from './import-goods.js';
import type { CmlProduct } from './parse-catalog.js';
import * as repo from './repository.js';
import type { ImportContext } from './report.js';

export const GOODS_BATCH = 1000;

/** What the first pass learnt from every Товар: which properties each group's goods carry. */
export class GoodsShape {
  /** "group Ид\tproperty Ид" ("" for goods without a group) */
  readonly pairs = new Set<string>();
  add(p: CmlProduct) {
    if (p.deleted) return;
    const props = p.properties.filter((v) => v.values.some((x) => x && !isEmptyRef(x))).map((v) => v.id);
    if (!props.length) return;
    for (const g of p.groupIds.length ? p.groupIds : ['']) for (const id of props) this.pairs.add(`${g}\t${id}`);
  }
}

export interface SourcedProduct {
  p: CmlProduct;
  line: number;
}

/** Matrix entries for the whole file before the first row is validated (validators are cached per import). */
async function prepareMatrix(ctx: ImportContext, shape: GoodsShape, groupRefs: Map<string, number>, fallback: () => Promise<number>) {
  const pairs = [...shape.pairs].map((k) => k.split('\t') as [string, string]);
  const attrRefs = await repo.refsOf(ctx.db, 'attribute', [...new Set(pairs.map(([, a]) => a))]);
  const attrs = await repo.attributesById(ctx.db, [...new Set(attrRefs.values())]);
  for (const [g, id] of await repo.refsOf(ctx.db, 'category', [...new Set(pairs.map(([g]) => g).filter(Boolean))])) groupRefs.set(g, id);
  const cats = new Set<number>();
  for (const [g] of pairs) cats.add(g && groupRefs.has(g) ? groupRefs.get(g)! : await fallback());
  const roots = await repo.rootsOf(ctx.db, [...cats]);
  const entries = new Map<string, { category_id: number; attribute_id: number }>();
  for (const [g, a] of pairs) {
    const attr = attrs.get(attrRefs.get(a) ?? -1);
    if (!attr) continue;
    const cat = g && groupRefs.has(g) ? groupRefs.get(g)! : await fallback();
    const root = roots.get(cat) ?? cat;
    entries.set(`${root}:${attr.id}`, { category_id: root, attribute_id: attr.id });
  }
  if ((await repo.ensureMatrixEntries(ctx.db, [...entries.values()])) > 0) await ctx.services.attributes.invalidateMatrices();
  return { attrRefs, attrs };
}

export async function importProductsBatched(
  ctx: ImportContext, catalogId: string, goods: AsyncIterable<SourcedProduct>, shape: GoodsShape, fullCatalog: boolean, total: number,
): Promise<void> {
  const job = randomUUID();
  const startedAt = await repo.dbNow(ctx.db);
  const groupRefs = new Map<string, number>();
  let fallbackId: number | null = null;
  const fallback = async () => (fallbackId ??= await ungroupedCategory(ctx));
  const { attrRefs, attrs } = await prepareMatrix(ctx, shape, groupRefs, fallback);
  let ord = 0;
  let read = 0;

  /** One batch of goods → rows for the bulk upsert (deleted goods are archived here, one by one: rare). */
  const prepare = async (batch: SourcedProduct[]): Promise<ImportRow[]> => {
    read += batch.length;
    await ctx.tick(`goods: ${read} of ${total} read`);
    const withId = batch.filter(({ p, line }) => {
      if (p.id) return true;
      ctx.report.products.skipped++;
      ctx.problem('product', `line ${line}`, 'a Товар without Ид');
      return false;
    });
    const refs = await repo.refsOf(ctx.db, 'product', withId.map(({ p }) => p.id));
    const existing = await repo.existingGoods(ctx.db, [...new Set(refs.values())]);
    const missingGroups = [...new Set(withId.flatMap(({ p }) => p.groupIds))].filter((g) => !groupRefs.has(g));
    for (const [g, id] of await repo.refsOf(ctx.db, 'category', missingGroups)) groupRefs.set(g, id);
    const optionIds = await repo.refsOf(ctx.db, 'attribute_value', [...new Set(withId.flatMap(({ p }) => p.properties.flatMap((v) => v.values.map((x) => `${v.id}/${x}`))))]);
    // new goods: SKU = Артикул, or the Ид when the Артикул is empty, taken, or repeated in this batch
    const fresh = withId.filter(({ p }) => !existing.has(refs.get(p.id) ?? -1));
    const again = await repo.stagedSkus(ctx.db, job, fresh.map(({ p }) => p.id));
    const taken = await repo.takenSkus(ctx.db, [...new Set(fresh.flatMap(({ p }) => [p.article, p.id].filter(Boolean).map((s) => s.slice(0, 100))))]);
    const batchSkus = new Set<string>();
    const batchIds = new Set<string>();
    const rows: ImportRow[] = [];
    const staged: { ord: number; ext_id: string; sku: string }[] = [];
    for (const { p, line } of withId) {
      const id = refs.get(p.id);
      const cur = id !== undefined ? existing.get(id) : undefined;
      if (p.deleted) {
        if (id !== undefined && cur?.status === 'published') {
          try {
            await ctx.services.products.setStatus(id, 'archived');
            ctx.report.products.archived++;
          } catch (e) {
            ctx.problem('product', p.id, e);
          }
        }
        if (cur) staged.push({ ord: ord++, ext_id: p.id, sku: cur.sku });
        continue;
      }
      if (!p.name) {
        ctx.report.products.skipped++;
        ctx.problem('product', p.id, 'has no Наименование');
        continue;
      }
      if (batchIds.has(p.id)) {
        // one statement cannot write a row twice; in a later batch it may (then the later Товар wins)
        ctx.report.products.skipped++;
        ctx.problem('product', p.id, 'the same Товар twice in one batch of the file; the first one was applied');
        continue;
      }
      batchIds.add(p.id);
      let sku: string;
      if (cur) {
        sku = cur.sku;
      } else if (again.has(p.id)) {
        sku = again.get(p.id)!; // seen earlier in this file: the same product, not a second one
      } else {
        const article = p.article.slice(0, 100);
        const guid = p.id.slice(0, 100);
        sku = article && !taken.has(article) && !batchSkus.has(article) ? article : guid;
        if (taken.has(sku) || batchSkus.has(sku)) {
          ctx.report.products.skipped++;
          ctx.problem('product', p.id, `CATALOG_PRODUCT_SKU_TAKEN (sku): another product holds both the Артикул "${article}" and the Ид as SKU`);
          continue;
        }
      }
      batchSkus.add(sku);
      let categoryIds = [...new Set(p.groupIds.map((g) => groupRefs.get(g)).filter((c): c is number => c !== undefined))];
      if (!categoryIds.length) categoryIds = [await fallback()];
      const values: Record<string, AttributeValue> = attributeValues(ctx, p, attrRefs, attrs as Map<number, Attr>, optionIds);
      const pictures = images(ctx, p);
      let status: ImportRow['status'] = cur ? null : 'published';
      if (cur?.status === 'archived') {
        // sent again by 1C: back on sale (archived → draft → published, the life cycle's own path)
        await ctx.services.products.setStatus(id!, 'draft');
        status = 'published';
      }
      rows.push({
        line, sku, name: p.name.slice(0, 500), slug: null, description: p.description,
        brand: p.manufacturer ? p.manufacturer.slice(0, 200) : (cur?.brand ?? null), status,
        categories: categoryIds, primary: null, attributes: values,
        // Картинка names files of this exchange: when none of them came, the stored images stay
        images: pictures.length || !p.images.length || !cur ? pictures : cur.images,
        tags: cur?.tags ?? [], variant_group: cur?.variant_group ?? null, offers: null,
      });
      staged.push({ ord: ord++, ext_id: p.id, sku });
    }
    await repo.stage(ctx.db, job, staged);
    return rows;
  };

  async function* rows(): AsyncGenerator<ImportRow> {
    let batch: SourcedProduct[] = [];
    for await (const g of goods) {
      batch.push(g);
      if (batch.length >= GOODS_BATCH) {
        yield* await prepare(batch);
        batch = [];
      }
    }
    if (batch.length) yield* await prepare(batch);
  }

  const bulk = createBulkService(ctx.platform, ctx.services);
  try {
    const r = await bulk.importRows(rows(), {
      batchSize: GOODS_BATCH,
      maxErrors: 200,
      // rejectDuplicateSkus stays on: a Товар repeated across batches must not meet itself in one
      // statement (and the first occurrence wins, as within a batch above)
      onError: (e) => ctx.problem('product', e.sku ?? `line ${e.line}`, `${e.code}${e.field ? ` (${e.field})` : ''}: ${e.message} (line ${e.line})`),
    });
    ctx.report.products.created += r.created;
    ctx.report.products.updated += r.updated;
    ctx.report.products.skipped += r.failed;
    await repo.refsFromStage(ctx.db, job, `${catalogId}/`);
  } finally {
    await repo.clearStage(ctx.db, job);
  }

  if (fullCatalog) {
    // a full catalog lists every product: the ones this file did not refresh are archived
    await archivePublished(ctx, await repo.productsOfCatalogNotSeenSince(ctx.db, `${catalogId}/`, startedAt));
  }
}
