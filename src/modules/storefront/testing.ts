// Test fixture: a real listening server on a random port over a suite database with a small
// generated catalog and the demo CMS content (used by the page tests and the browser test).
import type { AddressInfo } from 'node:net';
import type { DbKind } from '../../../test/db.js';
import { seedDemoContent } from '../cms/index.js';
import { createShopTestApp, type ShopTestApp } from '../orders/test-app.js';

export interface Shop {
  t: ShopTestApp;
  url: string;
  close(): Promise<void>;
}

export async function startShop(kind: DbKind, opts: { categories?: number; products?: number; env?: Record<string, string> } = {}): Promise<Shop> {
  const t = await createShopTestApp(kind, opts.env ?? {});
  try {
    await t.services.bulk.seed({ categories: opts.categories ?? 24, products: opts.products ?? 300, seed: 7 });
    await seedDemoContent(t.deps.db.kysely);
    await t.services.search.reindex();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  } catch (e) {
    await t.close();
    throw e;
  }
  const port = (t.app.server.address() as AddressInfo).port;
  return { t, url: `http://127.0.0.1:${port}`, close: () => t.close() };
}
