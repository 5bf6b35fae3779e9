// The anonymous page cache: hits, validators (ETag → 304), Cache-Control for shared caches, reloads
// rendering afresh, and a price change (as 1C sends it: an offer update with its outbox event)
// showing on the card and the category listing once the event is relayed — not after a TTL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { postgresUnavailable } from '../../../test/db.js';
import { startShop, type Shop } from './testing.js';
import { storefrontPages } from './routes.js';
import { createOnecService } from '../onec/index.js';
import type { KafkaMessage } from '../../platform/kafka/index.js';

const kind = (await postgresUnavailable()) ? 'pglite' : 'postgres';
const HTML = { accept: 'text/html' };

describe(`storefront page cache on ${kind}`, { timeout: 120_000 }, () => {
  let shop: Shop;
  const db = () => shop.t.deps.db.kysely;
  const get = (url: string, headers: Record<string, string> = {}) => shop.t.app.inject({ method: 'GET', url, headers: { ...HTML, ...headers } });
  const settle = async () => {
    await shop.t.deps.bus.drain();
    await storefrontPages(shop.t.deps)!.settle();
  };

  before(async () => {
    shop = await startShop(kind, { categories: 12, products: 120 });
    await settle();
  });
  after(async () => {
    await shop?.close();
  });

  async function productWithOffer() {
    const o = await db().selectFrom('offers as o').innerJoin('products as p', 'p.id', 'o.product_id')
      .select(['o.id', 'o.price', 'p.slug', 'p.primary_category_id']).where('p.status', '=', 'published')
      .where('o.stock_total', '>', 0).orderBy('o.id').executeTakeFirstOrThrow();
    const c = await db().selectFrom('categories').select('path').where('id', '=', o.primary_category_id).executeTakeFirstOrThrow();
    return { offerId: Number(o.id), price: Number(o.price), slug: o.slug, categoryPath: c.path };
  }

  it('serves the second anonymous visitor from the cache, with a validator that answers 304', async () => {
    const { slug } = await productWithOffer();
    const first = await get(`/product/${slug}`, { 'cache-control': 'no-cache' });
    assert.equal(first.statusCode, 200);
    const second = await get(`/product/${slug}`);
    assert.equal(second.headers['x-page-cache'], 'hit');
    // the card carries the visitor's CSRF token: private to the browser, revalidated each time
    assert.equal(second.headers['cache-control'], 'private, no-cache');
    const etag = String(second.headers.etag);
    const cookie = String(second.headers['set-cookie']).split(';')[0]!;
    const again = await get(`/product/${slug}`, { cookie });
    const revalidated = await get(`/product/${slug}`, { cookie, 'if-none-match': String(again.headers.etag) });
    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.body, '');
    assert.equal(String(again.headers.etag), etag, 'the same visitor (same token), the same validator');
    assert.notEqual(String(first.headers.etag), etag, 'another visitor, another token, another validator');
  });

  it('lets shared caches keep a category page, which has no per-visitor content, and sets no cookie', async () => {
    const { categoryPath } = await productWithOffer();
    await get(`/catalog/${categoryPath}`);
    const res = await get(`/catalog/${categoryPath}`);
    assert.equal(res.headers['x-page-cache'], 'hit');
    assert.match(String(res.headers['cache-control']), /^public, max-age=0, s-maxage=\d+$/);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal((await get(`/catalog/${categoryPath}`, { 'if-none-match': String(res.headers.etag) })).statusCode, 304);
  });

  it('never serves a visitor with a cart or a session from the shared cache', async () => {
    const { slug } = await productWithOffer();
    await get(`/product/${slug}`);
    const res = await get(`/product/${slug}`, { cookie: 'vt_cart=nonexistent-cart-id' });
    assert.equal(res.headers['x-page-cache'], undefined);
  });

  it('shows a changed price on the card and the listing once the change event is relayed', async () => {
    const { offerId, price, slug, categoryPath } = await productWithOffer();
    const newPrice = (Math.floor(price / 100) + 123) * 100;
    const shown = (minor: number) => new RegExp((minor / 100).toLocaleString('ru-RU').replace(/\s/g, '\\s'));
    await get(`/product/${slug}`);
    await get(`/catalog/${categoryPath}?sort=newest`);
    assert.equal((await get(`/product/${slug}`)).headers['x-page-cache'], 'hit');
    await shop.t.services.offers.update(offerId, { price: newPrice });
    // until the outbox is relayed the cached card may still be served; after it, never
    await settle();
    const card = await get(`/product/${slug}`);
    assert.equal(card.headers['x-page-cache'], 'miss');
    assert.match(card.body, shown(newPrice));
    const listing = await get(`/catalog/${categoryPath}?sort=newest`);
    assert.equal(listing.headers['x-page-cache'], 'miss');
    assert.equal((await get(`/product/${slug}`)).headers['x-page-cache'], 'hit', 'cached again under the new generation');
  });

  it('drops the cached card when a 1C price batch changes its offer (one catalog.offers_changed event per batch)', async () => {
    const own = await db().selectFrom('offers as o').innerJoin('products as p', 'p.id', 'o.product_id')
      .select(['o.price', 'p.sku', 'p.slug']).where('p.status', '=', 'published').where('o.source', '=', 'own')
      .orderBy('o.id', 'desc').executeTakeFirstOrThrow();
    const newPrice = (Math.floor(Number(own.price) / 100) + 77) * 100;
    await get(`/product/${own.slug}`);
    assert.equal((await get(`/product/${own.slug}`)).headers['x-page-cache'], 'hit');
    const onec = createOnecService(shop.t.deps, shop.t.services, { prefix: '', deadLetter: async () => {} });
    await onec.handleCatalogBatch([{
      topic: 'price.changed', partition: 0, offset: 0n, key: own.sku, value: JSON.stringify({ sku: own.sku, price: newPrice }),
      timestamp: BigInt(Date.now()), headers: new Map([['event_id', randomUUID()], ['source_version', String(Date.now())]]), commit: () => {},
    } as unknown as KafkaMessage]);
    await settle();
    const card = await get(`/product/${own.slug}`);
    assert.equal(card.headers['x-page-cache'], 'miss', 'the batch event reached the page cache');
    assert.match(card.body, new RegExp((newPrice / 100).toLocaleString('ru-RU').replace(/\s/g, '\\s')));
  });
});
