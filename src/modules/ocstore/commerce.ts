// Customers (with their ocStore password hashes and addresses), orders (items, totals, status
// history) and reviews, in keyset pages like products.
import { writeBatch } from './batches.js';
import type { Ctx } from './context.js';
import type { Row } from './source.js';
import { decodeEntities, naiveDate, passwordScheme, plain, toMinor } from './text.js';

const group = (rows: Row[], key: string) => {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = String(r[key]);
    (m.get(k) ?? m.set(k, []).get(k)!).push(r);
  }
  return m;
};
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

export async function importCustomers(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const E = 'customers';
  if (!src.has('customer')) return;
  rep.counts(E);
  const total = await src.count('customer');
  let done = 0;
  const countries = new Map((await src.all(`SELECT country_id, iso_code_2 FROM ${src.t('country')}`).catch(() => [])).map((r) => [String(r.country_id), str(r.iso_code_2).toUpperCase()]));
  const zones = new Map((await src.all(`SELECT zone_id, name FROM ${src.t('zone')}`).catch(() => [])).map((r) => [String(r.zone_id), plain(r.name as string)]));
  for await (const page of src.pages(
    (after, limit) => [`SELECT * FROM ${src.t('customer')} WHERE customer_id > ? ORDER BY customer_id LIMIT ?`, [after, limit]],
    'customer_id',
    ctx.opts.pageSize ?? 2000,
  )) {
    rep.counts(E).read += page.length;
    const rows: unknown[][] = [];
    for (const c of page) {
      const ext = String(c.customer_id);
      const email = str(c.email).toLowerCase() || null;
      const phone = str(c.telephone) || null;
      if (!email && !phone) {
        rep.skip(E, ext, 'neither email nor telephone: the customer could never sign in');
        continue;
      }
      const pw = passwordScheme(str(c.password), str(c.salt));
      if (pw && 'problem' in pw) rep.warn(E, ext, `password not kept: ${pw.problem}`);
      const ok = pw && !('problem' in pw) ? pw : null;
      const created = naiveDate(c.date_added, src.info.timeZone);
      if (!created) rep.warn(E, ext, `zero or invalid date_added "${c.date_added}": created now`);
      rows.push([
        ext, email, phone, plain(c.firstname as string) ?? '', plain(c.lastname as string) ?? '', Number(c.status) === 1 ? 'active' : 'disabled',
        ok?.hash ?? null, ok?.scheme ?? null, ok?.salt ?? null, Number(c.newsletter) === 1, created ?? new Date().toISOString(), null, false,
      ]);
    }
    const addresses = src.has('address')
      ? await src.all(`SELECT * FROM ${src.t('address')} WHERE customer_id IN (?) ORDER BY address_id`, [page.map((c) => c.customer_id)])
      : [];
    const defaults = new Map(page.map((c) => [String(c.customer_id), String(c.address_id)]));
    const phones = new Map(page.map((c) => [String(c.customer_id), str(c.telephone) || null]));
    rep.counts('addresses').read += addresses.length;
    const addressesBy = group(addresses, 'customer_id');
    const batch = rows.map((row) => ({ ext: String(row[0]), row, addresses: addressesBy.get(String(row[0])) ?? [] }));
    await writeBatch(ctx, E, batch, (b) => b.ext, async (part, pending) => {
      const rows = part.map((b) => b.row);
      const addresses = part.flatMap((b) => b.addresses);
      await tgt.stage(
        'oc_customers',
        `ext text, email text, phone text, first_name text, last_name text, status text, password_hash text, password_scheme text,
         password_salt text, newsletter boolean, created_at timestamptz, id bigint, is_new boolean not null default false`,
        rows,
      );
      await tgt.resolve('oc_customers', 'customer', 'customers');
      // one email, one account: a later duplicate (ocStore compares emails case-insensitively too) is reported
      const dup = await tgt.query<{ ext: string; email: string }>(
        `delete from oc_customers s where s.email is not null and (
            exists (select 1 from customers c where lower(c.email) = s.email and c.id <> s.id)
            or exists (select 1 from oc_customers s2 where s2.email = s.email and s2.ext::bigint < s.ext::bigint))
         returning s.ext, s.email`,
      );
      for (const d of dup) pending.skip(E, d.ext, `email ${d.email} already belongs to another customer`);
      const cols = 'email, phone, first_name, last_name, status, password_hash, password_scheme, password_salt, newsletter';
      await tgt.query(`insert into customers (id, ${cols}, created_at) select id, ${cols}, created_at from oc_customers where is_new`);
      // a password changed since the import (rehashed to argon2id on login) is not overwritten
      const updated = await tgt.query(
        `update customers c set email = s.email, phone = s.phone, first_name = s.first_name, last_name = s.last_name, status = s.status,
                newsletter = s.newsletter, updated_at = now(),
                password_hash = case when c.password_scheme is distinct from 'argon2id' then s.password_hash else c.password_hash end,
                password_salt = case when c.password_scheme is distinct from 'argon2id' then s.password_salt else c.password_salt end,
                password_scheme = case when c.password_scheme is distinct from 'argon2id' then s.password_scheme else c.password_scheme end
           from oc_customers s
          where c.id = s.id and not s.is_new
            and ((c.email, c.phone, c.first_name, c.last_name, c.status, c.newsletter) is distinct from (s.email, s.phone, s.first_name, s.last_name, s.status, s.newsletter)
              or (c.password_scheme is distinct from 'argon2id' and (c.password_hash, c.password_salt, c.password_scheme) is distinct from (s.password_hash, s.password_salt, s.password_scheme)))
          returning c.id`,
      );
      await tgt.remember('oc_customers', 'customer');
      const [left] = await tgt.query<{ created: number; matched: number }>(
        `select count(*) filter (where is_new)::int as created, count(*) filter (where not is_new)::int as matched from oc_customers`,
      );
      pending.wrote(E, { created: Number(left!.created), updated: updated.length, matched: Number(left!.matched) });

      const ids = new Map((await tgt.query<{ ext: string; id: number }>('select ext, id from oc_customers')).map((r) => [r.ext, Number(r.id)]));
      const arows: unknown[][] = [];
      for (const a of addresses) {
        const owner = String(a.customer_id);
        if (!ids.has(owner)) continue; // the customer was skipped (and reported)
        const city = plain(a.city as string) ?? '';
        const line1 = plain(a.address_1 as string) ?? '';
        if (!city && !line1) {
          pending.skip('addresses', a.address_id, 'empty address (no city, no street)');
          continue;
        }
        const country = countries.get(String(a.country_id)) || 'RU';
        arows.push([
          String(a.address_id), owner, [plain(a.firstname as string), plain(a.lastname as string)].filter(Boolean).join(' '), phones.get(owner) ?? null,
          /^[A-Z]{2}$/.test(country) ? country : 'RU', zones.get(String(a.zone_id)) ?? null, city, line1, plain(a.address_2 as string),
          plain(a.postcode as string), defaults.get(owner) === String(a.address_id), null, false,
        ]);
      }
      await tgt.stage(
        'oc_addresses',
        `ext text, customer_ext text, name text, phone text, country text, region text, city text, line1 text, line2 text, postcode text,
         is_default boolean, id bigint, is_new boolean not null default false`,
        arows,
      );
      const ac = await tgt.resolve('oc_addresses', 'address', 'customer_addresses');
      const acols = 'name, phone, country, region, city, line1, line2, postcode, is_default';
      await tgt.query(
        `insert into customer_addresses (id, customer_id, ${acols})
         select a.id, c.id, ${acols.split(', ').map((x) => 'a.' + x).join(', ')} from oc_addresses a join oc_customers c on c.ext = a.customer_ext where a.is_new`,
      );
      const au = await tgt.query(
        `update customer_addresses t set ${acols.split(', ').map((x) => `${x} = a.${x}`).join(', ')}
           from oc_addresses a where t.id = a.id and not a.is_new
            and (${acols.split(', ').map((x) => 't.' + x).join(', ')}) is distinct from (${acols.split(', ').map((x) => 'a.' + x).join(', ')})
          returning t.id`,
      );
      await tgt.remember('oc_addresses', 'address');
      pending.wrote('addresses', { created: ac.created, updated: au.length, matched: ac.matched });
    });
    done += page.length;
    ctx.progress(E, done, total);
  }
  ctx.progress(E, total, total);
}

/** ocStore status names (any language) → ours; the shop's complete/processing sets win over names. */
export function statusMapper(ctx: Ctx, names: Map<string, string>): (id: unknown) => string {
  const set = (k: string) => {
    try {
      return new Set((JSON.parse(ctx.src.info.settings.get(k) ?? '[]') as unknown[]).map(String));
    } catch {
      return new Set<string>();
    }
  };
  const complete = set('config_complete_status');
  const processing = set('config_processing_status');
  return (raw) => {
    const id = String(raw);
    const name = (names.get(id) ?? '').toLowerCase();
    if (/cancel|отмен|denied|отказ|fail|неудав|void|анул|аннул|expired|истек|refund|возмещ|возврат|revers|chargeback/.test(name)) return 'cancelled';
    if (/pending|ожидан|новый|^new/.test(name)) return 'created';
    if (complete.has(id) || /complete|заверш|выполнен|deliver|получен/.test(name)) return 'delivered';
    if (/ship|отправ|достав|в пути/.test(name)) return 'shipped';
    if (/processed|обработано|собран|assembl|комплект/.test(name)) return 'assembled';
    if (processing.has(id) || /processing|обработк|accept|принят|подтвер/.test(name)) return 'accepted';
    return 'created';
  };
}

export async function importOrders(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const E = 'orders';
  if (!src.has('order')) return;
  rep.counts(E);
  const total = await src.count('order');
  const statusNames = new Map<string, string>();
  for (const r of await src.all(`SELECT order_status_id, language_id, name FROM ${src.t('order_status')}`)) {
    const id = String(r.order_status_id);
    if (!statusNames.has(id) || Number(r.language_id) === src.info.languageId) statusNames.set(id, String(r.name));
  }
  const status = statusMapper(ctx, statusNames);
  const tz = src.info.timeZone;
  let done = 0;
  for await (const page of src.pages(
    (after, limit) => [`SELECT * FROM ${src.t('order')} WHERE order_id > ? ORDER BY order_id LIMIT ?`, [after, limit]],
    'order_id',
    ctx.opts.pageSize ?? 2000,
  )) {
    rep.counts(E).read += page.length;
    const ids = page.map((o) => o.order_id);
    const [items, totals, history] = await Promise.all([
      src.all(`SELECT * FROM ${src.t('order_product')} WHERE order_id IN (?) ORDER BY order_product_id`, [ids]),
      src.has('order_total') ? src.all(`SELECT order_id, code, value FROM ${src.t('order_total')} WHERE order_id IN (?)`, [ids]) : [],
      src.has('order_history') ? src.all(`SELECT * FROM ${src.t('order_history')} WHERE order_id IN (?) ORDER BY order_history_id`, [ids]) : [],
    ]);
    const customers = await tgt.idMap('customer', page.map((o) => String(o.customer_id)).filter((c) => c !== '0'));
    const products = await tgt.idMap('product', items.map((i) => String(i.product_id)));
    const itemsBy = group(items, 'order_id');
    const totalsBy = group(totals, 'order_id');
    const historyBy = group(history, 'order_id');
    const batch: { ext: string; order: unknown[]; items: unknown[][]; history: unknown[][] }[] = [];
    for (const o of page) {
      const ext = String(o.order_id);
      if (Number(o.order_status_id) === 0) {
        rep.skip(E, ext, 'unconfirmed checkout (order_status_id 0): ocStore lists it as a missing order');
        continue;
      }
      const lines = itemsBy.get(ext) ?? [];
      const good = lines.filter((i) => Number(i.quantity) > 0);
      if (good.length < lines.length) rep.warn(E, ext, `${lines.length - good.length} item(s) with quantity ≤ 0 dropped`);
      if (!good.length) {
        rep.skip(E, ext, 'the order has no items');
        continue;
      }
      let created = naiveDate(o.date_added, tz);
      if (!created) {
        created = naiveDate(o.date_modified, tz) ?? new Date().toISOString();
        rep.warn(E, ext, `zero or invalid date_added "${o.date_added}": dated ${created}`);
      }
      const t = new Map<string, number>();
      for (const x of totalsBy.get(ext) ?? []) t.set(String(x.code), (t.get(String(x.code)) ?? 0) + toMinor(x.value));
      const subtotal = t.get('sub_total') ?? good.reduce((s, i) => s + toMinor(i.total), 0);
      const discount = -['coupon', 'voucher', 'reward', 'credit', 'discount'].reduce((s, c) => s + Math.min(0, t.get(c) ?? 0), 0);
      const customer = Number(o.customer_id) ? (customers.get(String(o.customer_id)) ?? null) : null;
      if (Number(o.customer_id) && customer === null) rep.warn(E, ext, `customer ${o.customer_id} does not exist: imported as a guest order`);
      const addr = (p: string) => ({
        name: [plain(o[`${p}_firstname`] as string), plain(o[`${p}_lastname`] as string)].filter(Boolean).join(' '),
        company: plain(o[`${p}_company`] as string), country: plain(o[`${p}_country`] as string), region: plain(o[`${p}_zone`] as string),
        city: plain(o[`${p}_city`] as string), line1: plain(o[`${p}_address_1`] as string), line2: plain(o[`${p}_address_2`] as string),
        postcode: plain(o[`${p}_postcode`] as string),
      });
      const st = status(o.order_status_id);
      const irows: unknown[][] = [];
      const hrows: unknown[][] = [];
      const orow = [
        ext, `OC-${ext}`, customer, st, str(o.email).toLowerCase() || null, str(o.telephone) || null,
        [plain(o.firstname as string), plain(o.lastname as string)].filter(Boolean).join(' '),
        JSON.stringify({ method: plain(o.shipping_method as string), code: str(o.shipping_code) || null, address: addr('shipping'), payment_address: addr('payment') }),
        plain(o.payment_method as string) ?? (str(o.payment_code) || 'unknown'), subtotal, t.get('shipping') ?? 0, discount,
        t.get('total') ?? toMinor(o.total), src.info.currency, plain(o.comment as string), created, null, false,
      ];
      for (const i of good) {
        const unit = toMinor(i.price) + toMinor(i.tax);
        const q = Number(i.quantity);
        const pid = products.get(String(i.product_id)) ?? null;
        irows.push([ext, pid, str(i.model) || `oc-${i.product_id}`, plain(i.name as string) ?? `Товар ${i.product_id}`, q, unit, unit * q]);
      }
      const hist = historyBy.get(ext) ?? [];
      for (const h of hist) {
        const at = naiveDate(h.date_added, tz) ?? created;
        hrows.push([ext, status(h.order_status_id), plain(decodeEntities(h.comment as string)), Number(h.notify) === 1, at]);
      }
      if (!hist.length) hrows.push([ext, st, null, false, created]);
      batch.push({ ext, order: orow, items: irows, history: hrows });
    }
    await writeBatch(ctx, E, batch, (b) => b.ext, async (part, pending) => {
      const orows = part.map((b) => b.order);
      const irows = part.flatMap((b) => b.items);
      const hrows = part.flatMap((b) => b.history);
      await tgt.stage(
        'oc_orders',
        `ext text, number text, customer_id bigint, status text, email text, phone text, contact_name text, delivery jsonb, payment_method text,
         subtotal bigint, delivery_cost bigint, discount bigint, total bigint, currency text, comment text, created_at timestamptz,
         id bigint, is_new boolean not null default false`,
        orows,
      );
      const counts = await tgt.resolve('oc_orders', 'order', 'orders');
      const cols = 'number, customer_id, status, email, phone, contact_name, delivery, payment_method, subtotal, delivery_cost, discount, total, currency, comment, created_at';
      await tgt.query(`insert into orders (id, ${cols}, source, external_ref) select id, ${cols}, 'ocstore', ext from oc_orders where is_new`);
      const updated = await tgt.query(
        `update orders o set ${cols.split(', ').map((c) => `${c} = s.${c}`).join(', ')}, updated_at = now() from oc_orders s
          where o.id = s.id and not s.is_new and (${cols.split(', ').map((c) => 'o.' + c).join(', ')}) is distinct from (${cols.split(', ').map((c) => 's.' + c).join(', ')})
          returning o.id`,
      );
      await tgt.remember('oc_orders', 'order');
      // items and the timeline are snapshots of ocStore: replaced as a whole on every run
      await tgt.stage('oc_items', 'ext text, product_id bigint, sku text, name text, quantity int, price bigint, total bigint', irows);
      await tgt.stage('oc_history', 'ext text, status text, comment text, notified boolean, occurred_at timestamptz', hrows);
      await tgt.query(`delete from order_items i using oc_orders s where i.order_id = s.id`);
      await tgt.query(`delete from order_status_history h using oc_orders s where h.order_id = s.id`);
      await tgt.query(
        `insert into order_items (order_id, product_id, sku, name, quantity, price, total)
         select s.id, i.product_id, i.sku, i.name, i.quantity, i.price, i.total from oc_items i join oc_orders s on s.ext = i.ext`,
      );
      await tgt.query(
        `insert into order_status_history (order_id, status, comment, source, occurred_at, notified)
         select s.id, h.status, h.comment, 'ocstore', h.occurred_at, h.notified from oc_history h join oc_orders s on s.ext = h.ext`,
      );
      pending.wrote(E, { ...counts, updated: updated.length });
      pending.add('order_items', 'created', irows.length);
      pending.add('order_status_history', 'created', hrows.length);
    });
    done += page.length;
    ctx.progress(E, done, total);
  }
  ctx.progress(E, total, total);
}

export async function importReviews(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const E = 'reviews';
  if (!src.has('review')) return;
  rep.counts(E);
  const total = await src.count('review');
  let done = 0;
  for await (const page of src.pages(
    (after, limit) => [`SELECT * FROM ${src.t('review')} WHERE review_id > ? ORDER BY review_id LIMIT ?`, [after, limit]],
    'review_id',
    ctx.opts.pageSize ?? 2000,
  )) {
    rep.counts(E).read += page.length;
    const products = await tgt.idMap('product', page.map((r) => String(r.product_id)));
    const customers = await tgt.idMap('customer', page.map((r) => String(r.customer_id)).filter((c) => c !== '0'));
    const rows: unknown[][] = [];
    for (const r of page) {
      const ext = String(r.review_id);
      const pid = products.get(String(r.product_id));
      if (pid === undefined) {
        rep.skip(E, ext, `orphan: product ${r.product_id} does not exist (or was skipped)`);
        continue;
      }
      const rating = Number(r.rating);
      if (!(rating >= 1 && rating <= 5)) {
        rep.skip(E, ext, `rating ${r.rating} is not 1–5`);
        continue;
      }
      const created = naiveDate(r.date_added, src.info.timeZone);
      if (!created) rep.warn(E, ext, `zero or invalid date_added "${r.date_added}": dated now`);
      rows.push([
        ext, pid, Number(r.customer_id) ? (customers.get(String(r.customer_id)) ?? null) : null, plain(r.author as string) ?? 'Покупатель',
        Math.round(rating), decodeEntities(String(r.text ?? '')).trim(), Number(r.status) === 1 ? 'published' : 'pending',
        created, null, false,
      ]);
    }
    await writeBatch(ctx, E, rows, (r) => String(r[0]), async (part, pending) => {
      await tgt.stage(
        'oc_reviews',
        'ext text, product_id bigint, customer_id bigint, author text, rating int, body text, status text, created_at timestamptz, id bigint, is_new boolean not null default false',
        part,
      );
      const counts = await tgt.resolve('oc_reviews', 'review', 'reviews');
      // a zero date is replaced once (now) and then kept, so a re-run changes nothing
      await tgt.query(`update oc_reviews s set created_at = t.created_at from reviews t where t.id = s.id and s.created_at is null`);
      await tgt.query(`update oc_reviews set created_at = now() where created_at is null`);
      const cols = 'product_id, customer_id, author, rating, body, status, created_at';
      await tgt.query(`insert into reviews (id, ${cols}) select id, ${cols} from oc_reviews where is_new`);
      const updated = await tgt.query(
        `update reviews t set ${cols.split(', ').map((c) => `${c} = s.${c}`).join(', ')} from oc_reviews s
          where t.id = s.id and not s.is_new and (${cols.split(', ').map((c) => 't.' + c).join(', ')}) is distinct from (${cols.split(', ').map((c) => 's.' + c).join(', ')})
          returning t.id`,
      );
      await tgt.remember('oc_reviews', 'review');
      pending.wrote(E, { ...counts, updated: updated.length });
    });
    done += page.length;
    ctx.progress(E, done, total);
  }
  ctx.progress(E, total, total);
}
