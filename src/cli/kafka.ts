// `vitrina kafka replay|consume` and `vitrina onec emulate`: the Kafka side of the 1C integration.
import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from './commands.js';
import { openPlatform } from '../platform/runtime.js';
import { progressBar } from '../platform/progress.js';
import { createServices } from '../services.js';
import { createDeadLetterer, createOnecService, kafkaSettingsFrom, startOnecKafka } from '../modules/onec/index.js';
import { replay } from '../modules/onec/replay.js';
import { startEmulator } from '../modules/onec/emulator.js';

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

export function register(program: Command, cli: CliContext): void {
  const settingsOrFail = () => {
    const s = kafkaSettingsFrom(cli.config(), 'vitrina-cli');
    if (!s) throw new InvalidArgumentError('KAFKA_BROKERS is not set');
    return s;
  };

  const kafka = program.command('kafka').description('Kafka integration with 1C');
  kafka
    .command('replay')
    .description("re-read an inbound topic (or its dead letters) and apply it again; idempotent, so applied events change nothing")
    .requiredOption('--topic <name>', 'logical topic: product.updated, price.changed, stock.changed, order.status_changed, customer.updated')
    .option('--dlq', 'read <topic>.dlq instead (dead letters are applied as messages of the topic)')
    .option('--from-offset <n>', 'start at this offset in every partition (default 0)')
    .option('--from-time <iso>', 'start at the first message at or after this time')
    .action(async (opts: { topic: string; dlq?: boolean; fromOffset?: string; fromTime?: string }) => {
      if (opts.fromOffset !== undefined && opts.fromTime !== undefined) throw new InvalidArgumentError('use --from-offset or --from-time, not both');
      const fromTime = opts.fromTime ? new Date(opts.fromTime) : undefined;
      if (fromTime && Number.isNaN(fromTime.getTime())) throw new InvalidArgumentError('--from-time must be an ISO 8601 time');
      if (opts.fromOffset !== undefined && !/^\d+$/.test(opts.fromOffset)) throw new InvalidArgumentError('--from-offset must be a non-negative integer');
      const settings = settingsOrFail();
      const platform = await openPlatform(cli.config(), 'kafka replay');
      const dlq = createDeadLetterer(settings);
      try {
        const services = createServices(platform);
        const service = createOnecService(platform, services, { prefix: settings.prefix, deadLetter: dlq.deadLetter });
        const progress: { bar: ReturnType<typeof progressBar> | null } = { bar: null };
        const r = await replay(settings, service, {
          topic: opts.topic, dlq: opts.dlq, fromTime, fromOffset: opts.fromOffset !== undefined ? BigInt(opts.fromOffset) : undefined,
          onProgress: (read, total) => (progress.bar ??= progressBar('replay', total, 'messages')).update(read),
        });
        progress.bar?.stop();
        await platform.bus.drain();
        console.log(JSON.stringify({ topic: opts.topic, dlq: !!opts.dlq, replayed: r.read }));
      } finally {
        await dlq.close();
        await platform.close();
      }
    });

  kafka
    .command('consume')
    .description('run the 1C consumers and the outbox → Kafka relay without the HTTP server (a worker process)')
    .action(async () => {
      const settings = settingsOrFail();
      const platform = await openPlatform(cli.config(), 'kafka consume');
      const services = createServices(platform);
      const k = await startOnecKafka(platform, services, settings);
      platform.bus.start();
      platform.log.info('1C consumers running; Ctrl-C finishes the batch in hand and stops');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await platform.bus.stop();
      await k.stop();
      await platform.close();
    });

  const onec = program.command('onec').description('1C helpers');
  onec
    .command('emulate')
    .description('play 1C: stream product/price/stock events for catalog SKUs and answer each order.created with status changes')
    .option('--products <n>', 'how many catalog SKUs to update', positive('--products'), 1000)
    .option('--rate <r>', 'events per second', positive('--rate'), 100)
    .option('--duration <s>', 'stop after this many seconds (default: until Ctrl-C)', positive('--duration'))
    .option('--status-delay <ms>', 'delay between order statuses', positive('--status-delay'), 1000)
    .action(async (opts: { products: number; rate: number; duration?: number; statusDelay: number }) => {
      const settings = settingsOrFail();
      const platform = await openPlatform(cli.config(), 'onec emulate');
      let skus: string[];
      try {
        skus = (await platform.db.kysely.selectFrom('products').select('sku').orderBy('id').limit(Math.floor(opts.products)).execute()).map((r) => r.sku);
      } finally {
        await platform.close();
      }
      if (!skus.length) throw new InvalidArgumentError('the catalog is empty: run `vitrina seed` first');
      const emu = startEmulator(settings, { skus, rate: opts.rate, duration: opts.duration, statusDelayMs: opts.statusDelay, log: (s) => console.log(s) });
      const tick = setInterval(() => console.log(JSON.stringify(emu.stats)), 5000);
      await Promise.race([
        emu.done.then(() => (opts.duration ? undefined : new Promise(() => {}))),
        new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        }),
      ]);
      clearInterval(tick);
      await emu.stop();
      console.log(JSON.stringify(emu.stats));
    });
}
