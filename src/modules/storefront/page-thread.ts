// A page thread: renders anonymous product pages beside the main thread (page-threads.ts says why).
// It holds its own services over its own database pool and reads the same cache generations as the
// main thread (Redis, or a mirror of the in-process counters), so its matrices, breadcrumbs and
// navigation follow every invalidation. Job in: a slug and the origin; page out: encoded bytes,
// transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { openCache } from '../../platform/cache/index.js';
import { mirroredCache } from '../../platform/cache/mirror.js';
import { openDatabase } from '../../platform/db/open.js';
import { AppError } from '../../platform/errors.js';
import { EventBus } from '../../platform/events/relay.js';
import { createLogger } from '../../platform/logging.js';
import { createMetrics } from '../../platform/metrics.js';
import { turnBatch } from '../../platform/threads/turn-batch.js';
import { createServices } from '../../services.js';
import { createKit, TOKEN_PLACEHOLDER } from './kit.js';
import { encodePage } from './page-encoding.js';
import { productPageView } from './product-page.js';
import type { ThreadAnswerMessage, ThreadMessage, ThreadJob, ThreadSetup } from './page-threads.js';

const setup = workerData as ThreadSetup;
const port = parentPort!;
const post = (m: ThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
// the answers of one turn (a batch's pages) leave in one message: one wake-up of the main thread
const outbox = turnBatch<{ m: ThreadAnswerMessage; transfer: ArrayBuffer[] }>((batch) =>
  post({ type: 'answers', answers: batch.map((a) => a.m) }, batch.flatMap((a) => a.transfer)));
const answer = (m: ThreadAnswerMessage, transfer: ArrayBuffer[] = []) => outbox.push({ m, transfer });

const config: Config = setup.config;
const log = createLogger(config.logLevel).child({ thread: 'storefront-page' });
// a few connections: the thread's card reads are batched (16 slugs a statement)
const db = await openDatabase(config.database.kind === 'postgres' ? { ...config.database, poolSize: Math.min(4, config.database.poolSize) } : config.database, 'storefront-page-thread');
const mirror = setup.counters
  ? mirroredCache(setup.counters, config.cache.maxEntries, config.cache.ttlSeconds, (key) => post({ type: 'incr', key }))
  : null;
const cache = mirror ?? (await openCache(config));
const deps = { config, db, cache, log, bus: new EventBus(db, log), metrics: createMetrics() };
const services = createServices(deps);
const kit = createKit(deps, services);

async function product(job: ThreadJob): Promise<void> {
  // what the page reads of a request: its origin (canonical and JSON-LD URLs); anonymous, no cookies
  const req = { method: 'GET', url: `/product/${job.slug}`, headers: {}, protocol: job.proto, host: job.host, cookies: {} } as unknown as FastifyRequest;
  let card;
  try {
    card = await services.products.card(job.slug, services.offers);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return answer({ type: 'notFound', id: job.id });
    throw e;
  }
  const view = productPageView(req, card, false);
  const page = encodePage(await kit.compose(req, null, view.template, view.data, view.options), TOKEN_PLACEHOLDER);
  answer({ type: 'page', id: job.id, page }, page.parts.map((p) => p.buffer as ArrayBuffer));
}

port.on('message', (m: { type: 'jobs'; jobs: ThreadJob[] } | { type: 'counter'; key: string; value: number | undefined } | { type: 'close' }) => {
  if (m.type === 'counter') {
    mirror?.apply(m.key, m.value);
  } else if (m.type === 'jobs') {
    // one turn: their cards leave in the same batched statement
    for (const job of m.jobs) product(job).catch((e: unknown) => answer({ type: 'error', id: job.id, message: e instanceof Error ? e.message : String(e) }));
  } else {
    void Promise.allSettled([cache.close(), db.close()]).finally(() => port.close());
  }
});

// snapshots first (matrices, breadcrumbs), so the thread's first pages do not wait on them
await services.attributes.warm().catch((err: unknown) => log.warn({ err }, 'page thread: warm-up failed'));
post({ type: 'ready' });
