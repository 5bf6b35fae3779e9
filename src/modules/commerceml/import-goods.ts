// Товары → products one by one through the products service, for files of up to GOODS_ONE_BY_ONE
// goods (the everyday "changes only" exchange): every product gets its own catalog.product_changed
// event, so search and caches follow per product. Bigger files go set-based (import-goods-batch.ts).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isAppError } from '../../platform/errors.js';
import type { AttributeValue } from '../../platform/db/schema.js';
import { isEmptyRef, valueKey } from './import-classifier.js';
import { parseDecimal, type CmlProduct } from './parse-catalog.js';
import * as repo from './repository.js';
import type { ImportContext } from './report.js';

const UNGROUPED = '__ungrouped__';
/** files with more goods go set-based: one catalog.bulk_imported instead of an event per product */
export const GOODS_ONE_BY_ONE = 500;

export async function ungroupedCategory(ctx: ImportContext): Promise<number> {
  const refs = await repo.refsOf(ctx.db, 'category', [UNGROUPED]);
  const known = refs.get(UNGROUPED);
  if (known !== undefined && (await ctx.services.categories.get(known).catch(() => null))) return known;
  const c = await ctx.services.categories.create({ name: '1С: без группы' });
  await repo.saveRefs(ctx.db, 'category', [[UNGROUPED, c.id]]);
  return c.id;
}

export type Attr = repo.AttributeLite;

export function attributeValues(ctx: ImportContext, p: CmlProduct, attrRefs: Map<string, number>, attrs: Map<number, Attr>, optionIds: Map<string, number>) {
  const out: Record<string, AttributeValue> = {};
  for (const pv of p.properties) {
    const attr = attrs.get(attrRefs.get(pv.id) ?? -1);
    if (!attr) continue; // a property this classifier did not define (often a service requisite): nothing to map it to
    const raw = pv.values.filter((v) => v && !isEmptyRef(v));
    if (!raw.length) continue;
    if (attr.type === 'enum' || attr.type === 'multi_enum') {
      const codes: string[] = [];
      for (const v of raw) {
        const optionId = optionIds.get(valueKey(pv.id, v));
        const byId = attr.options.find((o) => o.id === optionId);
        const byLabel = byId ?? attr.options.find((o) => o.value.toLowerCase() === v.toLowerCase());
        if (byLabel) codes.push(byLabel.code);
        else ctx.problem('value', `${p.id}/${pv.id}`, `value "${v}" is not a Справочник variant of ${attr.code}; skipped`);
      }
      if (!codes.length) continue;
      out[attr.code] = attr.type === 'enum' ? codes[0]! : [...new Set(codes)];
    } else if (attr.type === 'number') {
      const n = parseDecimal(raw[0]!);
      if (Number.isFinite(n)) out[attr.code] = n;
      else ctx.problem('value', `${p.id}/${pv.id}`, `"${raw[0]}" is not a number; skipped`);
    } else {
      out[attr.code] = raw.join('; ').slice(0, 1000);
    }
  }
  return out;
}

/** Archives those of these products that are published (a full catalog no longer lists them). */
export async function archivePublished(ctx: ImportContext, ids: number[]): Promise<void> {
  const st = await repo.productStatuses(ctx.db, ids);
  for (const id of ids) {
    if (st.get(id) !== 'published') continue;
    await ctx.tick();
    await ctx.services.products.setStatus(id, 'archived');
    ctx.report.products.archived++;
  }
}

export function images(ctx: ImportContext, p: CmlProduct): { url: string }[] {
  const out: { url: string }[] = [];
  for (const rel of p.images) {
    const src = ctx.resolveUpload(rel);
    if (!src) {
      ctx.report.notes.length < 20 && ctx.report.notes.push(`image ${rel} of ${p.id} was not uploaded`);
      continue;
    }
    const safe = rel.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.' && s !== '..').map((s) => s.replace(/[^A-Za-z0-9._-]/g, '_')).join('/');
    const dest = path.join(ctx.mediaDir, 'commerceml', safe);
    mkdirSync(path.dirname(dest), { recursive: true });
    copyFileSync(src, dest);
    out.push({ url: `/media/commerceml/${safe}` });
  }
  return out;
}

export async function importProducts(ctx: ImportContext, catalogId: string, products: CmlProduct[], fullCatalog: boolean): Promise<void> {
  const { products: svc } = ctx.services;
  const productRefs = await repo.refsOf(ctx.db, 'product', products.map((p) => p.id));
  const groupRefs = await repo.refsOf(ctx.db, 'category', [...new Set(products.flatMap((p) => p.groupIds))]);
  const attrRefs = await repo.refsOf(ctx.db, 'attribute', [...new Set(products.flatMap((p) => p.properties.map((v) => v.id)))]);
  const attrs = await repo.attributesById(ctx.db, [...new Set(attrRefs.values())]);
  const optionIds = await repo.refsOf(ctx.db, 'attribute_value', [...new Set(products.flatMap((p) => p.properties.flatMap((v) => v.values.map((x) => valueKey(v.id, x)))))]);
  const statuses = await repo.productStatuses(ctx.db, [...productRefs.values()]);

  // every attribute a product carries must be in its categories' matrix: put it on the top-level category
  const live = products.filter((p) => !p.deleted && p.name);
  const plans = new Map<string, { categoryIds: number[]; values: Record<string, AttributeValue> }>();
  let fallback: number | null = null;
  for (const p of live) {
    let categoryIds = [...new Set(p.groupIds.map((g) => groupRefs.get(g)).filter((c): c is number => c !== undefined))];
    if (!categoryIds.length) categoryIds = [(fallback ??= await ungroupedCategory(ctx))];
    plans.set(p.id, { categoryIds, values: attributeValues(ctx, p, attrRefs, attrs, optionIds) });
  }
  const roots = await repo.rootsOf(ctx.db, [...new Set([...plans.values()].map((pl) => pl.categoryIds[0]!))]);
  const codeToId = new Map([...attrs.values()].map((a) => [a.code, a.id]));
  const pairs = new Map<string, { category_id: number; attribute_id: number }>();
  for (const pl of plans.values()) {
    const root = roots.get(pl.categoryIds[0]!) ?? pl.categoryIds[0]!;
    for (const code of Object.keys(pl.values)) pairs.set(`${root}:${code}`, { category_id: root, attribute_id: codeToId.get(code)! });
  }
  if ((await repo.ensureMatrixEntries(ctx.db, [...pairs.values()])) > 0) await ctx.services.attributes.invalidateMatrices();

  for (const p of products) {
    await ctx.tick();
    const known = productRefs.get(p.id);
    try {
      if (p.deleted) {
        if (known !== undefined && statuses.get(known) === 'published') {
          await svc.setStatus(known, 'archived');
          ctx.report.products.archived++;
        }
        continue;
      }
      const plan = plans.get(p.id);
      if (!plan) {
        ctx.report.products.skipped++;
        ctx.problem('product', p.id, 'has no Наименование');
        continue;
      }
      const pictures = images(ctx, p);
      const fields = {
        name: p.name.slice(0, 500),
        description: p.description,
        category_ids: plan.categoryIds,
        attributes: plan.values,
        // Картинка names files of this exchange: when none of them came, the stored images stay
        ...(pictures.length || !p.images.length ? { images: pictures } : {}),
        ...(p.manufacturer ? { brand: p.manufacturer.slice(0, 200) } : {}),
      };
      if (known !== undefined && statuses.has(known)) {
        await svc.update(known, fields);
        if (statuses.get(known) === 'archived') {
          await svc.setStatus(known, 'draft');
          await svc.setStatus(known, 'published');
        }
        ctx.report.products.updated++;
      } else {
        const sku = (p.article || p.id).slice(0, 100);
        let created;
        try {
          created = await svc.create({ sku, ...fields, status: 'published' });
        } catch (e) {
          // Артикул is not unique in 1C: fall back to the GUID, which is
          if (!(isAppError(e) && e.code === 'CATALOG_PRODUCT_SKU_TAKEN') || sku === p.id) throw e;
          created = await svc.create({ sku: p.id, ...fields, status: 'published' });
        }
        await repo.saveRefs(ctx.db, 'product', [[p.id, created.id]]);
        productRefs.set(p.id, created.id);
        ctx.report.products.created++;
      }
    } catch (e) {
      ctx.report.products.skipped++;
      ctx.problem('product', p.id, e);
    }
  }

  // membership of this Каталог, so a full-catalog sweep never touches the goods of another 1C base
  const prefix = `${catalogId}/`;
  await repo.saveRefs(ctx.db, 'catalog_product', products.filter((p) => productRefs.has(p.id)).map((p) => [prefix + p.id, productRefs.get(p.id)!]));
  if (fullCatalog) {
    // a full catalog (СодержитТолькоИзменения="false") lists every product: the ones 1C no longer sends are archived
    const seen = new Set(products.map((p) => prefix + p.id));
    const all = await repo.refsWithPrefix(ctx.db, 'catalog_product', prefix);
    await archivePublished(ctx, [...all].filter(([ext]) => !seen.has(ext)).map(([, id]) => id));
  }
}
