// What a product carries besides its row: tags (product_description.tag, comma-separated) as
// tags/taggings, quantity-tier discounts (product_discount for more than one piece) as
// offer_quantity_prices, and — after the last page — the archiving of products deleted in ocStore
// since an earlier run (every product id read is recorded in a temp table as the pages go by).
import { slugify } from '../../platform/text/slug.js';
import type { PendingReport } from './batches.js';
import type { Ctx } from './context.js';
import type { Row } from './source.js';
import type { Target } from './target.js';
import { decodeEntities, isZeroDate, naiveDate, toMinor } from './text.js';

/** Tags of one text field: split on commas, trimmed, one per slug, in their order. */
export function parseTags(raw: unknown): { slug: string; name: string }[] {
  const out = new Map<string, string>();
  for (const part of decodeEntities(String(raw ?? '')).split(',')) {
    const name = part.replace(/\s+/g, ' ').trim().slice(0, 100);
    const slug = slugify(name, 100);
    if (slug && !out.has(slug)) out.set(slug, name);
  }
  return [...out].map(([slug, name]) => ({ slug, name }));
}

/** product_discount rows for more than one piece, every customer group, as staged rows (ext first). */
export async function readQuantityPrices(ctx: Ctx, ids: number[]): Promise<Map<string, unknown[][]>> {
  const { src } = ctx;
  const out = new Map<string, unknown[][]>();
  if (!src.has('product_discount') || !ids.length) return out;
  const rows = await src.all(
    `SELECT product_discount_id, product_id, customer_group_id, quantity, priority, price, date_start, date_end
       FROM ${src.t('product_discount')} WHERE product_id IN (?) AND quantity > 1 ORDER BY product_discount_id`,
    [ids],
  );
  for (const r of rows) {
    const ext = String(r.product_id);
    const price = toMinor(r.price);
    if (price < 0) {
      ctx.rep.warn('quantity_prices', r.product_discount_id, `product ${ext}: negative price ${r.price}, dropped`);
      continue;
    }
    const group = Number(r.customer_group_id) === src.info.customerGroupId ? '' : `ocstore:${r.customer_group_id}`;
    const starts = isZeroDate(r.date_start) ? null : naiveDate(r.date_start, src.info.timeZone);
    const ends = isZeroDate(r.date_end) ? null : naiveDate(r.date_end, src.info.timeZone);
    const list = out.get(ext) ?? [];
    list.push([ext, Number(r.quantity), price, group, Number(r.priority) || 0, starts, ends]);
    out.set(ext, list);
  }
  return out;
}

const QP_COLS = ['min_quantity', 'price', 'customer_group', 'priority', 'starts_at', 'ends_at'];
const tuple = (alias: string) => `(${QP_COLS.map((c) => `${alias}.${c}`).join(', ')})`;

/**
 * Inside a product batch (stage `oc_products` resolved): the batch's tags and quantity prices are
 * made to equal the shop's — missing ones added, gone ones removed, the rest untouched (so a re-run
 * that changes nothing writes nothing).
 */
export async function writeProductExtras(
  tgt: Target,
  pending: PendingReport,
  tags: unknown[][],
  tiers: unknown[][],
  anyExisting: boolean,
): Promise<void> {
  if (tags.length || anyExisting) {
    await tgt.stage('oc_tags', 'ext text, slug text, name text', tags);
    const created = await tgt.query(
      `insert into tags (slug, name) select distinct on (slug) slug, name from oc_tags order by slug on conflict (slug) do nothing returning id`,
    );
    const removed = await tgt.query(
      `delete from taggings g using oc_products s
        where g.entity_type = 'product' and g.entity_id = s.id and not s.is_new
          and not exists (select 1 from oc_tags t join tags tg on tg.slug = t.slug where t.ext = s.ext and tg.id = g.tag_id)
        returning g.tag_id`,
    );
    const added = await tgt.query(
      `insert into taggings (tag_id, entity_type, entity_id)
       select distinct tg.id, 'product', s.id from oc_tags t join oc_products s on s.ext = t.ext join tags tg on tg.slug = t.slug
       on conflict do nothing returning tag_id`,
    );
    pending.add('tags', 'created', created.length);
    pending.add('product_tags', 'created', added.length);
    pending.add('product_tags', 'updated', removed.length);
  }
  if (tiers.length || anyExisting) {
    await tgt.stage('oc_qprices', 'ext text, min_quantity int, price bigint, customer_group text, priority int, starts_at timestamptz, ends_at timestamptz', tiers);
    const own = `offers o on o.product_id = s.id and o.source = 'own' and o.source_ref = ''`;
    const removed = await tgt.query(
      `delete from offer_quantity_prices q using oc_products s join ${own}
        where q.offer_id = o.id and not s.is_new
          and not exists (select 1 from oc_qprices x where x.ext = s.ext and ${tuple('x')} is not distinct from ${tuple('q')})
        returning q.id`,
    );
    const added = await tgt.query(
      `insert into offer_quantity_prices (offer_id, ${QP_COLS.join(', ')})
       select o.id, ${QP_COLS.map((c) => 'x.' + c).join(', ')} from oc_qprices x join oc_products s on s.ext = x.ext join ${own}
        where not exists (select 1 from offer_quantity_prices q where q.offer_id = o.id and ${tuple('q')} is not distinct from ${tuple('x')})
       returning id`,
    );
    pending.add('quantity_prices', 'created', added.length);
    pending.add('quantity_prices', 'updated', removed.length);
  }
}

/** The temp table of every ocStore product id this run read (written or not). */
export async function startSeen(tgt: Target): Promise<void> {
  await tgt.query('drop table if exists oc_seen_products');
  await tgt.query('create temp table oc_seen_products (ext text primary key)');
}

export async function markSeen(tgt: Target, page: Row[]): Promise<void> {
  await tgt.s.copyFrom('copy oc_seen_products from stdin', page.map((p) => `${String(p.product_id)}\n`).join(''));
}

/**
 * A product imported by an earlier run that ocStore no longer has was deleted there: it is archived
 * (hidden from the storefront, kept with its orders, reviews and redirects) rather than deleted, so
 * a staged migration never loses history; it comes back to life if it reappears in ocStore.
 */
export async function archiveDeleted(ctx: Ctx): Promise<void> {
  const rows = await ctx.tgt.tx(() =>
    ctx.tgt.query<{ ext: string; id: number }>(
      `update products p set status = 'archived', updated_at = now()
         from external_refs r
        where r.system = 'ocstore' and r.entity = 'product' and r.internal_id = p.id and p.status <> 'archived'
          and not exists (select 1 from oc_seen_products s where s.ext = r.external_id)
        returning r.external_id as ext, p.id`,
    ),
  );
  ctx.rep.counts('products').archived = (ctx.rep.counts('products').archived ?? 0) + rows.length;
  for (const r of rows) ctx.rep.warn('products', r.ext, 'deleted in ocStore since the last run: archived');
  ctx.productIds.push(...rows.map((r) => Number(r.id)));
}

/** A blog post's tags (article_description.tag) made equal to the shop's; blogs are small, so row by row. */
export async function setPostTags(ctx: Ctx, postId: number, raw: unknown): Promise<void> {
  const { tgt, rep } = ctx;
  const tags = parseTags(raw);
  const ids: number[] = [];
  for (const t of tags) {
    const created = await tgt.query<{ id: number }>('insert into tags (slug, name) values ($1, $2) on conflict (slug) do nothing returning id', [t.slug, t.name]);
    if (created.length) rep.counts('tags').created++;
    const [row] = created.length ? created : await tgt.query<{ id: number }>('select id from tags where slug = $1', [t.slug]);
    ids.push(Number(row!.id));
  }
  const removed = await tgt.query(
    `delete from taggings where entity_type = 'post' and entity_id = $1 and not tag_id = any($2::int[]) returning tag_id`,
    [postId, `{${ids.join(',')}}`],
  );
  const added = ids.length
    ? await tgt.query(
        `insert into taggings (tag_id, entity_type, entity_id) select t, 'post', $1 from unnest($2::int[]) t on conflict do nothing returning tag_id`,
        [postId, `{${ids.join(',')}}`],
      )
    : [];
  rep.counts('post_tags').created += added.length;
  rep.counts('post_tags').updated += removed.length;
}
