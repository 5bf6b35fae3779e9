// `vitrina serve`: open the platform, make it usable on first start, listen, shut down cleanly.
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { ensureAdminToken } from './platform/http/auth.js';
import { progressBar } from './platform/progress.js';
import { openPlatform } from './platform/runtime.js';
import { catalogStats, seedCatalog } from './modules/bulk/index.js';
import { seedDemoContent } from './modules/cms/index.js';
import { kafkaSettingsFrom, startOnecKafka } from './modules/onec/index.js';

export async function serve(config: Config): Promise<void> {
  const platform = await openPlatform(config, 'serve');
  const { log } = platform;

  const firstToken = await ensureAdminToken(platform.db, config.adminToken);
  if (firstToken) {
    // printed once to the terminal, never logged: only its hash is stored
    process.stdout.write(
      `\n  Admin API token (shown once, store it now):\n\n    ${firstToken}\n\n` +
        '  Use it as "Authorization: Bearer <token>". Create more with `vitrina token create`.\n\n',
    );
  }

  if (config.demo.onStart && config.demo.products > 0) {
    const stats = await catalogStats(platform.db);
    if (stats.products === 0 && stats.categories === 0) {
      log.info({ ...config.demo }, 'empty catalog: generating demo data');
      const bar = progressBar('demo catalog', config.demo.products, 'products');
      const started = Date.now();
      await seedCatalog(platform, config.demo, (p) => bar.update(p.products));
      bar.stop();
      await seedDemoContent(platform.db.kysely); // CMS pages and blog posts of the demo shop
      log.info({ seconds: (Date.now() - started) / 1000 }, 'demo catalog ready');
    }
  }

  const { app, services } = await buildApp(platform);
  // matrices of every category into memory before buyers arrive (in the background: a failure only
  // means the per-category path serves until the next rebuild)
  void services.attributes.warm();
  // KAFKA_BROKERS: 1C consumers start, and the outbox relay also publishes the outbound topics to Kafka
  const kafkaSettings = kafkaSettingsFrom(config);
  const kafka = kafkaSettings ? await startOnecKafka(platform, services, kafkaSettings) : null;
  if (kafka) log.info({ brokers: config.kafkaBrokers, prefix: config.kafkaTopicPrefix }, 'Kafka consumers and outbox sink started');
  // first start (or a switched engine): build the search index before serving; resumes an interrupted build
  let searchBar: ReturnType<typeof progressBar> | null = null;
  const searchBuilt = await services.search.indexIfEmpty({
    onProgress: (done, total) => (searchBar ??= progressBar('search index', Math.max(total, 1), 'products')).update(done),
  });
  (searchBar as ReturnType<typeof progressBar> | null)?.stop();
  if (searchBuilt) log.info({ engine: config.searchEngine }, 'search index built');
  platform.bus.start();
  await app.listen({ host: config.host, port: config.port });
  log.info(`Vitrina is up: http://${config.host}:${config.port}  (API docs at /docs)`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    try {
      await app.close();
      // the consumers finish and commit the batch in hand before the database closes
      await platform.bus.stop();
      await kafka?.stop();
      await platform.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
