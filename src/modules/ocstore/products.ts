// Products in keyset pages: one page (a few thousand) is read with its children (descriptions,
// categories, images, attributes, option values, specials, SEO keywords) in a handful of IN (…)
// queries, mapped, and written in one transaction with COPY + set-based SQL, while the next page is
// already being read. Memory holds one page and the small id maps.
import { slugify } from '../../platform/text/slug.js';
import { productSlug } from '../products/index.js';
import { fallbackCategory } from './catalog.js';
import { writeBatch, type PendingReport } from './batches.js';
import { imageUrl, seoKeywords, type Ctx } from './context.js';
import { archiveDeleted, markSeen, parseTags, readQuantityPrices, startSeen, writeProductExtras } from './product-extras.js';
import type { Row } from './source.js';
import { intArray } from './target.js';
import { coerce, decodeEntities, isZeroDate, naiveDate, plain, toMinor } from './text.js';

const E = 'products';
/** stands for the fallback category until a write transaction creates it */
const FALLBACK = -1;

interface Mapped {
  ext: string;
  row: unknown[];
  options: unknown[][];
  keywords: string[];
  categoryKeywords: string[] | null;
  /** [ext, slug, name] per tag */
  tags: unknown[][];
  /** quantity-tier prices, staged as oc_qprices rows */
  tiers: unknown[][];
}

const group = <T extends Row>(rows: T[], key = 'product_id') => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = String(r[key]);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
};

export async function importProducts(ctx: Ctx): Promise<void> {
  const { src, rep } = ctx;
  const total = await src.count('product');
  const size = ctx.opts.pageSize ?? 2000;
  const lang = src.info.languageId;
  // SKUs that several ocStore products share get their id appended (the SKU is unique here)
  const dupSkus = new Set(
    (await src.all(
      `SELECT s FROM (SELECT IF(TRIM(${src.hasColumn('product', 'sku') ? 'sku' : "''"}) <> '', TRIM(sku), TRIM(model)) s FROM ${src.t('product')}) x GROUP BY s HAVING COUNT(*) > 1`,
    )).map((r) => String(r.s)),
  );
  const pages = src.pages(
    (after, limit) => [
      `SELECT p.product_id, p.model, ${src.col('product', 'p', 'sku')}, p.quantity, p.price, p.manufacturer_id, p.image, p.status,
              p.date_added, ${src.col('product', 'p', 'noindex', '1')}, d.name, d.description, d.meta_title, d.meta_description,
              ${src.col('product_description', 'd', 'meta_h1')}, ${src.col('product_description', 'd', 'tag')}
         FROM ${src.t('product')} p LEFT JOIN ${src.t('product_description')} d ON d.product_id = p.product_id AND d.language_id = ?
        WHERE p.product_id > ? ORDER BY p.product_id LIMIT ?`,
      [lang, after, limit],
    ],
    'product_id',
    size,
  );
  let done = 0;
  await startSeen(ctx.tgt);
  // page N+1 is read and mapped while page N is written
  const iterator = pages[Symbol.asyncIterator]();
  const readNext = async () => {
    const next = await iterator.next();
    if (next.done) return null;
    const mapped = await mapPage(ctx, next.value, dupSkus);
    return { page: next.value, mapped };
  };
  let pending = readNext();
  for (;;) {
    const cur = await pending;
    if (!cur) break;
    pending = readNext();
    pending.catch(() => {}); // surfaced by the next await
    rep.counts(E).read += cur.page.length;
    await markSeen(ctx.tgt, cur.page);
    if (cur.mapped.length) await writePage(ctx, cur.mapped);
    done += cur.page.length;
    ctx.progress(E, done, total);
  }
  await archiveDeleted(ctx);
  ctx.progress(E, total, total);
}

async function mapPage(ctx: Ctx, page: Row[], dupSkus: Set<string>): Promise<Mapped[]> {
  const { src, rep } = ctx;
  const ids = page.map((p) => Number(p.product_id));
  const has = (t: string) => src.has(t);
  const [fallbackDesc, cats, images, attrs, optionValues, specials, discounts, kws, tiers] = await Promise.all([
    page.some((p) => p.name === null)
      ? src.all(`SELECT * FROM ${src.t('product_description')} WHERE product_id IN (?) ORDER BY language_id`, [page.filter((p) => p.name === null).map((p) => p.product_id)])
      : Promise.resolve([]),
    src.all(`SELECT product_id, category_id, ${src.col('product_to_category', 'c', 'main_category', '0')} FROM ${src.t('product_to_category')} c WHERE product_id IN (?) ORDER BY category_id`, [ids]),
    has('product_image') ? src.all(`SELECT product_id, image FROM ${src.t('product_image')} WHERE product_id IN (?) ORDER BY product_id, sort_order, product_image_id`, [ids]) : [],
    has('product_attribute') ? src.all(`SELECT product_id, attribute_id, text FROM ${src.t('product_attribute')} WHERE product_id IN (?) AND language_id = ?`, [ids, src.info.languageId]) : [],
    has('product_option_value')
      ? src.all(`SELECT product_id, option_id, option_value_id, quantity, subtract, price, price_prefix FROM ${src.t('product_option_value')} WHERE product_id IN (?) ORDER BY product_option_value_id`, [ids])
      : [],
    has('product_special') ? src.all(`SELECT product_id, price, priority, date_start, date_end FROM ${src.t('product_special')} WHERE product_id IN (?) AND customer_group_id = ?`, [ids, src.info.customerGroupId]) : [],
    has('product_discount')
      ? src.all(`SELECT product_id, price, priority, date_start, date_end FROM ${src.t('product_discount')} WHERE product_id IN (?) AND customer_group_id = ? AND quantity <= 1`, [ids, src.info.customerGroupId])
      : [],
    seoKeywords(ctx, 'product_id', ids),
    readQuantityPrices(ctx, ids),
  ]);
  const fb = group(fallbackDesc);
  const catsBy = group(cats);
  const imagesBy = group(images);
  const attrsBy = group(attrs);
  const optsBy = group(optionValues);
  const promoBy = group([...specials, ...discounts]);
  const now = Date.now();
  const warehouse = ctx.opts.warehouse ?? 'msk';
  const out: Mapped[] = [];
  for (const p of page) {
    const ext = String(p.product_id);
    const d = p.name !== null ? p : (fb.get(ext)?.[0] ?? null);
    const name = plain(d?.name as string);
    if (!name) {
      rep.skip(E, ext, 'no name (no description row in any language)');
      continue;
    }
    let sku = String(p.sku ?? '').trim() || String(p.model ?? '').trim() || `oc-${ext}`;
    if (dupSkus.has(sku)) sku = `${sku}-oc${ext}`;
    sku = sku.slice(0, 100);
    const keywords = kws.get(ext) ?? [];
    const slug = slugify(keywords[0] ?? '', 100) || productSlug(name, sku);

    // categories: the main one first; links to categories that do not exist are dropped and reported
    const links = catsBy.get(ext) ?? [];
    const found: number[] = [];
    let primary: number | null = null;
    let primaryOc: string | null = null;
    const tree = new Set<number>();
    for (const l of links) {
      const c = ctx.categories.get(String(l.category_id));
      if (!c) {
        rep.warn(E, ext, `link to category ${l.category_id} dropped: the category does not exist or was skipped`);
        continue;
      }
      found.push(c.id);
      for (const a of c.ancestors) tree.add(a);
      if (Number(l.main_category) === 1 && primary === null) [primary, primaryOc] = [c.id, String(l.category_id)];
    }
    if (primary === null && found.length) {
      primary = found[0]!;
      primaryOc = String(links.find((l) => ctx.categories.has(String(l.category_id)))!.category_id);
    }
    if (primary === null) {
      primary = FALLBACK; // resolved inside the write transaction
      tree.add(FALLBACK);
      rep.warn(E, ext, 'no existing category: placed in "Без категории (ocStore)"');
    }
    const categoryIds = [primary, ...found.filter((c) => c !== primary)];

    const imgs: { url: string }[] = [];
    for (const path of [p.image, ...(imagesBy.get(ext) ?? []).map((i) => i.image)]) {
      const url = await imageUrl(ctx, E, ext, path);
      if (url && !imgs.some((i) => i.url === url)) imgs.push({ url });
    }

    const values: Record<string, unknown> = {};
    for (const a of attrsBy.get(ext) ?? []) {
      const ref = ctx.attributes.get(String(a.attribute_id));
      if (!ref) {
        rep.warn(E, ext, `value of attribute ${a.attribute_id} dropped: the attribute does not exist`);
        continue;
      }
      const v = coerce(decodeEntities(String(a.text ?? '')), ref.type);
      if (v !== null) values[ref.code] = v;
    }
    const options: unknown[][] = [];
    for (const o of optsBy.get(ext) ?? []) {
      const ref = ctx.options.get(String(o.option_id));
      const code = ref?.values.get(String(o.option_value_id));
      if (!ref || !code) continue; // input options are reported once, with the option
      const list = (values[ref.code] ??= []) as string[];
      if (!list.includes(code)) list.push(code);
      const prefix = String(o.price_prefix ?? '+');
      let delta = toMinor(o.price);
      if (prefix === '-') delta = -delta;
      else if (prefix !== '+') {
        rep.warn(E, ext, `option value ${o.option_value_id}: price prefix "${prefix}" is not + or -; its price delta is dropped`);
        delta = 0;
      }
      options.push([ext, ref.attributeId, code, delta, Math.max(0, Number(o.quantity) || 0), Number(o.subtract) === 1]);
    }

    let price = toMinor(p.price);
    if (price < 0) {
      rep.skip(E, ext, `negative price ${p.price}`);
      continue;
    }
    // the best special (lowest priority, then lowest price) running now becomes the price; the regular price the old one
    let oldPrice: number | null = null;
    const running = (promoBy.get(ext) ?? [])
      .filter((s) => (isZeroDate(s.date_start) || Date.parse(String(s.date_start)) <= now) && (isZeroDate(s.date_end) || Date.parse(String(s.date_end)) > now))
      .sort((a, b) => Number(a.priority) - Number(b.priority) || toMinor(a.price) - toMinor(b.price));
    const special = running[0] ? toMinor(running[0].price) : null;
    if (special !== null && special >= 0 && special < price) [oldPrice, price] = [price, special];
    let qty = Number(p.quantity) || 0;
    if (qty < 0) {
      rep.warn(E, ext, `negative quantity ${qty} imported as 0`);
      qty = 0;
    }
    const created = naiveDate(p.date_added, ctx.src.info.timeZone);
    if (!created) rep.warn(E, ext, `zero or invalid date_added "${p.date_added}": created now`);
    const brand = Number(p.manufacturer_id) ? (ctx.brands.get(String(p.manufacturer_id)) ?? null) : null;
    if (Number(p.manufacturer_id) && brand === null) rep.warn(E, ext, `manufacturer ${p.manufacturer_id} does not exist: no brand`);
    out.push({
      ext,
      row: [
        ext, sku, slug, name, decodeEntities(d?.description as string) || null, brand, Number(p.status) === 1 ? 'published' : 'draft',
        primary, intArray(categoryIds), intArray([...tree].sort((a, b) => a - b)), JSON.stringify(values), JSON.stringify(imgs), plain(d?.meta_title as string),
        plain(d?.meta_description as string), plain(d?.meta_h1 as string), Number(p.noindex) === 0, price, oldPrice,
        JSON.stringify({ [warehouse]: qty }), qty, created ?? new Date().toISOString(), null, false,
      ],
      options,
      keywords,
      categoryKeywords: primaryOc ? (ctx.categories.get(primaryOc)?.keywords ?? null) : null,
      tags: parseTags(d?.tag).map((t) => [ext, t.slug, t.name]),
      tiers: tiers.get(ext) ?? [],
    });
  }
  return out;
}

const STAGE = `ext text not null, sku text not null, slug text not null, name text not null, description text, brand_id int,
  status text not null, primary_category_id int not null, category_ids int[] not null, tree int[] not null, attributes jsonb not null, images jsonb not null,
  meta_title text, meta_description text, meta_h1 text, noindex boolean not null, price bigint not null, old_price bigint,
  stock jsonb not null, stock_total int not null, created_at timestamptz not null, id bigint, is_new boolean not null default false`;

async function writePage(ctx: Ctx, mapped: Mapped[]): Promise<void> {
  const { tgt, rep, src } = ctx;
  // an SKU or slug repeated within the page: the later row gets its ocStore id appended (columns 1 and 2)
  for (const col of [1, 2]) {
    const seen = new Set<string>();
    for (const m of mapped) {
      let v = String(m.row[col]);
      if (seen.has(v)) {
        v = `${v}-oc${m.ext}`;
        m.row[col] = v;
        rep.warn(E, m.ext, `${col === 1 ? 'sku' : 'slug'} repeated in the shop: imported as "${v}"`);
      }
      seen.add(v);
    }
  }
  await writeBatch(ctx, E, mapped, (m) => m.ext, (rows, pending) => writeRows(ctx, rows, pending));
}

/** One batch (or one row, when a batch failed) of products, inside the caller's transaction. */
async function writeRows(ctx: Ctx, input: Mapped[], pending: PendingReport): Promise<void> {
  // rows are copied: a failed attempt must not leave a rolled-back fallback id in them
  const mapped = input.map((m) => ({ ...m, row: m.row.slice() }));
  const fallbackBefore = ctx.fallbackCategory;
  try {
    const written = await writeStaged(ctx, mapped, pending);
    pending.wrote(E, written);
    pending.afterCommit(() => ctx.productIds.push(...written.ids));
  } catch (e) {
    ctx.fallbackCategory = fallbackBefore; // created in the rolled-back transaction
    throw e;
  }
}

async function writeStaged(ctx: Ctx, mapped: Mapped[], pending: PendingReport) {
  const { tgt, src } = ctx;
  if (mapped.some((m) => m.row[7] === FALLBACK)) {
    const id = await fallbackCategory(ctx);
    for (const m of mapped) {
      if (m.row[7] !== FALLBACK) continue;
      m.row[7] = id;
      m.row[8] = intArray([id]);
      m.row[9] = intArray([id]);
    }
  }
  await tgt.stage('oc_products', STAGE, mapped.map((m) => m.row));
  const counts = await tgt.resolve('oc_products', 'product', 'products');
  // an SKU or slug that another product holds gets the ocStore id appended
  for (const col of ['sku', 'slug'] as const) {
    const fixed = await tgt.query<{ ext: string; v: string }>(
      `update oc_products s set ${col} = s.${col} || '-oc' || s.ext from products p where p.${col} = s.${col} and p.id <> s.id
        returning s.ext, s.${col} as v`,
    );
    for (const f of fixed) pending.warn(E, f.ext, `${col} taken by another product: imported as "${f.v}"`);
  }
  const cols = `sku, slug, name, description, brand_id, status, primary_category_id, attributes, images, meta_title, meta_description, meta_h1, noindex`;
  const tree = 's.tree';
  // A new product's only offer is the one written below, so its best-offer columns are known now: set
  // at insert (the offer id drawn ahead), the listing trigger writes the listing once and the best-offer
  // pass after the run finds nothing to change (an UPDATE of every product there cost minutes at 100k).
  await tgt.query(`alter table oc_products add column offer_id bigint`);
  await tgt.query(`update oc_products set offer_id = nextval(pg_get_serial_sequence('offers', 'id')) where is_new`);
  await tgt.query(
    `insert into products (id, ${cols}, category_tree_ids, created_at, best_offer_id, best_price, best_old_price, best_currency, in_stock)
     select s.id, ${cols.split(', ').map((c) => 's.' + c).join(', ')}, ${tree}, s.created_at, s.offer_id, s.price, s.old_price, $1, s.stock_total > 0
       from oc_products s where s.is_new`,
    [src.info.currency],
  );
  const updated = await tgt.query(
    `update products p set ${cols.split(', ').map((c) => `${c} = s.${c}`).join(', ')}, category_tree_ids = ${tree}, updated_at = now()
       from oc_products s
      where p.id = s.id and not s.is_new
        and (p.${cols.split(', ').join(', p.')}, p.category_tree_ids) is distinct from (s.${cols.split(', ').join(', s.')}, ${tree})
      returning p.id`,
  );
  if (counts.matched) {
    await tgt.query(
      `delete from product_categories pc using oc_products s where pc.product_id = s.id and not s.is_new and not pc.category_id = any(s.category_ids)`,
    );
  }
  await tgt.query(
    `insert into product_categories (product_id, category_id, is_primary)
     select s.id, c.id, c.id = s.primary_category_id from oc_products s cross join lateral unnest(s.category_ids) as c(id) where s.is_new`,
  );
  if (counts.matched) {
    await tgt.query(
      `insert into product_categories as pc (product_id, category_id, is_primary)
       select s.id, c.id, c.id = s.primary_category_id from oc_products s cross join lateral unnest(s.category_ids) as c(id) where not s.is_new
       on conflict (product_id, category_id) do update set is_primary = excluded.is_primary where pc.is_primary <> excluded.is_primary`,
    );
    await tgt.query(`delete from product_option_values v using oc_products s where v.product_id = s.id and not s.is_new`);
  }
  await tgt.query(
    `insert into offers as o (id, product_id, source, source_ref, price, old_price, currency, stock, stock_total)
     select coalesce(s.offer_id, nextval(pg_get_serial_sequence('offers', 'id'))), s.id, 'own', '', s.price, s.old_price, $1, s.stock, s.stock_total
       from oc_products s
     on conflict (product_id, source, source_ref) do update
        set price = excluded.price, old_price = excluded.old_price, currency = excluded.currency, stock = excluded.stock,
            stock_total = excluded.stock_total, updated_at = now()
      where (o.price, o.old_price, o.currency, o.stock, o.stock_total)
            is distinct from (excluded.price, excluded.old_price, excluded.currency, excluded.stock, excluded.stock_total)`,
    [src.info.currency],
  );
  const options = mapped.flatMap((m) => m.options);
  if (options.length) {
    await tgt.stage('oc_product_options', 'ext text, attribute_id int, option_code text, price_delta bigint, quantity int, subtract boolean', options);
    await tgt.query(
      `insert into product_option_values (product_id, attribute_id, option_code, price_delta, quantity, subtract)
       select s.id, o.attribute_id, o.option_code, sum(o.price_delta), sum(o.quantity), bool_or(o.subtract)
         from oc_product_options o join oc_products s on s.ext = o.ext group by 1, 2, 3`,
    );
  }
  await writeProductExtras(tgt, pending, mapped.flatMap((m) => m.tags), mapped.flatMap((m) => m.tiers), counts.matched > 0);
  await tgt.remember('oc_products', 'product');
  const final = await tgt.query<{ ext: string; id: number; slug: string }>('select ext, id, slug from oc_products');
  const slugs = new Map(final.map((f) => [f.ext, f.slug]));
  const redirects: [string, string][] = [];
  for (const m of mapped) {
    const to = `/product/${slugs.get(m.ext)}`;
    redirects.push([`/index.php?route=product/product&product_id=${m.ext}`, to]);
    for (const kw of m.keywords) {
      for (const from of [`/${kw}`, ...(m.categoryKeywords ? [`/${[...m.categoryKeywords, kw].join('/')}`] : [])]) {
        redirects.push([from, to]);
        if (src.info.addSlash) redirects.push([`${from}/`, to]);
      }
    }
  }
  pending.redirects(await tgt.redirects(redirects));
  return { ...counts, updated: updated.length, ids: final.map((f) => Number(f.id)) };
}

/** Each category's matrix lists the attributes its imported products carry (set-based, after all pages). */
export async function deriveMatrices(ctx: Ctx): Promise<void> {
  const rows = await ctx.tgt.tx(() =>
    ctx.tgt.query(
      `insert into category_attributes (category_id, attribute_id)
       select distinct pc.category_id, a.id
         from external_refs r
         join products p on p.id = r.internal_id
         join product_categories pc on pc.product_id = p.id
         cross join lateral jsonb_object_keys(p.attributes) k
         join attributes a on a.code = k
        where r.system = 'ocstore' and r.entity = 'product'
       on conflict (category_id, attribute_id) do nothing
       returning category_id`,
    ),
  );
  const c = ctx.rep.counts('category_attributes');
  c.created += rows.length;
}
