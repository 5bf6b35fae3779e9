// Incremental indexing from catalog events. Handlers only queue product ids and return, so the outbox
// relay is never slowed by the engine; a short timer flushes the queue in batches (one catalog read and
// one engine write per batch). A failed flush puts its ids back and retries, so an engine that is down
// for a moment loses nothing; the relay's at-least-once delivery only costs a repeated upsert.
import type { PlatformDeps } from '../../platform/context.js';
import type { DocumentSource } from './documents.js';
import type { SearchEngine } from './engine.js';

export interface Indexer {
  sync(ids: number[]): Promise<void>;
  settled(): Promise<void>;
  stop(): void;
}

const FLUSH_DELAY_MS = 100;
const RETRY_DELAY_MS = 2000;
const BATCH = 500;

export function createIndexer(
  deps: PlatformDeps,
  source: DocumentSource,
  engine: () => Promise<SearchEngine>,
  /** full rebuild for a bulk import (outbox event id: skipped when a later rebuild already covered it) */
  rebuild: (eventId: number) => Promise<void>,
): Indexer {
  const pending = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const categoryJobs: Promise<void>[] = [];

  async function apply(ids: number[]): Promise<void> {
    const e = await engine();
    for (let i = 0; i < ids.length; i += BATCH) {
      const { docs, remove } = await source.byIds(ids.slice(i, i + BATCH));
      if (docs.length) await e.index(docs);
      if (remove.length) await e.remove(remove);
    }
    await e.refresh();
  }

  function schedule(delay = FLUSH_DELAY_MS) {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      running = running.then(flush);
    }, delay);
    timer.unref();
  }

  async function flush(): Promise<void> {
    if (!pending.size) return;
    const ids = [...pending];
    pending.clear();
    try {
      await apply(ids);
    } catch (err) {
      deps.log.warn({ err, products: ids.length }, 'search index update failed; retrying');
      for (const id of ids) pending.add(id);
      schedule(RETRY_DELAY_MS);
    }
  }

  function queue(ids: number[]) {
    for (const id of ids) pending.add(Number(id));
    schedule();
  }

  deps.bus.subscribe('catalog.product_changed', (ev) => queue([ev.payload.product_id]));
  deps.bus.subscribe('catalog.offer_changed', (ev) => queue([ev.payload.product_id]));
  deps.bus.subscribe('catalog.offers_changed', (ev) => queue(ev.payload.offers.map((o) => o.product_id)));
  deps.bus.subscribe('catalog.category_changed', (ev) => {
    // names and paths of the subtree's products changed; their documents are rebuilt in the background
    source.invalidate();
    const job = (async () => {
      for await (const ids of source.idsInCategory(ev.payload.category_id)) queue(ids);
    })().catch((err) => deps.log.warn({ err }, 'search: reading a changed category failed'));
    categoryJobs.push(job);
    void job.finally(() => categoryJobs.splice(categoryJobs.indexOf(job), 1));
  });
  deps.bus.subscribe('catalog.bulk_imported', (ev) => {
    // an import writes products with SQL past the per-product events: rebuild (search stays up meanwhile)
    source.invalidate();
    const job = rebuild(Number(ev.id)).catch((err) => deps.log.warn({ err }, 'search: rebuilding after a bulk import failed'));
    categoryJobs.push(job);
    void job.finally(() => categoryJobs.splice(categoryJobs.indexOf(job), 1));
  });

  return {
    async sync(ids) {
      await apply(ids.map(Number));
    },
    async settled() {
      while (categoryJobs.length) await Promise.all(categoryJobs);
      if (timer) {
        clearTimeout(timer);
        timer = null;
        running = running.then(flush);
      }
      await running;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
