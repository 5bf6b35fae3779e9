// Where the storefront's listings come from: category pages use the products module's listing
// (attribute filters over the GIN index, the source of truth); free text and autocomplete go through
// the search service, falling back to name prefixes when its engine is unavailable.
import type { Services } from '../../services.js';
import type { EffectiveMatrix } from '../attributes/matrix-types.js';
import type { ListingItem, ListingSort } from '../products/index.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './repository.js';

export interface Suggestion {
  kind: 'product' | 'category' | 'brand';
  text: string;
  url: string;
}

export interface TextResult {
  items: ListingItem[];
  total: number;
  total_capped: boolean;
  didYouMean: string | null;
}

export interface SearchSource {
  category(id: number, matrix: EffectiveMatrix, q: { filters: Record<string, string>; sort: ListingSort; limit: number; offset: number }):
    Promise<{ items: ListingItem[]; total: number; total_capped: boolean; counts: Map<string, Map<string, number>> | null }>;
  text(q: string, page: { limit: number; offset: number }): Promise<TextResult>;
  suggest(prefix: string, limit: number): Promise<Suggestion[]>;
  /** published products, for the home page's copy (cached for ten minutes) */
  count(): Promise<number>;
}

export function createSearchSource(services: Services, db: repo.Executor): SearchSource {
  const { products, categories } = services;
  const searchService = services.search;
  let counted: { at: number; value: Promise<number> } | null = null;

  const fromSummary = (p: Awaited<ReturnType<typeof products.list>>['items'][number]): ListingItem => ({
    id: p.id, slug: p.slug, name: p.name, brand: (p as { brand?: { name: string } | null }).brand?.name ?? null, image: null,
    best_price: p.best_price, best_old_price: p.best_old_price, best_currency: p.best_currency, in_stock: p.in_stock,
  });

  return {
    async category(id, _matrix, q) {
      // no option counts: the search engine's facet aggregation over a big category (0.6–2.6 s for
      // 25k–133k products at 1M SKUs, measured) would multiply a cache miss's cost
      const r = await products.listCategory(id, { limit: q.limit, offset: q.offset, sort: q.sort, query: q.filters });
      return { items: r.items, total: r.total, total_capped: r.total_capped, counts: null };
    },

    async text(q, page) {
      if (searchService) {
        try {
          const r = await searchService.search({ q, page: Math.floor(page.offset / page.limit) + 1, per_page: page.limit, facets: '', query: {} });
          return { items: r.items, total: r.total, total_capped: false, didYouMean: r.did_you_mean };
        } catch (e) {
          // the engine being down must not take the search page with it: fall back to name prefixes
          if (!(e instanceof AppError) || e.code !== 'SEARCH_UNAVAILABLE') throw e;
        }
      }
      const r = await products.list({ status: 'published', q, sort: 'name', order: 'asc', limit: page.limit, offset: page.offset });
      return { items: r.items.map(fromSummary), total: r.total, total_capped: r.total_capped, didYouMean: null };
    },

    async suggest(prefix, limit) {
      if (searchService) {
        const list = await searchService.suggest(prefix, limit).catch((e) => {
          if (e instanceof AppError && e.code === 'SEARCH_UNAVAILABLE') return null;
          throw e;
        });
        if (list) return list.map((s) => ({
          kind: s.kind as Suggestion['kind'], text: s.text,
          url: s.kind === 'product' ? `/product/${s.slug}` : s.kind === 'category' ? `/catalog/${s.slug}` : `/search?q=${encodeURIComponent(s.text)}`,
        }));
      }
      const [cats, prods] = await Promise.all([
        categories.list({ q: prefix, limit: 3, offset: 0 }),
        products.list({ status: 'published', q: prefix, sort: 'name', order: 'asc', limit, offset: 0 }),
      ]);
      return [
        ...cats.items.map((c) => ({ kind: 'category' as const, text: c.name, url: `/catalog/${c.path}` })),
        ...prods.items.map((p) => ({ kind: 'product' as const, text: p.name, url: `/product/${p.slug}` })),
      ].slice(0, limit);
    },

    count() {
      if (!counted || Date.now() - counted.at > 600_000) {
        const value = repo.countPublished(db);
        counted = { at: Date.now(), value };
        value.catch(() => (counted = null));
      }
      return counted.value;
    },
  };
}
