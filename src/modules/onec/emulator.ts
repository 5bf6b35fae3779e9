// `vitrina onec emulate`: plays 1C against the broker. It streams product, price and stock events for
// SKUs of the catalog at a steady rate, and answers each order.created with accepted → assembled →
// shipped → delivered, a short delay apart — what a demo or an end-to-end test needs from "1C".
import { randomUUID } from 'node:crypto';
import { Consumer, stringDeserializers } from '@platformatic/kafka';
import { createProducer, ensureTopics, topicName, type KafkaSettings } from '../../platform/kafka/index.js';
import { OUTBOUND_TOPICS, INBOUND_TOPICS } from './consumers.js';

export interface EmulatorOptions {
  skus: string[];
  /** events per second */
  rate: number;
  /** seconds; 0 = until stop() */
  duration?: number;
  statusDelayMs?: number;
  seed?: number;
  log?: (s: string) => void;
}

export interface EmulatorStats {
  product: number;
  price: number;
  stock: number;
  statuses: number;
  orders: number;
}

const WAREHOUSES = ['msk', 'spb', 'ekb', 'nsk'];
export const ORDER_FLOW = ['accepted', 'assembled', 'shipped', 'delivered'] as const;
/** tries per status before the emulator gives up on an order (the broker is gone for good) */
const SEND_ATTEMPTS = 6;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

export function startEmulator(settings: KafkaSettings, o: EmulatorOptions) {
  const stats: EmulatorStats = { product: 0, price: 0, stock: 0, statuses: 0, orders: 0 };
  const producer = createProducer(settings, 'emulator');
  const rand = rng(o.seed ?? 1);
  const t = (n: string) => topicName(settings, n);
  const headers = () => ({ event_id: randomUUID(), occurred_at: new Date().toISOString(), source_version: String(Date.now()) });
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const h = setTimeout(() => {
      timers.delete(h);
      fn();
    }, ms);
    timers.add(h);
  };

  function event() {
    const sku = o.skus[Math.floor(rand() * o.skus.length)]!;
    const r = rand();
    const price = 100 * (500 + Math.floor(rand() * 200_000));
    if (r < 0.05) {
      stats.product++;
      const stock = Object.fromEntries(WAREHOUSES.slice(0, 2).map((w) => [w, Math.floor(rand() * 100)]));
      return { topic: t('product.updated'), key: sku, value: JSON.stringify({ id: sku, sku, name: `Товар ${sku} (1С)`, price, stock }), headers: headers() };
    }
    if (r < 0.7) {
      stats.price++;
      return { topic: t('price.changed'), key: sku, value: JSON.stringify({ sku, price, currency: 'RUB', source: 'retail' }), headers: headers() };
    }
    stats.stock++;
    const warehouse = WAREHOUSES[Math.floor(rand() * WAREHOUSES.length)]!;
    return { topic: t('stock.changed'), key: sku, value: JSON.stringify({ sku, warehouse, quantity: Math.floor(rand() * 50) }), headers: headers() };
  }

  async function stream() {
    const started = Date.now();
    let sent = 0;
    while (!stopped && (!o.duration || Date.now() - started < o.duration * 1000)) {
      const due = Math.floor(((Date.now() - started) / 1000) * o.rate) - sent;
      if (due > 0) {
        const n = Math.min(due, 5000);
        await producer.send({ messages: Array.from({ length: n }, event) });
        sent += n;
      } else await new Promise((r) => setTimeout(r, 20));
    }
  }

  const pause = (ms: number) => new Promise<void>((r) => later(ms, r));

  /** The order's statuses one after another, each sent (and acknowledged) before the next is due, a
   *  failed send retried. They used to leave from four independent timers with failures only logged: one
   *  CI run saw an order stop at "shipped" (the cause was not logged; a refused or raced send on a fresh
   *  topic is the likely one), and a lost status leaves a demo order stuck. */
  async function answerOrder(orderId: string) {
    for (const status of ORDER_FLOW) {
      await pause(o.statusDelayMs ?? 1000);
      const message = { topic: t('order.status_changed'), key: orderId, value: JSON.stringify({ order_id: orderId, status }), headers: headers() };
      for (let attempt = 1; ; attempt++) {
        if (stopped) return;
        try {
          await producer.send({ messages: [message] });
          stats.statuses++;
          break;
        } catch (e) {
          o.log?.(`status ${status} of ${orderId} not sent (attempt ${attempt}): ${(e as Error).message}`);
          if (attempt >= SEND_ATTEMPTS) return;
          await pause(100 * 2 ** attempt);
        }
      }
    }
  }

  const consumer = new Consumer<string, string, string, string>({
    clientId: `${settings.clientId}-emulator`, bootstrapBrokers: settings.brokers, groupId: `vitrina-1c-emulator-${settings.prefix || 'default'}`,
    deserializers: stringDeserializers, maxWaitTime: 200,
  });
  async function answerOrders() {
    const s = await consumer.consume({ topics: [t('order.created')], mode: 'committed', fallbackMode: 'latest', autocommit: 1000 });
    s.on('data', (m) => {
      let orderId: string;
      try {
        orderId = String(JSON.parse(m.value ?? '').order_id);
      } catch {
        return;
      }
      stats.orders++;
      o.log?.(`order ${orderId}: accepted → delivered`);
      void answerOrder(orderId);
    });
    return s;
  }

  const done = (async () => {
    await ensureTopics(settings, [...INBOUND_TOPICS, ...OUTBOUND_TOPICS].map(t));
    const orders = await answerOrders();
    await stream();
    if (!o.duration) return orders;
    return orders;
  })();

  return {
    stats,
    done,
    async stop() {
      stopped = true;
      const orders = await done.catch(() => null);
      for (const h of timers) clearTimeout(h);
      await orders?.close().catch(() => {});
      await new Promise<void>((r) => consumer.close(true, () => r()));
      await producer.close();
    },
  };
}
