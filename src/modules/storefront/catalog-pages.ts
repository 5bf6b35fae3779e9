// Catalog pages: home, category listing with facets / sort / pagination, product card, search with
// autocomplete. They read through the products, categories, attributes and (when present) search services.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../services.js';
import type { ListingItem, ListingSort } from '../products/index.js';
import type { MatrixEntry } from '../attributes/matrix-types.js';
import { pageParam, queryEntries, withQuery, type Kit } from './kit.js';
import { plural } from './render.js';
import { absolute, breadcrumbList, CATALOG_CRUMB, HOME_CRUMB, originParts, pageSuffix } from './seo.js';
import type { PageThreads } from './page-threads.js';
import { PRODUCT_PAGE_TTL_MS, productPageView } from './product-page.js';
import { createSearchSource } from './search-source.js';
import { categoryScope, productScope } from './page-cache.js';
import type { Executor } from './repository.js';

export const PER_PAGE = 24;
/** Cached category pages' TTL: a safety net under the event-driven generations (products moved in or out
 *  by changes that publish no event). */
export const CATEGORY_PAGE_TTL_MS = 600_000;
const MAX_OFFSET = 10_000;

const SORTS: { value: ListingSort; label: string }[] = [
  { value: 'price_asc', label: 'дешевле' },
  { value: 'price_desc', label: 'дороже' },
  { value: 'newest', label: 'новинки' },
  { value: 'name', label: 'по названию' },
];


const productsText = (n: number, capped = false) =>
  capped ? `более ${n.toLocaleString('ru-RU')} товаров` : `${n.toLocaleString('ru-RU')} ${plural(n, 'товар', 'товара', 'товаров')}`;

type Query = Record<string, unknown>;
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === '' ? [] : String(v).split(','));

/** The facets a category shows: filterable entries of its effective matrix, with the current values. */
function facetsFor(entries: MatrixEntry[], q: Query, counts: Map<string, Map<string, number>> | null) {
  return entries
    .filter((e) => e.filterable && ['enum', 'multi_enum', 'boolean', 'number', 'range'].includes(e.attribute.type))
    .sort((a, b) => a.position - b.position)
    .slice(0, 12)
    .map((e) => {
      const a = e.attribute;
      const key = `filter[${a.code}]`;
      if (a.type === 'enum' || a.type === 'multi_enum') {
        const chosen = new Set(asList(q[key]));
        const c = counts?.get(a.code);
        return {
          kind: 'options' as const, code: a.code, name: a.name, unit: null,
          options: a.options
            .map((o) => ({ code: o.code, label: o.value, checked: chosen.has(o.code), count: c ? (c.get(o.code) ?? 0) : undefined }))
            .filter((o) => !c || o.count || o.checked)
            .slice(0, 30),
        };
      }
      if (a.type === 'boolean') return { kind: 'boolean' as const, code: a.code, name: a.name, unit: null, value: asList(q[key])[0] ?? '' };
      return {
        kind: 'number' as const, code: a.code, name: a.name, unit: a.unit, min: a.min_value, max: a.max_value,
        from: String(q[`from[${a.code}]`] ?? ''), to: String(q[`to[${a.code}]`] ?? ''),
      };
    });
}

/** `filter[c]` lists and `from[c]`/`to[c]` bounds → the listing's `filter[c]=…` query. */
export function listingFilters(q: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    const m = /^(filter|from|to)\[([a-z][a-z0-9_]{0,62})\]$/.exec(k);
    if (!m) continue;
    const code = m[2]!;
    if (m[1] === 'filter') {
      const list = asList(v).map((s) => s.trim()).filter(Boolean);
      if (list.length) out[`filter[${code}]`] = list.join(',');
    }
  }
  for (const [k, v] of Object.entries(q)) {
    const m = /^from\[([a-z][a-z0-9_]{0,62})\]$/.exec(k);
    const code = m?.[1];
    if (!code) continue;
    const from = String(v ?? '').trim();
    const to = String(q[`to[${code}]`] ?? '').trim();
    if (from || to) out[`filter[${code}]`] = `${from}..${to}`;
  }
  for (const [k, v] of Object.entries(q)) {
    const m = /^to\[([a-z][a-z0-9_]{0,62})\]$/.exec(k);
    if (m && !(`from[${m[1]}]` in q) && String(v ?? '').trim()) out[`filter[${m[1]}]`] = `..${String(v).trim()}`;
  }
  return out;
}

export function catalogPages(app: FastifyInstance, services: Services, kit: Kit, db: Executor, threads: PageThreads | null = null) {
  const hide = { schema: { hide: true } };
  const search = createSearchSource(services, db);

  app.get('/', hide, async (req, reply) => {
    const [top, featured, posts, total] = await Promise.all([
      services.categories.tree({ depth: 0 }),
      services.products.list({ status: 'published', sort: 'id', order: 'desc', limit: 8, offset: 0 } as never),
      services.cms.posts.list({ published: true, limit: 3, offset: 0 }),
      search.count(),
    ]);
    const items: ListingItem[] = featured.items.map((p) => ({
      id: p.id, slug: p.slug, name: p.name, brand: p.brand?.name ?? null, image: null, best_price: p.best_price,
      best_old_price: p.best_old_price, best_currency: p.best_currency, in_stock: p.in_stock,
    }));
    return kit.page(req, reply, 'home', { categories: top.filter((c) => c.depth === 0), featured: items, posts: posts.items }, {
      type: 'home', canonical: '/', cacheable: true, vars: { count: productsText(total) },
      jsonld: [{
        '@context': 'https://schema.org', '@type': 'WebSite', name: 'Витрина', url: absolute(req, '/'),
        potentialAction: { '@type': 'SearchAction', target: absolute(req, '/search?q={search_term_string}'), 'query-input': 'required name=search_term_string' },
      }],
    });
  });

  // the whole catalog at a glance: every top-level category with its subcategories (two levels of a
  // 9,000-category tree: a few hundred links, one indexed read; deeper levels are on the category pages)
  app.get('/catalog', hide, async (req, reply) => {
    const nodes = await services.categories.tree({ depth: 1 });
    const sections = nodes.filter((n) => n.depth === 0).map((root) => ({
      name: root.name, path: root.path,
      children: nodes.filter((n) => n.depth === 1 && n.parent_id === root.id).map((c) => ({ name: c.name, path: c.path })),
    }));
    return kit.page(req, reply, 'catalog', { sections, crumbs: [{ name: CATALOG_CRUMB.name, path: '' }] }, {
      type: 'catalog', canonical: '/catalog', cacheable: true,
      jsonld: [breadcrumbList(req, [HOME_CRUMB, CATALOG_CRUMB])],
    });
  });

  app.get('/catalog/*', hide, async (req, reply) => {
    const raw = (req.params as { '*': string })['*'];
    const path = decodeURIComponent(raw).replace(/\/+$/, '');
    if (!path) return reply.redirect(withQuery('/catalog', queryEntries(req.query as Query)), 301);
    if (raw.endsWith('/') && path) return reply.redirect(withQuery(`/catalog/${path}`, queryEntries(req.query as Query)), 301);
    const category = path ? await services.categories.findByPath(path) : null;
    if (!category) {
      // a bare slug (what autocomplete knows) finds the category wherever it sits in the tree
      const bySlug = path && !path.includes('/') ? await services.categories.findBySlug(path) : null;
      if (bySlug) return reply.redirect(withQuery(`/catalog/${bySlug.path}`, queryEntries(req.query as Query)), 301);
      return kit.notFound(req, reply);
    }
    return categoryPage(req, reply, category.id, category.path, category.name, category.description, category.depth);
  });

  async function categoryPage(req: FastifyRequest, reply: FastifyReply, id: number, path: string, name: string, description: string | null, depth: number) {
    const pin = kit.pin([categoryScope(id)], CATEGORY_PAGE_TTL_MS);
    const q = req.query as Query;
    const page = pageParam(q);
    const sort = (SORTS.find((s) => s.value === q.sort)?.value ?? 'price_asc') as ListingSort;
    const basePath = `/catalog/${path}`;
    const offset = (page - 1) * PER_PAGE;
    if (offset > MAX_OFFSET) return kit.notFound(req, reply);
    const filters = listingFilters(q);
    const filtered = Object.keys(filters).length > 0;
    const [matrix, crumbs, subtree] = await Promise.all([
      services.attributes.effectiveMatrix(id),
      services.categories.breadcrumbs(id),
      services.categories.tree({ root: id, depth: 1 }),
    ]);
    let listing: { items: ListingItem[]; total: number; total_capped: boolean } = { items: [], total: 0, total_capped: false };
    let counts: Map<string, Map<string, number>> | null = null;
    let error: string | null = null;
    try {
      const r = await search.category(id, matrix, { filters, sort, limit: PER_PAGE, offset });
      listing = r;
      counts = r.counts;
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      error = `Фильтр не применён: ${e.message}`;
      reply.status(400);
    }
    const pages = Math.max(1, Math.ceil(Math.min(listing.total, MAX_OFFSET + PER_PAGE) / PER_PAGE));
    if (page > pages) return kit.notFound(req, reply);
    const entries = queryEntries(q);
    const href = (n: number) => withQuery(basePath, entries, n);
    const pager = kit.pager(page, pages, href);
    const crumbItems = crumbs.map((b) => ({ name: b.name, path: `/catalog/${b.path}` }));
    return kit.page(req, reply, 'category', {
      h1: undefined,
      crumbs: [CATALOG_CRUMB, ...crumbItems.slice(0, -1), { name, path: '' }],
      children: subtree.filter((c) => c.depth === depth + 1),
      facets: facetsFor(matrix.entries, q, counts),
      items: listing.items, basePath, sort, filtered, error, description, pager,
      totalText: productsText(listing.total, listing.total_capped),
      sorts: SORTS.map((s) => ({ label: s.label, current: s.value === sort, href: withQuery(basePath, [...entries.filter(([k]) => k !== 'sort'), ['sort', s.value]]) })),
    }, {
      type: 'category',
      vars: {
        name, page: pageSuffix(page), total: productsText(listing.total, listing.total_capped),
        from: listing.items[0]?.best_price ? `, цены от ${Math.floor(Math.min(...listing.items.map((i) => i.best_price ?? Infinity)) / 100).toLocaleString('ru-RU')} ₽` : '',
      },
      canonical: page > 1 ? `${basePath}?page=${page}` : basePath,
      // filtered and re-sorted views are crawlable for links but not indexed as duplicates
      ...(filtered || q.sort !== undefined ? { robots: 'noindex, follow' } : {}),
      prev: pager.prev, next: pager.next,
      jsonld: [breadcrumbList(req, [HOME_CRUMB, CATALOG_CRUMB, ...crumbItems])],
      status: error ? 400 : 200,
      cacheable: await pin,
    });
  }

  app.get('/product/:slug', hide, async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const pin = kit.pin([productScope(slug)], PRODUCT_PAGE_TTL_MS);
    // an anonymous visitor's page is read and rendered on a page thread when one can take it
    if (threads && kit.anonymous(req)) {
      const pinned = await pin;
      const answer = pinned ? await threads.product(slug, originParts(req).proto, originParts(req).host) : null;
      if (answer && 'notFound' in answer) return kit.notFound(req, reply);
      if (answer && pinned) return kit.sendRendered(req, reply, answer.page, pinned);
    }
    let card;
    try {
      card = await services.products.card(slug, services.offers);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return kit.notFound(req, reply);
      throw e;
    }
    const view = productPageView(req, card, await pin);
    return kit.page(req, reply, view.template, view.data, view.options);
  });

  app.get('/search', hide, async (req, reply) => {
    const q = req.query as Query;
    const text = String(q.q ?? '').trim().slice(0, 200);
    const page = pageParam(q);
    const offset = (page - 1) * PER_PAGE;
    const result = text && offset <= MAX_OFFSET ? await search.text(text, { limit: PER_PAGE, offset }) : { items: [], total: 0, total_capped: false, didYouMean: null };
    const pages = Math.max(1, Math.ceil(Math.min(result.total, MAX_OFFSET + PER_PAGE) / PER_PAGE));
    const pager = kit.pager(Math.min(page, pages), pages, (n) => withQuery('/search', [['q', text]], n));
    return kit.page(req, reply, 'search', {
      q: text, items: result.items, pager, didYouMean: result.didYouMean, totalText: `Найдено: ${productsText(result.total, result.total_capped)}`,
    }, {
      type: 'search', vars: { q: text, page: pageSuffix(page) }, canonical: withQuery('/search', [['q', text]], page),
      robots: 'noindex, follow', prev: pager.prev, next: pager.next, cacheable: true,
    });
  });

  app.get('/search/suggest', {
    schema: {
      tags: ['storefront'], summary: 'Search autocomplete: products, categories and brands by prefix',
      querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100 } } },
    },
  }, async (req, reply) => {
    const text = String((req.query as Query).q ?? '').trim();
    reply.header('cache-control', 'public, max-age=60');
    return { items: text.length >= 2 ? await search.suggest(text, 8) : [] };
  });
}
