// A consumer-group member that hands messages to a batch handler and commits offsets only after the
// handler resolved (i.e. after its database commit). It reconnects with backoff when the broker goes
// away and retries a failing batch with backoff, so nothing is skipped; redeliveries are expected and
// the handler is idempotent. stop() lets the batch in hand finish and commit.
import { Consumer, stringDeserializers } from '@platformatic/kafka';
import type { Logger } from 'pino';
import type { KafkaMessage, KafkaSettings } from './client.js';
import type { KafkaMetrics } from './metrics.js';

export interface BatchConsumerOptions {
  settings: KafkaSettings;
  groupId: string;
  topics: string[];
  /** applies a batch durably; throwing means "retry the same batch later" */
  handle(batch: KafkaMessage[]): Promise<void>;
  log: Logger;
  metrics?: KafkaMetrics;
  maxBatch?: number;
  /** how long to wait for a batch to fill once the first message is in hand */
  lingerMs?: number;
  /**
   * Batches handed to `handle` before the oldest has finished (default 1). With more, `handle` must
   * accept a call while earlier ones run and keep per-key order itself; offsets are still committed
   * in batch order, each only after that batch and every earlier one resolved.
   */
  inFlight?: number;
  lagIntervalMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class BatchConsumer {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private consumer: Consumer<string, string, string, string> | null = null;
  private wake: (() => void) | null = null;
  /** resolves when the consumer has joined and its first stream is open (tests wait on it) */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(private readonly o: BatchConsumerOptions) {
    this.ready = new Promise((r) => (this.markReady = r));
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.supervise();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private async supervise(): Promise<void> {
    let backoff = 250;
    while (!this.stopping) {
      try {
        await this.session();
        backoff = 250;
      } catch (err) {
        if (this.stopping) break;
        this.o.log.warn({ err, group: this.o.groupId }, 'kafka consumer failed; reconnecting');
        await this.closeConsumer(true);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
    await this.closeConsumer(false);
  }

  private async closeConsumer(force: boolean) {
    const c = this.consumer;
    this.consumer = null;
    if (!c) return;
    // callback form: never rejects, and a graceful close that fails falls back to a forced one
    const close = (f: boolean) => new Promise<Error | null>((r) => c.close(f, (e) => r(e ?? null)));
    if ((await close(force)) && !force) await close(true);
  }

  /** One connection's life: join, stream, apply batches until stop or error. */
  private async session(): Promise<void> {
    const { settings, groupId, topics, maxBatch = 2000, lingerMs = 20 } = this.o;
    const consumer = new Consumer<string, string, string, string>({
      clientId: `${settings.clientId}-${groupId}`,
      bootstrapBrokers: settings.brokers,
      groupId,
      deserializers: stringDeserializers,
      autocommit: false,
      maxWaitTime: 100,
      // short session: after a broker restart a member that could not leave is expired quickly
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      retries: 3,
      retryDelay: 250,
      timeout: 10_000,
    });
    this.consumer = consumer;
    const stream = await consumer.consume({ topics, mode: 'committed', fallbackMode: 'earliest', autocommit: false });
    this.markReady();
    const buffer: KafkaMessage[] = [];
    let failure: Error | null = null;
    let closed = false;
    const poke = () => this.wake?.();
    stream.on('data', (m: KafkaMessage) => {
      buffer.push(m);
      if (buffer.length >= maxBatch * 2) stream.pause();
      poke();
    });
    stream.on('error', (e: Error) => {
      failure = e;
      poke();
    });
    stream.on('close', () => {
      closed = true;
      poke();
    });
    const lagTimer = this.o.metrics ? setInterval(() => void this.reportLag(consumer), this.o.lagIntervalMs ?? 5_000) : null;
    // The offset commit of batch N (a broker round trip) overlaps the apply of batch N+1; commits are
    // still issued in batch order, each only after its batch's database commit, and a failed one
    // surfaces before the next is sent (the session restarts; redelivery is idempotent). With
    // inFlight > 1 the next batches are handed over before batch N has finished.
    let committing = null as Promise<void> | null; // assigned in settleOldest (TS cannot see it there)
    const inFlight = Math.max(1, this.o.inFlight ?? 1);
    const running: { batch: KafkaMessage[]; done: Promise<void> }[] = [];
    const settleOldest = async () => {
      const oldest = running[0]!;
      try {
        await oldest.done;
      } finally {
        running.shift();
      }
      if (committing) await committing;
      committing = commit(oldest.batch);
      committing.catch(() => {}); // observed by the await above or below
    };
    try {
      while (!this.stopping) {
        if (failure) throw failure;
        if (closed) throw new Error('kafka stream closed');
        if (!buffer.length) {
          // nothing new: finish what is running (its offsets get committed) before waiting
          if (running.length) {
            await settleOldest();
            continue;
          }
          await new Promise<void>((r) => {
            this.wake = r;
            setTimeout(r, 500);
          });
          this.wake = null;
          continue;
        }
        if (buffer.length < maxBatch && lingerMs > 0) await sleep(lingerMs);
        const batch = buffer.splice(0, maxBatch);
        // fetching goes on while the batches run (resuming only after one finished left the lanes
        // waiting for the broker at every other batch)
        if (stream.isPaused() && buffer.length < maxBatch * 2) stream.resume();
        const done = this.applyWithRetry(batch);
        done.catch(() => {}); // observed in order by settleOldest
        running.push({ batch, done });
        if (running.length >= inFlight) await settleOldest();
      }
      // graceful stop: the batches in hand finish and their offsets are committed before leaving
      while (running.length) await settleOldest();
      if (committing) await committing;
    } finally {
      if (lagTimer) clearInterval(lagTimer);
      // after a failure, let the batches still running end before the stream closes (not committed)
      await Promise.allSettled(running.map((r) => r.done));
      await committing?.catch(() => {});
      await stream.close().catch(() => {});
    }
  }

  private async applyWithRetry(batch: KafkaMessage[]): Promise<void> {
    let backoff = 100;
    for (let attempt = 1; ; attempt++) {
      const end = this.o.metrics?.batchSeconds.startTimer({ group: this.o.groupId });
      try {
        await this.o.handle(batch);
        end?.();
        return;
      } catch (err) {
        // the batch was rolled back as a whole; it is retried, never skipped (a bad message is the
        // handler's to dead-letter, so what lands here is transient: database restart, broker down)
        this.o.metrics?.retries.inc({ group: this.o.groupId });
        this.o.log.warn({ err, attempt, group: this.o.groupId, size: batch.length }, 'kafka batch failed; retrying');
        if (this.stopping && attempt >= 3) throw err;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private async reportLag(consumer: Consumer<string, string, string, string>) {
    try {
      const lag = await consumer.getLag({ topics: this.o.topics });
      for (const [topic, parts] of lag) {
        parts.forEach((v, partition) => {
          if (v >= 0n) this.o.metrics?.lag.set({ group: this.o.groupId, topic, partition: String(partition) }, Number(v));
        });
      }
    } catch {
      // lag is best effort; the next tick tries again
    }
  }
}

/** Commits, per partition, the offset after the batch's last message of that partition. */
async function commit(batch: KafkaMessage[]): Promise<void> {
  const last = new Map<string, KafkaMessage>();
  for (const m of batch) {
    const k = `${m.topic}\u0000${m.partition}`;
    const cur = last.get(k);
    if (!cur || cur.offset < m.offset) last.set(k, m);
  }
  await Promise.all(
    [...last.values()].map((m) => new Promise<void>((resolve, reject) => m.commit((e) => (e ? reject(e) : resolve())))),
  );
}
