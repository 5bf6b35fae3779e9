// The catalog's structure, before any product: the category tree, brands, attribute groups and
// attributes (typed from their values), options as enum attributes. These are small (thousands of
// rows), so they are read whole and written row by row; products come in pages (products.ts).
import { codeOf, slugify } from '../../platform/text/slug.js';
import { writeRow } from './batches.js';
import { seoKeywords, type Ctx, type CategoryRef } from './context.js';
import type { Row } from './source.js';
import { AttributeTyping, decodeEntities, plain } from './text.js';

/** base, base-2, base-3 … not in `taken`; the result is added to `taken`. */
function claim(base: string, taken: Set<string>, sep = '-'): string {
  let s = base;
  for (let n = 2; taken.has(s); n++) s = `${base}${sep}${n}`;
  taken.add(s);
  return s;
}

/** Names of `table` per entity id in every language: the chosen one, else English, else any. */
async function names(ctx: Ctx, table: string, key: string, column = 'name'): Promise<{ main: Map<string, Row>; en: Map<string, string> }> {
  const { src } = ctx;
  const rows = await src.all(`SELECT * FROM ${src.t(table)}`);
  const main = new Map<string, Row>();
  const en = new Map<string, string>();
  const rank = (r: Row) => (Number(r.language_id) === src.info.languageId ? 0 : Number(r.language_id) === src.info.englishId ? 1 : 2);
  for (const r of rows) {
    const id = String(r[key]);
    const cur = main.get(id);
    if (!cur || rank(r) < rank(cur)) main.set(id, r);
    if (src.info.englishId !== null && Number(r.language_id) === src.info.englishId) {
      const n = plain(r[column] as string);
      if (n) en.set(id, n);
    }
  }
  return { main, en };
}

export async function importCategories(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const E = 'categories';
  const rows = await src.all(
    `SELECT category_id, parent_id, sort_order, status, ${src.col('category', 'c', 'noindex', '1')} FROM ${src.t('category')} c ORDER BY category_id`,
  );
  const desc = await names(ctx, 'category_description', 'category_id');
  const kws = await seoKeywords(ctx, 'category_id', null);
  const byId = new Map(rows.map((r) => [String(r.category_id), r]));
  rep.counts(E).read = rows.length;

  // parents first; a row whose parent chain is broken or loops is reported, never imported
  const depthOf = new Map<string, number>();
  const chain = (id: string): number => {
    const seen = new Set<string>();
    let cur = id;
    let d = 0;
    for (;;) {
      if (depthOf.has(cur)) return depthOf.get(cur)! + d;
      const r = byId.get(cur);
      if (!r) return -1;
      const parent = String(r.parent_id);
      if (parent === '0') return d;
      if (seen.has(cur)) return -2;
      seen.add(cur);
      cur = parent;
      d++;
    }
  };
  const ordered: { r: Row; depth: number }[] = [];
  for (const r of rows) {
    const id = String(r.category_id);
    const d = chain(id);
    if (d === -1) rep.skip(E, id, `orphan: parent category ${r.parent_id} (or an ancestor) does not exist`);
    else if (d === -2) rep.skip(E, id, `parent chain loops back to itself (parent_id ${r.parent_id})`);
    else {
      depthOf.set(id, d);
      ordered.push({ r, depth: d });
    }
  }
  ordered.sort((a, b) => a.depth - b.depth || Number(a.r.category_id) - Number(b.r.category_id));

  const existing = await tgt.idMap('category', null);
  const ours = new Set(existing.values());
  const taken = new Set(
    (await tgt.query<{ id: number; slug: string }>('select id, slug from categories')).filter((c) => !ours.has(Number(c.id))).map((c) => c.slug),
  );
  let done = 0;
  await tgt.tx(async () => {
    for (const { r, depth } of ordered) {
      const id = String(r.category_id);
      const d = desc.main.get(id);
      let name = plain(d?.name as string);
      if (!name) {
        name = `Категория ${id}`;
        rep.warn(E, id, 'no name in any language; named by its id');
      }
      const keyword = kws.get(id)?.[0];
      const slug = claim(slugify(keyword ?? '', 100) || slugify(name, 100) || `category-${id}`, taken);
      const parent = depth ? (ctx.categories.get(String(r.parent_id)) ?? null) : null;
      if (depth && !parent) {
        rep.skip(E, id, `parent category ${r.parent_id} could not be written (see its own line)`);
        continue;
      }
      const path = parent ? `${parent.path}/${slug}` : slug;
      const keywords = keyword && (!parent || parent.keywords) ? [...(parent?.keywords ?? []), keyword] : null;
      const landed = await writeRow(ctx, E, id, async () => {
        let ourId = existing.get(id);
        if (ourId !== undefined && !(await tgt.query('select 1 from categories where id = $1', [ourId])).length) ourId = undefined;
        const values = [
          parent?.id ?? null, slug, name, desc.en.get(id) ?? null, decodeEntities(d?.description as string) || null, path, depth,
          Number(r.sort_order) || 0, plain(d?.meta_title as string), plain(d?.meta_description as string), plain(d?.meta_h1 as string),
          Number(r.noindex) === 0,
        ];
        if (ourId === undefined) {
          const [row] = await tgt.query<{ id: number }>(
            `insert into categories (id, parent_id, slug, name, name_en, description, path, depth, position, meta_title, meta_description, meta_h1, noindex, ancestor_ids)
             select nid, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                    coalesce((select ancestor_ids from categories where id = $1::int), '{}'::int[]) || nid
               from (select nextval(pg_get_serial_sequence('categories', 'id'))::int as nid) n
             returning id`,
            values,
          );
          ourId = Number(row!.id);
          await tgt.query(
            `insert into external_refs (system, entity, external_id, internal_id) values ('ocstore', 'category', $1, $2)
             on conflict (system, entity, external_id) do update set internal_id = excluded.internal_id, updated_at = now()`,
            [id, ourId],
          );
          rep.counts(E).created++;
        } else {
          const res = await tgt.query(
            `update categories c set parent_id = $1, slug = $2, name = $3, name_en = $4, description = $5, path = $6, depth = $7,
                    position = $8, meta_title = $9, meta_description = $10, meta_h1 = $11, noindex = $12,
                    ancestor_ids = coalesce((select ancestor_ids from categories where id = $1::int), '{}'::int[]) || c.id, updated_at = now()
              where id = $13 and (parent_id, slug, name, name_en, description, path, depth, position, meta_title, meta_description, meta_h1, noindex)
                    is distinct from ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
              returning id`,
            [...values, ourId],
          );
          rep.wrote(E, { created: 0, updated: res.length, matched: 1 });
        }
        ctx.categories.set(id, { id: ourId, path, keywords, ancestors: [...(parent?.ancestors ?? []), ourId] });
      });
      if (!landed) taken.delete(slug);
      ctx.progress(E, ++done, ordered.length);
    }
  });
  ctx.progress(E, ordered.length, ordered.length);
}

/** Products without a category that exists land here (created on first need, reported per product). */
export async function fallbackCategory(ctx: Ctx): Promise<number> {
  if (ctx.fallbackCategory !== null) return ctx.fallbackCategory;
  const slug = 'ocstore-bez-kategorii';
  const found = await ctx.tgt.query<{ id: number }>('select id from categories where slug = $1', [slug]);
  if (found.length) return (ctx.fallbackCategory = Number(found[0]!.id));
  const [row] = await ctx.tgt.query<{ id: number }>(
    `insert into categories (id, parent_id, slug, name, path, depth, position, ancestor_ids)
     select nid, null, $1, 'Без категории (ocStore)', $1, 0, 100000, array[nid] from (select nextval(pg_get_serial_sequence('categories', 'id'))::int as nid) n
     returning id`,
    [slug],
  );
  return (ctx.fallbackCategory = Number(row!.id));
}

export async function importBrands(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const E = 'brands';
  const rows = await src.all(`SELECT manufacturer_id, name FROM ${src.t('manufacturer')} ORDER BY manufacturer_id`);
  rep.counts(E).read = rows.length;
  const existing = await tgt.idMap('manufacturer', null);
  await tgt.tx(async () => {
    for (const r of rows) {
      const id = String(r.manufacturer_id);
      const name = plain(r.name as string);
      const slug = name ? slugify(name, 100) : '';
      if (!name || !slug) {
        rep.skip(E, id, 'the manufacturer name is empty or has no letters or digits');
        continue;
      }
      let ourId = existing.get(id);
      if (ourId !== undefined) {
        const res = await tgt.query('update brands set name = $1 where id = $2 and name <> $1 and not exists (select 1 from brands where lower(name) = lower($1) and id <> $2) returning id', [name, ourId]);
        const still = (await tgt.query('select 1 from brands where id = $1', [ourId])).length > 0;
        if (still) {
          rep.wrote(E, { created: 0, updated: res.length, matched: 1 });
          ctx.brands.set(id, ourId);
          continue;
        }
      }
      // a brand of the same name (another import, the admin) is reused rather than duplicated
      const same = await tgt.query<{ id: number }>('select id from brands where lower(name) = lower($1) or slug = $2 order by id limit 1', [name, slug]);
      if (same.length) {
        ourId = Number(same[0]!.id);
        rep.wrote(E, { created: 0, updated: 0, matched: 1 });
      } else {
        const [row] = await tgt.query<{ id: number }>('insert into brands (name, slug) values ($1, $2) returning id', [name, slug]);
        ourId = Number(row!.id);
        rep.counts(E).created++;
      }
      await tgt.query(
        `insert into external_refs (system, entity, external_id, internal_id) values ('ocstore', 'manufacturer', $1, $2)
         on conflict (system, entity, external_id) do update set internal_id = excluded.internal_id, updated_at = now()`,
        [id, ourId],
      );
      ctx.brands.set(id, ourId);
    }
  });
  ctx.progress(E, rows.length, rows.length);
}

async function upsertRef(ctx: Ctx, entity: string, ext: string, find: (id: number | undefined) => Promise<number | undefined>, create: () => Promise<number>) {
  const known = (await ctx.tgt.idMap(entity, [ext])).get(ext);
  let id = await find(known);
  let created = false;
  if (id === undefined) {
    id = await create();
    created = true;
  }
  if (known !== id) {
    await ctx.tgt.query(
      `insert into external_refs (system, entity, external_id, internal_id) values ('ocstore', $1, $2, $3)
       on conflict (system, entity, external_id) do update set internal_id = excluded.internal_id, updated_at = now()`,
      [entity, ext, id],
    );
  }
  return { id, created };
}

/** Attribute groups, attributes typed from every value in the chosen language, and options as multi_enum attributes. */
export async function importAttributes(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const codes = new Set((await tgt.query<{ code: string }>('select code from attributes')).map((r) => r.code));
  const groupCodes = new Set((await tgt.query<{ code: string }>('select code from attribute_groups')).map((r) => r.code));
  const groupIds = new Map<string, number>();

  const gNames = src.has('attribute_group_description') ? await names(ctx, 'attribute_group_description', 'attribute_group_id') : null;
  const groups = src.has('attribute_group') ? await src.all(`SELECT attribute_group_id, sort_order FROM ${src.t('attribute_group')}`) : [];
  rep.counts('attribute_groups').read = groups.length;
  const typing = new Map<string, AttributeTyping>();
  // one aggregate over every value (MySQL groups; the stream keeps memory flat on a big shop)
  if (src.has('product_attribute')) {
    for await (const r of src.stream(
      `SELECT attribute_id, text FROM ${src.t('product_attribute')} WHERE language_id = ? GROUP BY attribute_id, text`,
      [src.info.languageId],
    )) {
      const k = String(r.attribute_id);
      if (!typing.has(k)) typing.set(k, new AttributeTyping());
      typing.get(k)!.add(decodeEntities(String(r.text ?? '')));
    }
  }
  await tgt.tx(async () => {
    for (const g of groups) {
      const ext = String(g.attribute_group_id);
      const name = plain(gNames?.main.get(ext)?.name as string) ?? `Группа ${ext}`;
      const en = gNames?.en.get(ext) ?? null;
      const { id, created } = await upsertRef(
        ctx, 'attribute_group', ext,
        async (known) => {
          if (known === undefined) return undefined;
          const r = await tgt.query('update attribute_groups set name = $1, name_en = $2, position = $3 where id = $4 returning id', [name, en, Number(g.sort_order) || 0, known]);
          return r.length ? known : undefined;
        },
        async () => {
          const [r] = await tgt.query<{ id: number }>('insert into attribute_groups (code, name, name_en, position) values ($1, $2, $3, $4) returning id', [
            claim(codeOf(name, 40), groupCodes, '_'), name, en, Number(g.sort_order) || 0,
          ]);
          return Number(r!.id);
        },
      );
      groupIds.set(ext, id);
      rep.counts('attribute_groups')[created ? 'created' : 'unchanged']++;
    }

    const aNames = src.has('attribute_description') ? await names(ctx, 'attribute_description', 'attribute_id') : null;
    const attrs = src.has('attribute') ? await src.all(`SELECT attribute_id, attribute_group_id, sort_order FROM ${src.t('attribute')}`) : [];
    rep.counts('attributes').read = attrs.length;
    for (const a of attrs) {
      const ext = String(a.attribute_id);
      const name = plain(aNames?.main.get(ext)?.name as string) ?? `Атрибут ${ext}`;
      const { type, unit } = typing.get(ext)?.type ?? { type: 'text' as const, unit: null };
      const group = groupIds.get(String(a.attribute_group_id)) ?? null;
      const cols = [name, aNames?.en.get(ext) ?? null, type, unit, group, Number(a.sort_order) || 0];
      const { id, created } = await upsertRef(
        ctx, 'attribute', ext,
        async (known) => {
          if (known === undefined) return undefined;
          const r = await tgt.query<{ code: string }>(
            'update attributes set name = $1, name_en = $2, type = $3, unit = $4, group_id = $5, position = $6, updated_at = now() where id = $7 returning code',
            [...cols, known],
          );
          return r.length ? known : undefined;
        },
        async () => {
          const [r] = await tgt.query<{ id: number }>(
            `insert into attributes (code, name, name_en, type, unit, group_id, position, filterable) values ($7, $1, $2, $3, $4, $5, $6, $8) returning id`,
            [...cols, claim(codeOf(name, 40), codes, '_'), type !== 'text'],
          );
          return Number(r!.id);
        },
      );
      const [row] = await tgt.query<{ code: string }>('select code from attributes where id = $1', [id]);
      ctx.attributes.set(ext, { id, code: row!.code, type });
      rep.counts('attributes')[created ? 'created' : 'unchanged']++;
    }
  });
  ctx.progress('attributes', rep.counts('attributes').read, rep.counts('attributes').read);
  await importOptions(ctx, codes);
}

const CHOICE_TYPES = new Set(['select', 'radio', 'checkbox', 'image']);

/** Choice options (select, radio, checkbox, image) become multi_enum attributes `opt_*`; input options are reported. */
async function importOptions(ctx: Ctx, codes: Set<string>): Promise<void> {
  const { src, tgt, rep } = ctx;
  const E = 'options';
  if (!src.has('option') || !src.has('option_value')) return;
  const options = await src.all(`SELECT option_id, type, sort_order FROM ${src.t('option')} ORDER BY option_id`);
  const oNames = await names(ctx, 'option_description', 'option_id');
  const values = await src.all(`SELECT option_value_id, option_id, sort_order FROM ${src.t('option_value')} ORDER BY option_id, sort_order, option_value_id`);
  const vNames = await names(ctx, 'option_value_description', 'option_value_id');
  rep.counts(E).read = options.length;
  await tgt.tx(async () => {
    for (const o of options) {
      const ext = String(o.option_id);
      if (!CHOICE_TYPES.has(String(o.type))) {
        rep.skip(E, ext, `an input option (${o.type}) is asked at checkout; Vitrina has no such field, so it is not migrated`);
        continue;
      }
      const name = plain(oNames.main.get(ext)?.name as string) ?? `Опция ${ext}`;
      // labels must identify one option code: values with the same label share it
      const byLabel = new Map<string, { code: string; value: string; value_en: string | null; position: number; ids: string[] }>();
      const taken = new Set<string>();
      for (const v of values.filter((v) => String(v.option_id) === ext)) {
        const vid = String(v.option_value_id);
        const label = plain(vNames.main.get(vid)?.name as string) ?? `Значение ${vid}`;
        const key = label.toLowerCase();
        const hit = byLabel.get(key);
        if (hit) hit.ids.push(vid);
        else byLabel.set(key, { code: claim(slugify(label, 60) || `v${vid}`, taken), value: label, value_en: vNames.en.get(vid) ?? null, position: Number(v.sort_order) || 0, ids: [vid] });
      }
      const enSeen = new Set<string>();
      for (const v of byLabel.values()) {
        const k = v.value_en?.toLowerCase();
        if (k && (enSeen.has(k) || byLabel.has(k))) v.value_en = null;
        else if (k) enSeen.add(k);
      }
      if (!byLabel.size) {
        rep.skip(E, ext, 'the option has no values');
        continue;
      }
      const { id, created } = await upsertRef(
        ctx, 'option', ext,
        async (known) => {
          if (known === undefined) return undefined;
          const r = await tgt.query('update attributes set name = $1, name_en = $2, updated_at = now() where id = $3 returning id', [name, oNames.en.get(ext) ?? null, known]);
          return r.length ? known : undefined;
        },
        async () => {
          const [r] = await tgt.query<{ id: number }>(
            `insert into attributes (code, name, name_en, type, filterable, position) values ($1, $2, $3, 'multi_enum', true, $4) returning id`,
            [claim('opt_' + codeOf(name, 36), codes, '_'), name, oNames.en.get(ext) ?? null, Number(o.sort_order) || 0],
          );
          return Number(r!.id);
        },
      );
      const opts = [...byLabel.values()];
      // options of our own are replaced by the shop's list (matched by code, so product values stay valid)
      await tgt.query('delete from attribute_options where attribute_id = $1 and not code = any($2::text[])', [id, opts.map((v) => v.code)]);
      for (const v of opts) {
        await tgt.query(
          `insert into attribute_options (attribute_id, code, value, value_en, position) values ($1, $2, $3, $4, $5)
           on conflict (attribute_id, code) do update set value = excluded.value, value_en = excluded.value_en, position = excluded.position`,
          [id, v.code, v.value, v.value_en, v.position],
        );
      }
      const [row] = await tgt.query<{ code: string }>('select code from attributes where id = $1', [id]);
      const map = new Map<string, string>();
      for (const v of opts) for (const vid of v.ids) map.set(vid, v.code);
      ctx.options.set(ext, { attributeId: id, code: row!.code, values: map });
      rep.counts(E)[created ? 'created' : 'unchanged']++;
    }
  });
  ctx.progress(E, options.length, options.length);
}
