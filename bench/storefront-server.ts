// The storefront under benchmark, in its own process: buildApp from the configured environment
// (DATABASE_URL), the search index built if empty, matrices warmed, listening on 127.0.0.1:0.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openPlatform } from '../src/platform/runtime.js';

const platform = await openPlatform(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }), 'bench', { migrate: false });
const { app, services } = await buildApp(platform);
// as `vitrina serve` does at start-up
await services.attributes.warm();
await services.search.indexIfEmpty();
await app.listen({ host: '127.0.0.1', port: 0 });
process.send!({ port: (app.server.address() as AddressInfo).port });
process.on('message', (m) => {
  if (m === 'rss') process.send!({ maxRssKb: process.resourceUsage().maxRSS });
  if (m === 'stop') {
    void app
      .close()
      .then(() => services.notifications.close())
      .then(() => platform.close())
      .finally(() => process.exit(0));
  }
});
