// Catalog events → page cache generations. Product and offer changes are gathered for a moment and
// resolved in one query to the product's slug (its card) and category tree (its listings), so a 1C
// price batch of thousands of offers costs a few statements, not one per offer. Structural changes
// (categories, bulk imports) bump the global generation: every page is rendered again.
import { sql } from 'kysely';
import type { PlatformDeps } from '../../platform/context.js';
import { categoryScope, PAGES_SCOPE, productScope, type PageCache } from './page-cache.js';

export const INVALIDATION_DEBOUNCE_MS = 100;

export function subscribePageInvalidation(deps: PlatformDeps, pages: PageCache) {
  const pending = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  async function flush() {
    timer = null;
    const ids = [...pending];
    pending.clear();
    if (!ids.length) return;
    // unpublished and deleted products included: their cached cards must go too
    const { rows } = await sql<{ slug: string; tree: number[] | null }>`
      select slug, category_tree_ids as tree from products where id = any(${ids}::bigint[])`.execute(deps.db.kysely);
    const scopes = new Set<string>();
    for (const r of rows) {
      scopes.add(productScope(r.slug));
      for (const c of r.tree ?? []) scopes.add(categoryScope(Number(c)));
    }
    await pages.invalidate([...scopes]);
  }

  function queue(productId: number) {
    pending.add(Number(productId));
    timer ??= setTimeout(() => {
      running = running.then(flush).catch((err) => deps.log.warn({ err }, 'page cache invalidation failed'));
    }, INVALIDATION_DEBOUNCE_MS);
  }

  deps.bus.subscribe('catalog.product_changed', (ev) => {
    // a deleted product has no row left to find its slug by; deletions are rare enough to flush all
    if (ev.payload.change === 'deleted') return pages.invalidate([PAGES_SCOPE]);
    queue(ev.payload.product_id);
  });
  deps.bus.subscribe('catalog.offer_changed', (ev) => queue(ev.payload.product_id));
  deps.bus.subscribe('catalog.offers_changed', (ev) => ev.payload.offers.forEach((o) => queue(o.product_id)));
  deps.bus.subscribe('catalog.category_changed', () => pages.invalidate([PAGES_SCOPE]));
  deps.bus.subscribe('catalog.bulk_imported', () => pages.invalidate([PAGES_SCOPE]));

  return {
    /** Resolves once every queued change has been applied (tests). */
    async settle() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        running = running.then(flush);
      }
      await running;
    },
  };
}
