// Rendered HTML of anonymous GETs (no session, no cart) in a bounded in-process LRU, checked against
// cache Namespace generations (src/platform/cache) so a change elsewhere reaches every worker:
// - `storefront:pages`            everything (categories moved, bulk imports, matrices),
// - `storefront:product:<bucket>` product cards by a hash of the slug (their product or offers changed),
// - `storefront:category:<id>`    listings of a category and its ancestors (a product in it changed),
// - `categories`, `matrix`        the categories and attributes modules' own namespaces (tree, names,
//                                 facets and attribute groups shown on every page).
// A page records the generations it was rendered under, read BEFORE its data, so a change that commits
// while it renders leaves it stale-marked, never stale-trusted. Generations are read from the shared
// cache (Redis when REDIS_URL is set) at most once per `generationMemoMs` per scope and worker, which
// bounds how long a price change from 1C takes to show: outbox relay (≤ 250 ms) + debounce (100 ms)
// + memo (1 s) after its commit. A per-page TTL is the safety net for changes that publish no event
// (stock taken by checkouts).
import { LRUCache } from 'lru-cache';
import { Namespace, type Cache } from '../../platform/cache/index.js';
import { encodePage, type EncodedPage } from './page-encoding.js';

export const PAGES_SCOPE = 'pages';
/** Namespaces other modules already bump when what every page shows changes (category tree and
 *  names, attribute matrices): a page depends on them too, so their invalidation reaches it. */
const SHARED_SCOPES = ['ns:categories', 'ns:matrix'];
/** Product cards share 65,536 generation counters by a hash of the slug: the counters (kept for
 *  good, in Redis or in memory) stay bounded for any catalog, and a bump re-renders a dozen other
 *  cards of a 1M catalog along with the changed one. */
export const PRODUCT_BUCKETS = 65_536;
export function productScope(slug: string): string {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < slug.length; i++) h = Math.imul(h ^ slug.charCodeAt(i), 0x01000193);
  return `product:${(h >>> 0) % PRODUCT_BUCKETS}`;
}
export const categoryScope = (id: number) => `category:${id}`;

/** The scopes a page depends on and their generations, read before its data was. */
export interface PagePin {
  scopes: string[];
  sig: string;
  /** how long the rendered page may be reused at most */
  ttlMs: number;
}

export interface CachedPage {
  /** the UTF-8 HTML split at the CSRF placeholder (the visitor's token goes between the parts on the
   *  way out): a hit sends bytes encoded once, not a string re-encoded per visitor */
  parts: Buffer[];
  /** a strong validator of that HTML */
  etag: string;
  /** whether the page carries a per-visitor token (then it is private to the visitor) */
  personal: boolean;
  scopes: string[];
  sig: string;
}

export interface PageCacheOptions {
  maxBytes?: number;
  maxEntries?: number;
  generationMemoMs?: number;
}

export function createPageCache(cache: Cache, placeholder: string, o: PageCacheOptions = {}) {
  const memoMs = o.generationMemoMs ?? 1_000;
  const pages = new LRUCache<string, CachedPage>({
    // ~12 KB a product card: 192 MB (STOREFRONT_PAGE_CACHE_MB) keeps ~16,000 of them, the popular head
    // of a 1M catalog (the bodies are Buffers outside the JS heap, so the size costs memory, not GC time)
    max: o.maxEntries ?? Math.max(50_000, Math.ceil((o.maxBytes ?? 0) / 4096)),
    maxSize: o.maxBytes ?? 192 * 1024 * 1024,
    sizeCalculation: (v) => v.parts.reduce((n, b) => n + b.length, 200),
    ttlAutopurge: false,
  });
  // scope → its generation key, remembered briefly: the hit path must not wait on Redis each time
  const gens = new LRUCache<string, { at: number; value: Promise<string> }>({ max: 100_000 });
  const namespaces = (scope: string) => new Namespace(cache, scope.startsWith('ns:') ? scope.slice(3) : `storefront:${scope}`);

  function generation(scope: string): Promise<string> {
    const now = Date.now();
    const g = gens.get(scope);
    if (g && now - g.at < memoMs) return g.value;
    const value = namespaces(scope).key('');
    gens.set(scope, { at: now, value });
    value.catch(() => gens.delete(scope));
    return value;
  }

  async function signature(scopes: string[]): Promise<string> {
    const parts = await Promise.all(scopes.map(generation));
    return parts.join('|');
  }

  return {
    /** Reads the generations of `scopes` (always with the global one) before the page's data is read. */
    async pin(scopes: string[], ttlMs: number): Promise<PagePin> {
      const all = [PAGES_SCOPE, ...SHARED_SCOPES, ...scopes];
      return { scopes: all, sig: await signature(all), ttlMs };
    },

    /** Keeps a page rendered under `pin` (its HTML, or its bytes from the render pool). */
    store(key: string, page: string | EncodedPage, pin: PagePin): CachedPage {
      const encoded = typeof page === 'string' ? encodePage(page, placeholder) : page;
      const parts = encoded.parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
      const cached: CachedPage = { parts, etag: encoded.etag, personal: parts.length > 1, scopes: pin.scopes, sig: pin.sig };
      pages.set(key, cached, { ttl: pin.ttlMs });
      return cached;
    },

    /** The page when its generations still hold; undefined when it must be rendered. */
    async lookup(key: string): Promise<CachedPage | undefined> {
      const page = pages.get(key);
      if (!page) return undefined;
      if ((await signature(page.scopes)) === page.sig) return page;
      pages.delete(key);
      return undefined;
    },

    /** Bumps the generations (in the shared cache) and forgets this worker's memo of them. */
    async invalidate(scopes: string[]): Promise<void> {
      await Promise.all(scopes.map(async (s) => {
        await namespaces(s).invalidate();
        gens.delete(s);
      }));
    },

    stats: () => ({ entries: pages.size, bytes: pages.calculatedSize }),
  };
}

export type PageCache = ReturnType<typeof createPageCache>;
