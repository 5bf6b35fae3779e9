// Page threads (server PostgreSQL only): an anonymous product page that misses the page cache is read
// and rendered on a worker thread, byte for byte the page the main thread would render; the thread's
// cached matrices and breadcrumbs follow the main thread's invalidations (the mirrored in-process
// counters); an unknown slug is a 404; with no thread to take it the main thread renders the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { databaseKinds } from '../../../test/db.js';
import { startShop, type Shop } from './testing.js';
import { storefrontPages } from './routes.js';
import { TOKEN_PLACEHOLDER } from './kit.js';
import { encodePage } from './page-encoding.js';
import { productPageView } from './product-page.js';
import type { PageThreads } from './page-threads.js';

const postgres = (await databaseKinds()).find((k) => k.kind === 'postgres')!;
const HTML = { accept: 'text/html' };
const HOST = 'shop.example';

describe('storefront page threads on postgres', { timeout: 120_000, skip: postgres.skip }, () => {
  let shop: Shop;
  let threads: PageThreads;
  const db = () => shop.t.deps.db.kysely;
  const get = (url: string, headers: Record<string, string> = {}) =>
    shop.t.app.inject({ method: 'GET', url, headers: { ...HTML, host: HOST, ...headers } });
  const settle = async () => {
    await shop.t.deps.bus.drain();
    await storefrontPages(shop.t.deps)!.settle();
  };
  const threadPages = async (outcome: string) => {
    const m = await shop.t.deps.metrics.registry.getSingleMetric('vitrina_storefront_page_thread_pages_total')!.get();
    return m.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  };

  before(async () => {
    shop = await startShop('postgres', { categories: 12, products: 120 });
    assert.equal(shop.t.deps.config.storefront.pageThreads, 1, 'a server database gets one page thread by default');
    threads = storefrontPages(shop.t.deps)!.threads!;
    await threads.ready();
    await settle();
  });
  after(async () => {
    await shop?.close();
  });

  async function publishedProduct() {
    const p = await db().selectFrom('products').select(['slug', 'primary_category_id']).where('status', '=', 'published')
      .orderBy('id').executeTakeFirstOrThrow();
    return { slug: p.slug, categoryId: Number(p.primary_category_id) };
  }

  it('renders the page the main thread would, byte for byte', async () => {
    const { slug } = await publishedProduct();
    const answer = await threads.product(slug, 'http', HOST);
    assert.ok(answer && 'page' in answer, 'a ready thread takes the page');
    // the same page composed on the main thread from the same request-like origin
    const { kit, services } = { kit: storefrontPages(shop.t.deps)!.kit, services: shop.t.services };
    const req = { method: 'GET', url: `/product/${slug}`, headers: {}, protocol: 'http', host: HOST, cookies: {} } as unknown as FastifyRequest;
    const view = productPageView(req, await services.products.card(slug, services.offers), false);
    const local = encodePage(await kit.compose(req, null, view.template, view.data, view.options), TOKEN_PLACEHOLDER);
    assert.equal(answer.page.etag, local.etag);
    assert.ok(answer.page.parts.length > 1, 'the visitor\'s CSRF token goes between the parts');
  });

  it('serves an anonymous miss from the thread, then from the page cache', async () => {
    const { slug } = await publishedProduct();
    const before = await threadPages('rendered');
    const first = await get(`/product/${slug}`, { 'cache-control': 'no-cache' });
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-page-cache'], 'bypass');
    assert.equal(await threadPages('rendered'), before + 1, 'rendered on the thread');
    assert.match(first.body, new RegExp(`<link rel="canonical" href="http://${HOST}/product/${slug}"`));
    // the visitor's own token was put where the thread left the placeholder
    assert.doesNotMatch(first.body, /\u0000/);
    assert.match(first.body, /name="_csrf" value="[^"]+"/);
    const second = await get(`/product/${slug}`);
    assert.equal(second.headers['x-page-cache'], 'hit');
    assert.equal(await threadPages('rendered'), before + 1, 'a hit never reaches the thread');
  });

  it("follows the main thread's invalidations: a renamed category shows in the thread's breadcrumbs", async () => {
    const { slug, categoryId } = await publishedProduct();
    await get(`/product/${slug}`);
    assert.equal((await get(`/product/${slug}`)).headers['x-page-cache'], 'hit');
    const name = `Переименованная ${Date.now()}`;
    await shop.t.services.categories.update(categoryId, { name });
    await settle();
    const before = await threadPages('rendered');
    const card = await get(`/product/${slug}`);
    assert.equal(card.headers['x-page-cache'], 'miss');
    assert.equal(await threadPages('rendered'), before + 1);
    assert.ok(card.body.includes(name), 'the thread read the new name, not its cached breadcrumbs');
  });

  it('answers an unknown product with the 404 page', async () => {
    const before = await threadPages('not_found');
    const res = await get('/product/no-such-product-anywhere');
    assert.equal(res.statusCode, 404);
    assert.equal(await threadPages('not_found'), before + 1);
  });

  it('renders a visitor with a cart on the main thread, and every page there once the threads are gone', async () => {
    const { slug } = await publishedProduct();
    const rendered = await threadPages('rendered');
    const withCart = await get(`/product/${slug}`, { cookie: 'vt_cart=nonexistent-cart-id' });
    assert.equal(withCart.statusCode, 200);
    assert.equal(await threadPages('rendered'), rendered, 'not anonymous: never on a thread');
    await threads.close();
    const unavailable = await threadPages('unavailable');
    const res = await get(`/product/${slug}`, { 'cache-control': 'no-cache' });
    assert.equal(res.statusCode, 200);
    assert.equal(await threadPages('unavailable'), unavailable + 1, 'rendered on the main thread instead');
  });
});
