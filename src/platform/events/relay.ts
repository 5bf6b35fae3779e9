// Moves committed outbox rows to subscribers, in id order (so per-key order holds), at least once.
// The embedded default delivers to in-process handlers; a Kafka sink plugs into the same loop.
// Several processes may run a relay (`serve` and `kafka consume`): a lease row lets one of them drain
// at a time, because two relays draining disjoint rows would publish a key's events out of order.
// Row claims with `for update skip locked` would avoid duplicates but not that reordering.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { EventMap, EventName } from './event-map.js';

export interface OutboxEvent<E extends EventName = EventName> {
  id: number;
  topic: E;
  key: string;
  payload: EventMap[E];
  headers: Record<string, string>;
}

export type Handler<E extends EventName> = (event: OutboxEvent<E>) => Promise<void> | void;

/** An external destination (Kafka) for some topics: it must resolve only once every event is durably
 *  accepted, in the order given; a rejection leaves the rows unpublished, to be retried next pass. */
export interface EventSink {
  readonly topics: ReadonlySet<string>;
  publish(events: OutboxEvent[]): Promise<void>;
}

/** One lease holder per process; drains of the buses of one process on one database run one at a time. */
const PROCESS_HOLDER = randomUUID();
const inProcess = new WeakMap<Database, Promise<unknown>>();

export class EventBus {
  private handlers = new Map<string, Handler<EventName>[]>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private sink: EventSink | null = null;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly batchSize = 500,
    /** how long a relay that stopped renewing (crashed, hung) keeps the others out; longer than a sink's
     *  publish timeout, so a slow holder is not overtaken mid-batch */
    private readonly leaseMs = 30_000,
    /** lease holder id: one per process (tests stand in for a second process with their own) */
    private readonly holder: string = PROCESS_HOLDER,
  ) {}

  /** Takes or renews the relay lease; false while another live process holds it. */
  private async holdLease(): Promise<boolean> {
    const r = await sql<{ holder: string }>`
      insert into outbox_relay_lease as l (name, holder, expires_at)
      values ('outbox', ${this.holder}, now() + ${this.leaseMs} * interval '1 millisecond')
      on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
        where l.holder = excluded.holder or l.expires_at < now()
      returning holder`.execute(this.db.kysely);
    return r.rows.length > 0;
  }

  subscribe<E extends EventName>(topic: E, handler: Handler<E>): void {
    const list = this.handlers.get(topic) ?? [];
    list.push(handler as unknown as Handler<EventName>);
    this.handlers.set(topic, list);
  }

  /** Plugs (or unplugs) an external sink; in-process handlers keep running either way. */
  setSink(sink: EventSink | null): void {
    this.sink = sink;
  }

  /**
   * Delivers every pending event; returns how many were delivered. Rows are marked only after
   * their handlers ran (at least once), and no transaction is held while handlers run, so a
   * handler may itself use the database (PGlite has a single session).
   */
  async drain(): Promise<number> {
    const prev = inProcess.get(this.db) ?? Promise.resolve();
    const run = prev.catch(() => {}).then(() => this.drainHeld());
    inProcess.set(this.db, run);
    return run;
  }

  private async drainHeld(): Promise<number> {
    let total = 0;
    for (;;) {
      // renewed per batch: the lease lapses only when this process stops relaying
      if (!(await this.holdLease())) return total;
      const rows = await sql<OutboxEvent>`
        select id, topic, key, payload, headers from outbox
        where published_at is null order by id limit ${this.batchSize}`.execute(this.db.kysely);
      const sink = this.sink;
      const external = sink ? rows.rows.filter((r) => sink.topics.has(r.topic)) : [];
      if (sink && external.length) await sink.publish(external);
      for (const ev of rows.rows) {
        for (const h of this.handlers.get(ev.topic) ?? []) {
          try {
            await h(ev);
          } catch (err) {
            // a failing in-process subscriber must not block the others; it is logged with the event
            this.log.error({ err, event_id: ev.headers?.event_id, topic: ev.topic }, 'event handler failed');
          }
        }
      }
      if (rows.rows.length) {
        await this.db.kysely
          .updateTable('outbox')
          .set({ published_at: new Date() })
          .where('id', 'in', rows.rows.map((r) => r.id))
          .execute();
      }
      total += rows.rows.length;
      if (rows.rows.length < this.batchSize) return total;
    }
  }

  start(intervalMs = 250): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch((err) => this.log.warn({ err }, 'outbox relay pass failed; retrying'));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    // hand over at once instead of after the lease's expiry (best effort: the database may be gone)
    await sql`delete from outbox_relay_lease where name = 'outbox' and holder = ${this.holder}`.execute(this.db.kysely).catch(() => {});
  }
}
