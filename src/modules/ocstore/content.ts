// Information pages → CMS pages, the ocStore 3 blog (categories and articles) → blog, and the 301
// redirects of every old category, brand, page and blog URL to its new page.
import { slugify } from '../../platform/text/slug.js';
import { writeRow } from './batches.js';
import { seoKeywords, imageUrl, type Ctx } from './context.js';
import { setPostTags } from './product-extras.js';
import type { Row } from './source.js';
import { decodeEntities, naiveDate, plain } from './text.js';

function claim(base: string, taken: Set<string>): string {
  let s = base;
  for (let n = 2; taken.has(s); n++) s = `${base}-${n}`;
  taken.add(s);
  return s;
}

/** Descriptions of `table` in the chosen language, else any. */
async function descriptions(ctx: Ctx, table: string, key: string): Promise<Map<string, Row>> {
  const rows = await ctx.src.all(`SELECT * FROM ${ctx.src.t(table)}`);
  const out = new Map<string, Row>();
  for (const r of rows) {
    const id = String(r[key]);
    if (!out.has(id) || Number(r.language_id) === ctx.src.info.languageId) out.set(id, r);
  }
  return out;
}

/** Slugs of `table` held by rows that are not this import's (`entity` in external_refs). */
async function foreignSlugs(ctx: Ctx, table: string, entity: string): Promise<{ taken: Set<string>; mine: Map<string, number> }> {
  const mine = await ctx.tgt.idMap(entity, null);
  const ours = new Set(mine.values());
  const rows = await ctx.tgt.query<{ id: number; slug: string }>(`select id, slug from ${table}`);
  return { taken: new Set(rows.filter((r) => !ours.has(Number(r.id))).map((r) => r.slug)), mine };
}

/** Inserts or updates one row of `table` known as `entity`/`ext`; returns our id. */
async function upsertOne(ctx: Ctx, E: string, entity: string, table: string, ext: string, known: number | undefined, cols: Record<string, unknown>): Promise<number> {
  const { tgt, rep } = ctx;
  const names = Object.keys(cols);
  const vals = Object.values(cols);
  if (known !== undefined) {
    const set = names.map((n, i) => `${n} = $${i + 1}`).join(', ');
    const res = await tgt.query(
      `update ${table} set ${set} where id = $${names.length + 1} and (${names.join(', ')}) is distinct from (${names.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
      [...vals, known],
    );
    const exists = res.length || (await tgt.query(`select 1 from ${table} where id = $1`, [known])).length;
    if (exists) {
      rep.wrote(E, { created: 0, updated: res.length, matched: 1 });
      return known;
    }
  }
  const [row] = await tgt.query<{ id: number }>(
    `insert into ${table} (${names.join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
    vals,
  );
  const id = Number(row!.id);
  await tgt.query(
    `insert into external_refs (system, entity, external_id, internal_id) values ('ocstore', $1, $2, $3)
     on conflict (system, entity, external_id) do update set internal_id = excluded.internal_id, updated_at = now()`,
    [entity, ext, id],
  );
  rep.counts(E).created++;
  return id;
}

export async function importPages(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const E = 'pages';
  if (!src.has('information')) return;
  const rows = await src.all(`SELECT * FROM ${src.t('information')} ORDER BY information_id`);
  const desc = await descriptions(ctx, 'information_description', 'information_id');
  const kws = await seoKeywords(ctx, 'information_id', null);
  const { taken, mine } = await foreignSlugs(ctx, 'cms_pages', 'information');
  rep.counts(E).read = rows.length;
  const redirects: [string, string][] = [];
  await tgt.tx(async () => {
    for (const r of rows) {
      const ext = String(r.information_id);
      const d = desc.get(ext);
      const title = plain(d?.title as string);
      if (!title) {
        rep.skip(E, ext, 'no title in any language');
        continue;
      }
      const slug = claim(slugify(kws.get(ext)?.[0] ?? '', 100) || slugify(title, 100) || `page-${ext}`, taken);
      const landed = await writeRow(ctx, E, ext, async () => {
        await upsertOne(ctx, E, 'information', 'cms_pages', ext, mine.get(ext), {
          slug, title, body_html: decodeEntities(d?.description as string), meta_title: plain(d?.meta_title as string),
          meta_description: plain(d?.meta_description as string), status: Number(r.status) === 1 ? 'published' : 'draft', position: Number(r.sort_order) || 0,
        });
      });
      if (!landed) continue;
      const to = `/page/${slug}`;
      redirects.push([`/index.php?route=information/information&information_id=${ext}`, to]);
      for (const kw of kws.get(ext) ?? []) redirects.push([`/${kw}`, to]);
    }
    rep.report.redirects += await tgt.redirects(withSlash(ctx, redirects));
  });
  ctx.progress(E, rows.length, rows.length);
}

export async function importBlog(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  if (!src.info.blog) return;
  const redirects: [string, string][] = [];
  const catIds = new Map<string, number>();
  if (src.has('blog_category')) {
    const E = 'blog_categories';
    const cats = await src.all(`SELECT * FROM ${src.t('blog_category')} ORDER BY parent_id, blog_category_id`);
    const desc = await descriptions(ctx, 'blog_category_description', 'blog_category_id');
    const kws = await seoKeywords(ctx, 'blog_category_id', null);
    const { taken, mine } = await foreignSlugs(ctx, 'blog_categories', 'blog_category');
    rep.counts(E).read = cats.length;
    const byId = new Map(cats.map((c) => [String(c.blog_category_id), c]));
    await tgt.tx(async () => {
      // parents first (a parent that is missing leaves the category at the top, reported)
      const pending = [...cats];
      for (let pass = 0; pending.length && pass < 50; pass++) {
        for (let i = 0; i < pending.length; ) {
          const c = pending[i]!;
          const ext = String(c.blog_category_id);
          const parent = String(c.parent_id);
          if (parent !== '0' && byId.has(parent) && !catIds.has(parent) && pass < 49) {
            i++;
            continue;
          }
          pending.splice(i, 1);
          if (parent !== '0' && !catIds.has(parent)) rep.warn(E, ext, `parent blog category ${parent} does not exist: placed at the top`);
          const name = plain(desc.get(ext)?.name as string) ?? `Рубрика ${ext}`;
          const slug = claim(slugify(kws.get(ext)?.[0] ?? '', 100) || slugify(name, 100) || `rubric-${ext}`, taken);
          const landed = await writeRow(ctx, E, ext, async () => {
            catIds.set(ext, await upsertOne(ctx, E, 'blog_category', 'blog_categories', ext, mine.get(ext), { parent_id: catIds.get(parent) ?? null, slug, name }));
          });
          if (!landed) continue;
          // the storefront's blog lists a category as /blog?category=<slug>
          const to = `/blog?category=${slug}`;
          redirects.push([`/index.php?route=blog/category&blog_category_id=${ext}`, to]);
          for (const kw of kws.get(ext) ?? []) redirects.push([`/${kw}`, to]);
        }
      }
    });
  }
  const E = 'blog_posts';
  const articles = await src.all(`SELECT * FROM ${src.t('article')} ORDER BY article_id`);
  const desc = await descriptions(ctx, 'article_description', 'article_id');
  const kws = await seoKeywords(ctx, 'article_id', null);
  const links = src.has('article_to_blog_category')
    ? await src.all(`SELECT * FROM ${src.t('article_to_blog_category')} ORDER BY ${src.hasColumn('article_to_blog_category', 'main_blog_category') ? 'main_blog_category DESC,' : ''} blog_category_id`)
    : [];
  const { taken, mine } = await foreignSlugs(ctx, 'blog_posts', 'article');
  rep.counts(E).read = articles.length;
  await tgt.tx(async () => {
    for (const a of articles) {
      const ext = String(a.article_id);
      const d = desc.get(ext);
      const title = plain(d?.name as string);
      if (!title) {
        rep.skip(E, ext, 'no title in any language');
        continue;
      }
      const cat = links.filter((l) => String(l.article_id) === ext).map((l) => catIds.get(String(l.blog_category_id))).find((c) => c !== undefined) ?? null;
      const slug = claim(slugify(kws.get(ext)?.[0] ?? '', 100) || slugify(title, 100) || `post-${ext}`, taken);
      const body = decodeEntities(d?.description as string);
      const published = naiveDate(a.date_available, src.info.timeZone) ?? naiveDate(a.date_added, src.info.timeZone);
      if (!published) rep.warn(E, ext, 'zero date_available and date_added: no publication date');
      const cover = await imageUrl(ctx, E, ext, a.image);
      const landed = await writeRow(ctx, E, ext, async () => {
        const postId = await upsertOne(ctx, E, 'article', 'blog_posts', ext, mine.get(ext), {
          category_id: cat, slug, title, excerpt: plain(d?.meta_description as string), body_html: body,
          cover_image: cover, meta_title: plain(d?.meta_title as string),
          meta_description: plain(d?.meta_description as string), status: Number(a.status) === 1 ? 'published' : 'draft', published_at: published,
        });
        if (d && 'tag' in d) await setPostTags(ctx, postId, d.tag);
      });
      if (!landed) continue;
      const to = `/blog/${slug}`;
      redirects.push([`/index.php?route=blog/article&article_id=${ext}`, to]);
      for (const kw of kws.get(ext) ?? []) redirects.push([`/${kw}`, to]);
    }
    rep.report.redirects += await tgt.redirects(withSlash(ctx, redirects));
  });
  ctx.progress(E, articles.length, articles.length);
}

function withSlash(ctx: Ctx, rows: [string, string][]): [string, string][] {
  if (!ctx.src.info.addSlash) return rows;
  return rows.flatMap(([f, t]) => (f.includes('?') ? [[f, t]] : [[f, t], [`${f}/`, t]]) as [string, string][]);
}

/** Old category URLs (keyword paths, single keywords, route=product/category&path=…) and brand URLs. */
export async function catalogRedirects(ctx: Ctx): Promise<void> {
  const { src, tgt, rep } = ctx;
  const rows: [string, string][] = [];
  const parents = new Map((await src.all(`SELECT category_id, parent_id FROM ${src.t('category')}`)).map((r) => [String(r.category_id), String(r.parent_id)]));
  const kws = await seoKeywords(ctx, 'category_id', null);
  for (const [ext, c] of ctx.categories) {
    const to = `/catalog/${c.path}`;
    const chain: string[] = [];
    for (let cur: string | undefined = ext; cur && cur !== '0' && chain.length < 50; cur = parents.get(cur)) chain.unshift(cur);
    rows.push([`/index.php?route=product/category&path=${chain.join('_')}`, to]);
    if (chain.length > 1) rows.push([`/index.php?route=product/category&path=${ext}`, to]);
    if (c.keywords) rows.push([`/${c.keywords.join('/')}`, to]);
    for (const kw of kws.get(ext) ?? []) rows.push([`/${kw}`, to]);
  }
  const brandNames = new Map(
    (await tgt.query<{ id: number; name: string }>('select id, name from brands where id = any($1::int[])', [[...ctx.brands.values()]])).map((b) => [Number(b.id), b.name]),
  );
  const mkws = await seoKeywords(ctx, 'manufacturer_id', null);
  for (const [ext, id] of ctx.brands) {
    // no brand pages on the storefront yet: a manufacturer page becomes the search for its name
    const to = `/search?q=${encodeURIComponent(brandNames.get(id) ?? '')}`;
    rows.push([`/index.php?route=product/manufacturer/info&manufacturer_id=${ext}`, to]);
    for (const kw of mkws.get(ext) ?? []) rows.push([`/${kw}`, to]);
  }
  await tgt.tx(async () => {
    rep.report.redirects += await tgt.redirects(withSlash(ctx, rows));
  });
}
