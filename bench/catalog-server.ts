// The app under benchmark, in a process of its own so its peak RSS is its own: built with buildApp
// from the configured environment (DATABASE_URL), listening on 127.0.0.1:0. Talks to the bench over IPC.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPlatform } from '../src/platform/runtime.js';

const platform = await openPlatform(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }), 'bench', { migrate: false });
const { app, services } = await buildApp(platform);
// as `vitrina serve` does at start-up
await services.attributes.warm();
await app.listen({ host: '127.0.0.1', port: 0 });
process.send!({ port: (app.server.address() as AddressInfo).port });
process.on('message', (m) => {
  if (m === 'rss') process.send!({ maxRssKb: process.resourceUsage().maxRSS, rssNow: process.memoryUsage().rss });
  if (m === 'stop') {
    void app
      .close()
      .then(() => platform.close())
      .finally(() => process.exit(0));
  }
});
