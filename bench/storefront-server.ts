// The storefront under benchmark, in its own process: buildApp from the configured environment
// (DATABASE_URL), the search index built if empty, matrices warmed, listening on 127.0.0.1.
// BENCH_WORKERS > 1 runs that many node:cluster workers on one port (the primary only hands out
// connections); they share page-cache generations through Redis (REDIS_URL), as a production
// deployment with several workers must.
import cluster from 'node:cluster';
import net, { type AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPlatform } from '../src/platform/runtime.js';

const workers = Math.max(1, Number(process.env.BENCH_WORKERS ?? 1));

async function serve(port: number) {
  const platform = await openPlatform(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }), 'bench', { migrate: false });
  const { app, services } = await buildApp(platform);
  // as `vitrina serve` does at start-up
  await services.attributes.warm();
  if (cluster.isPrimary) await services.search.indexIfEmpty();
  await app.listen({ host: '127.0.0.1', port });
  const stop = () => void app.close()
    .then(() => services.notifications.close())
    .then(() => platform.close())
    .finally(() => process.exit(0));
  return { port: (app.server.address() as AddressInfo).port, stop };
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as AddressInfo;
    s.close(() => resolve(port));
  }).on('error', reject);
});

if (workers === 1) {
  const { port, stop } = await serve(0);
  process.send!({ port });
  process.on('message', (m) => {
    if (m === 'rss') process.send!({ maxRssKb: process.resourceUsage().maxRSS });
    if (m === 'pids') process.send!({ pids: [process.pid] });
    if (m === 'stop') stop();
  });
} else if (cluster.isPrimary) {
  // the search index is built once, here, before the workers start
  const platform = await openPlatform(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), 'bench', { migrate: false });
  const { services } = await buildApp(platform);
  await services.search.indexIfEmpty();
  await platform.close();
  const port = await freePort();
  const forks = Array.from({ length: workers }, () => cluster.fork({ BENCH_PORT: String(port) }));
  await Promise.all(forks.map((w) => new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('exit', (code) => reject(new Error(`worker exited (${code}) before listening`)));
  })));
  process.send!({ port });
  process.on('message', async (m) => {
    // the bench reads the CPU time of every process of the app
    if (m === 'pids') process.send!({ pids: [process.pid, ...forks.map((w) => w.process.pid!)] });
    if (m === 'rss') {
      const each = await Promise.all(forks.map((w) => new Promise<number>((resolve) => {
        w.once('message', (r) => resolve((r as { maxRssKb: number }).maxRssKb));
        w.send('rss');
      })));
      process.send!({ maxRssKb: each.reduce((a, b) => a + b, 0) + process.resourceUsage().maxRSS, workersRssKb: each });
    }
    if (m === 'stop') {
      await Promise.all(forks.map((w) => new Promise((resolve) => { w.once('exit', resolve); w.send('stop'); })));
      process.exit(0);
    }
  });
} else {
  const { stop } = await serve(Number(process.env.BENCH_PORT));
  process.send!('listening');
  process.on('message', (m) => {
    if (m === 'rss') process.send!({ maxRssKb: process.resourceUsage().maxRSS });
    if (m === 'stop') stop();
  });
}
