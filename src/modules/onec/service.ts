// Inbound 1C rules: each handler takes one consumer batch, applies what it can (idempotent, newest
// wins), dead-letters what it cannot with a reason, and resolves only when everything it applied is
// committed — the consumer commits offsets after that. A thrown error means "retry the batch".
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { kafkaMetrics, type KafkaMessage } from '../../platform/kafka/index.js';
import type { AttributesService } from '../attributes/index.js';
import type { CategoriesService } from '../categories/index.js';
import type { OffersService } from '../offers/index.js';
import type { ProductsService } from '../products/index.js';
import { applyPricesAndStock, type Outcome, type PriceInput, type StockInput } from './catalog.js';
import { parse, type Envelope, type Parsed, type Rejection } from './envelope.js';
import { applyProduct, type ProductDeps } from './product.js';
import * as repo from './repository.js';
import {
  CustomerUpdatedInbound, OrderStatusChanged, PriceChanged, ProductUpdated, StockChanged,
  type CustomerUpdatedInbound as CustomerBody, type OrderStatusChanged as StatusBody, type PriceChanged as PriceBody,
  type ProductUpdated as ProductBody, type StockChanged as StockBody,
} from './schemas.js';

/** The orders module's entry point for 1C statuses (services.orders). */
export interface OrderStatusPort {
  applyStatusChange(input: { order_ref: string; status: string; occurred_at: Date; comment?: string | null; source: '1c' }): Promise<
    'applied' | 'stale' | 'duplicate' | 'unknown_order'
  >;
}
/** The customers module's entry point for 1C:CRM (services.customers). */
export interface CrmCustomerPort {
  upsertFromCrm(input: {
    external_ref: string; email: string | null; phone: string | null; first_name: string; last_name: string; occurred_at: Date;
  }): Promise<'applied' | 'stale'>;
}

export interface OnecModuleDeps {
  products: ProductsService;
  attributes: AttributesService;
  categories: CategoriesService;
  offers: Pick<OffersService, 'recomputeBestOffers'>;
  orders?: OrderStatusPort | null;
  customers?: CrmCustomerPort | null;
}

export interface DeadLetter {
  msg: KafkaMessage;
  rejection: Rejection;
}

export interface OnecOptions {
  /** topic prefix, stripped to find a message's logical topic */
  prefix: string;
  /** publishes rejected messages to <topic>.dlq; must resolve only once the broker acknowledged */
  deadLetter(items: DeadLetter[]): Promise<void>;
  /** concurrent apply transactions per catalog batch on server PostgreSQL (default 2: one per core) */
  applyLanes?: number;
}

export interface OnecService {
  /** price.changed and stock.changed: one database transaction per batch */
  handleCatalogBatch(batch: KafkaMessage[]): Promise<void>;
  handleProductBatch(batch: KafkaMessage[]): Promise<void>;
  handleOrderStatusBatch(batch: KafkaMessage[]): Promise<void>;
  handleCustomerBatch(batch: KafkaMessage[]): Promise<void>;
  listRejects(q: { topic?: string; limit: number; offset: number }): Promise<repo.RejectRow[]>;
}

/** Database errors worth retrying: connection loss, restart, serialization, resources. */
export function isTransient(e: unknown): boolean {
  if (e instanceof AppError) return false;
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return true; // network errors and unknowns: retry rather than lose
  return /^(08|40|53|57|58)/.test(code) || /^E[A-Z]+/.test(code);
}

const OWN_PRODUCER = 'vitrina';

/**
 * Concurrent apply transactions per catalog batch (server PostgreSQL only; PGlite has one session).
 * 2 by default, one per core: with one lane the consumer and its transaction take turns (app and
 * server each idle while the other works; load average 1.7 on 2 cores). bench:kafka at 1M events on
 * the 1M catalog, 2 cores: 1 lane 6,989 events/s, 2 lanes 8,610, 3 lanes 8,986; produce→visible p95
 * 101 / 83 / 97 ms. (Measured before the set-based apply statements, 2 lanes had won nothing.)
 * Re-measured with the optimistic apply and 2 batches in flight (500k events, shared_buffers 4GB):
 * 2 lanes 23,379 events/s, 3 lanes 20,058 and 21,158 (more backends than cores, each with a smaller
 * share of the batch). `bench:kafka -- --lanes N` to re-measure.
 */
export const APPLY_LANES = 2;

/** FNV-1a of the SKU: a stable lane, whatever topic or partition the event came from. */
function laneOf(sku: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < sku.length; i++) h = Math.imul(h ^ sku.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

export function createOnecService(deps: PlatformDeps, mod: OnecModuleDeps, opts: OnecOptions): OnecService {
  const db = deps.db.kysely;
  const metrics = kafkaMetrics(deps.metrics.registry);
  const logical = (topic: string) => (topic.startsWith(opts.prefix) ? topic.slice(opts.prefix.length) : topic);
  const count = (topic: string, outcome: string, n = 1) => metrics.consumed.inc({ topic: logical(topic), outcome }, n);

  function parseAll<T>(batch: KafkaMessage[], schemaOf: (logicalTopic: string) => Parameters<typeof parse>[1]) {
    const ok: Envelope<T>[] = [];
    const bad: DeadLetter[] = [];
    for (const m of batch) {
      const p = parse<T>(m, schemaOf(logical(m.topic)), logical(m.topic)) as Parsed<T>;
      if (p.ok) ok.push(p.env);
      else bad.push({ msg: p.msg, rejection: p.rejection });
    }
    return { ok, bad };
  }

  const rejectRow = (d: DeadLetter, deadLettered = true): repo.RejectRow => ({
    topic: logical(d.msg.topic), kafka_partition: d.msg.partition, kafka_offset: String(d.msg.offset), key: d.msg.key ?? null,
    event_id: d.msg.headers?.get('event_id') ?? null, reason_code: d.rejection.code, reason: d.rejection.reason.slice(0, 2000),
    dead_lettered: deadLettered, payload: (d.msg.value ?? '').slice(0, 100_000),
  });

  /** Dead letters: the report rows, then the DLQ copies (before the offsets are committed). */
  async function finish(dead: DeadLetter[], reports: repo.RejectRow[] = []) {
    if (dead.length || reports.length) await repo.insertRejects(db, [...dead.map((d) => rejectRow(d)), ...reports]);
    if (dead.length) {
      await opts.deadLetter(dead);
      for (const d of dead) count(d.msg.topic, 'dead_lettered');
      deps.log.warn({ rejected: dead.map((d) => ({ topic: d.msg.topic, offset: String(d.msg.offset), ...d.rejection })) }, 'kafka messages dead-lettered');
    }
  }

  function splitCatalog(envs: Envelope<PriceBody | StockBody>[]) {
    const prices: PriceInput[] = [];
    const stocks: StockInput[] = [];
    for (const env of envs) {
      if (logical(env.topic) === 'price.changed') {
        const b = env.body as PriceBody;
        prices.push({ env, sku: b.sku, price: b.price, old_price: b.old_price ?? null, currency: b.currency ?? null });
      } else {
        const b = env.body as StockBody;
        stocks.push({ env, sku: b.sku, stock: 'stock' in b ? b.stock : { [b.warehouse]: b.quantity } });
      }
    }
    return { prices, stocks };
  }

  /** After the commit: best offers (idempotent, so stale events' products are included) and caches. */
  async function afterCatalogCommit(productIds: number[], skus: string[]) {
    await mod.offers.recomputeBestOffers(productIds);
    // per-SKU product caches (storefront card, price blocks) are keyed `product:<sku>`
    if (skus.length) await deps.cache.del(...skus.map((s) => `product:${s}`));
  }

  /** Optimistic first (no row locks); when another writer changed one of the offers meanwhile, once
   *  more with the offers locked, which cannot conflict. */
  async function applyCatalog(envs: Envelope<PriceBody | StockBody>[]) {
    const { prices, stocks } = splitCatalog(envs);
    try {
      return await db.transaction().execute((tx) => applyPricesAndStock(tx, prices, stocks));
    } catch (e) {
      if (!(e instanceof repo.OffersChangedMeanwhile)) throw e;
      metrics.optimisticRetries.inc();
      return db.transaction().execute((tx) => applyPricesAndStock(tx, prices, stocks, { lock: true }));
    }
  }

  /** Runs `task` after every task queued on this lane before it, whether those failed or not. */
  const laneTails: Promise<void>[] = [];
  function onLane(lane: number, task: () => Promise<void>): Promise<void> {
    const run = (laneTails[lane] ?? Promise.resolve()).then(task);
    laneTails[lane] = run.catch(() => {});
    return run;
  }

  function tally(outcomes: Map<Envelope<unknown>, Outcome>, dead: DeadLetter[], msgOf: (e: Envelope<unknown>) => KafkaMessage) {
    for (const [env, o] of outcomes) {
      if (typeof o === 'string') count(env.topic, o);
      else dead.push({ msg: msgOf(env), rejection: o });
    }
  }

  return {
    async handleCatalogBatch(batch) {
      const { ok, bad } = parseAll<PriceBody | StockBody>(batch, (t) => (t === 'price.changed' ? PriceChanged : StockChanged));
      const dead = [...bad];
      const skus = new Set<string>();
      // Lanes by SKU hash: a SKU's events stay in one lane, in order, so the lanes' transactions touch
      // disjoint rows and run side by side (one server backend each). Each lane is a queue: the next
      // batch's share starts as soon as this lane is done with the previous one (the consumer keeps
      // CATALOG_IN_FLIGHT batches going), so the lanes do not wait for each other at batch ends. A
      // lane that fails transiently fails the batch; its retry finds the other lanes' work applied
      // (duplicates: no-ops), and a later batch applied meanwhile makes its older events stale.
      const lanes = deps.db.kind === 'postgres' ? Math.max(1, opts.applyLanes ?? APPLY_LANES) : 1;
      const byLane: Envelope<PriceBody | StockBody>[][] = Array.from({ length: lanes }, () => []);
      for (const env of ok) byLane[lanes === 1 ? 0 : laneOf(env.body.sku, lanes)]!.push(env);
      const settled = await Promise.allSettled(byLane.flatMap((envs, lane) => (envs.length ? [onLane(lane, async () => {
        try {
          const r = await applyCatalog(envs);
          tally(r.outcomes, dead, (e) => e.msg);
          r.skus.forEach((s) => skus.add(s));
        } catch (e) {
          if (isTransient(e)) throw e;
          // a message the checks did not catch broke a statement: apply one by one, dead-letter the culprit
          deps.log.warn({ err: e }, 'catalog batch failed; applying message by message');
          for (const env of envs) {
            try {
              const r = await applyCatalog([env]);
              tally(r.outcomes, dead, (x) => x.msg);
              r.skus.forEach((s) => skus.add(s));
            } catch (e2) {
              if (isTransient(e2)) throw e2;
              dead.push({ msg: env.msg, rejection: { code: 'APPLY_FAILED', reason: (e2 as Error).message } });
            }
          }
        }
      })] : [])));
      // every lane has settled before a retry starts, so a retry never overlaps its own lanes
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      // best offers were recomputed inside the apply transactions; only the caches are left
      if (skus.size) await deps.cache.del(...[...skus].map((s) => `product:${s}`));
      await finish(dead);
    },

    async handleProductBatch(batch) {
      const { ok, bad } = parseAll<ProductBody>(batch, () => ProductUpdated);
      const dead = [...bad];
      const reports: repo.RejectRow[] = [];
      const productDeps: ProductDeps = { db: deps.db, ...mod };
      for (const env of ok) {
        const msg = env.msg;
        const r = await applyProduct(productDeps, env);
        if (r.outcome === 'rejected') dead.push({ msg, rejection: r.rejection! });
        else count(env.topic, r.outcome);
        for (const rej of r.reports) reports.push(rejectRow({ msg, rejection: rej }, false));
        if (r.productIds.length) await afterCatalogCommit(r.productIds, [env.body.sku]);
      }
      await finish(dead, reports);
    },

    async handleOrderStatusBatch(batch) {
      const { ok, bad } = parseAll<StatusBody>(batch, () => OrderStatusChanged);
      const dead = [...bad];
      for (const env of ok) {
        const msg = env.msg;
        if (!mod.orders) throw new Error('order.status_changed needs services.orders (the orders module is not wired)');
        try {
          const r = await mod.orders.applyStatusChange({
            order_ref: env.body.order_id, status: env.body.status, occurred_at: env.occurred_at, comment: env.body.comment ?? null, source: '1c',
          });
          if (r === 'unknown_order') dead.push({ msg, rejection: { code: 'UNKNOWN_ORDER', reason: `no order "${env.body.order_id}"` } });
          else count(env.topic, r);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          dead.push({ msg, rejection: { code: e.code, reason: e.message } });
        }
      }
      await finish(dead);
    },

    async handleCustomerBatch(batch) {
      // Vitrina's own outbound customer.updated shares the topic; it is not an instruction to us
      const inbound = batch.filter((m) => m.headers?.get('producer') !== OWN_PRODUCER);
      const { ok, bad } = parseAll<CustomerBody>(inbound, () => CustomerUpdatedInbound);
      const dead = [...bad];
      for (const env of ok) {
        const msg = env.msg;
        if (!mod.customers) throw new Error('customer.updated needs services.customers (the customers module is not wired)');
        try {
          const b = env.body;
          const r = await mod.customers.upsertFromCrm({
            external_ref: b.external_ref, email: b.email ?? null, phone: b.phone ?? null, first_name: b.first_name ?? '',
            last_name: b.last_name ?? '', occurred_at: env.occurred_at,
          });
          count(env.topic, r);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          dead.push({ msg, rejection: { code: e.code, reason: e.message } });
        }
      }
      await finish(dead);
    },

    listRejects: (q) => repo.listRejects(db, q) as Promise<repo.RejectRow[]>,
  };
}

export { OWN_PRODUCER };
