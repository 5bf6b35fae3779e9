// Server-rendered pages over a small generated catalog: SEO (titles, canonical, pagination links,
// JSON-LD, robots, sitemaps), redirects before 404, CSRF, and the bad-input paths of cart, checkout
// and account forms — each leaving nothing half-made behind.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { postgresUnavailable } from '../../../test/db.js';
import type { Browser } from '../orders/test-app.js';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { createKit } from './kit.js';
import { seoRoutes } from './seo-routes.js';
import { startShop, type Shop } from './testing.js';

const kind = (await postgresUnavailable()) ? 'pglite' : 'postgres';
const HTML = { accept: 'text/html' };

const field = (html: string, name: string) => new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`).exec(html)?.[1];
const ldOf = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
const form = (b: Browser, url: string, data: Record<string, string>) =>
  b.request('POST', url, new URLSearchParams(data).toString(), { ...HTML, 'content-type': 'application/x-www-form-urlencoded' });

describe(`storefront pages on ${kind}`, { timeout: 120_000 }, () => {
  let shop: Shop;
  const db = () => shop.t.deps.db.kysely;
  const get = (url: string, headers: Record<string, string> = HTML) => shop.t.app.inject({ method: 'GET', url, headers });

  before(async () => {
    shop = await startShop(kind, { categories: 24, products: 240 });
  });
  after(async () => {
    await shop?.close();
  });

  async function busiestCategory() {
    const r = await sql<{ path: string; n: number }>`
      select c.path, count(*)::int as n from categories c join products p on p.category_tree_ids @> array[c.id]
      where p.status = 'published' group by c.path order by n desc, c.path limit 1`.execute(db());
    return r.rows[0]!;
  }

  it('renders the home page with its SEO head, navigation and footer pages', async () => {
    const res = await get('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<title>Витрина — интернет-магазин/);
    assert.match(res.body, /<link rel="canonical" href="http:\/\/localhost(:\d+)?\/">/);
    assert.match(res.body, /href="\/page\/dostavka-i-oplata">Доставка и оплата</);
    assert.match(res.body, /<html lang="ru">/);
    assert.match(res.body, /name="viewport"/);
  });

  it('lists every top-level category with its subcategories at /catalog, linked from every page', async () => {
    const res = await get('/catalog');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<title>Каталог товаров \| Витрина<\/title>/);
    assert.match(res.body, /<link rel="canonical" href="http:\/\/localhost(:\d+)?\/catalog">/);
    const tree = (await sql<{ path: string; depth: number; parent: string | null }>`
      select c.path, c.depth, p.path as parent from categories c left join categories p on p.id = c.parent_id
       where c.depth <= 1 order by c.path`.execute(db())).rows;
    assert.ok(tree.some((c) => c.depth === 1), 'the demo tree has a second level');
    const sections = res.body.split('<section class="catalog-section">').slice(1);
    assert.equal(sections.length, tree.filter((c) => c.depth === 0).length, 'one section per top-level category');
    for (const c of tree) {
      // each subcategory sits in its parent's section
      const home = sections.find((s) => s.includes(`<h2><a href="/catalog/${c.depth === 0 ? c.path : c.parent}">`));
      assert.ok(home?.includes(`href="/catalog/${c.path}"`), `${c.path} is listed under its parent`);
    }
    assert.ok(ldOf(res.body).some((l) => l['@type'] === 'BreadcrumbList'));
    assert.match((await get('/')).body, /<a href="\/catalog">Весь каталог<\/a>/);
    const slash = await get('/catalog/');
    assert.equal(slash.statusCode, 301);
    assert.equal(slash.headers.location, '/catalog');
    assert.match((await get('/sitemap-pages.xml')).body, /\/catalog<\/loc>/);
  });

  it('paginates a category with canonical, rel=prev/next and a page suffix in the title', async () => {
    const { path, n } = await busiestCategory();
    assert.ok(n > 24, 'the busiest category spans pages');
    const first = await get(`/catalog/${path}`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, new RegExp(`<link rel="canonical" href="http://localhost[^"]*/catalog/${path}">`));
    assert.match(first.body, new RegExp(`<link rel="next" href="[^"]*/catalog/${path}\\?page=2">`));
    assert.doesNotMatch(first.body, /rel="prev"/);
    assert.equal((first.body.match(/class="tile"/g) ?? []).length, 24);
    const second = await get(`/catalog/${path}?page=2`);
    assert.match(second.body, new RegExp(`<link rel="canonical" href="[^"]*/catalog/${path}\\?page=2">`));
    assert.match(second.body, new RegExp(`<link rel="prev" href="[^"]*/catalog/${path}">`));
    assert.match(second.body, /<title>[^<]* — страница 2/);
    // Главная › Каталог › every ancestor › the category, in the trail and in BreadcrumbList
    const crumbs = ldOf(first.body).find((l) => l['@type'] === 'BreadcrumbList');
    const items = (crumbs?.itemListElement ?? []) as { position: number; item: string }[];
    const trail = path.split('/').map((_, i, all) => `/catalog/${all.slice(0, i + 1).join('/')}`);
    assert.deepEqual(items.map((i) => new URL(i.item).pathname), ['/', '/catalog', ...trail]);
    assert.deepEqual(items.map((i) => i.position), items.map((_, i) => i + 1));
    assert.match(first.body, /<nav class="crumbs"[^>]*><a href="\/">Главная<\/a> › <a href="\/catalog">Каталог<\/a>/);
    assert.equal((await get(`/catalog/${path}?page=999`)).statusCode, 404);
    const slash = await get(`/catalog/${path}/?sort=name`);
    assert.equal(slash.statusCode, 301);
    assert.equal(slash.headers.location, `/catalog/${path}?sort=name`);
  });

  it('filters by a facet of the effective matrix and keeps filtered views out of the index', async () => {
    const { path } = await busiestCategory();
    const page = (await get(`/catalog/${path}`)).body;
    const m = /name="filter\[([a-z0-9_]+)\]" value="([^"]+)"/.exec(page);
    assert.ok(m, 'the category shows option facets');
    const res = await get(`/catalog/${path}?filter[${m[1]}]=${m[2]}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<meta name="robots" content="noindex, follow">/);
    assert.match(res.body, new RegExp(`name="filter\\[${m[1]}\\]" value="${m[2]}" checked`));
    const bad = await get(`/catalog/${path}?filter[${m[1]}]=no-such-option`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Фильтр не применён/);
  });

  it('renders the product card with offers best first, stock per warehouse and Product JSON-LD', async () => {
    const r = await sql<{ slug: string; name: string; offers: number; min: string; max: string }>`
      select p.slug, p.name, count(o.id)::int as offers, min(o.price) as min, max(o.price) as max
      from products p join offers o on o.product_id = p.id where p.status = 'published'
      group by p.id having count(o.id) > 1 order by p.id limit 1`.execute(db());
    const p = r.rows[0]!;
    const res = await get(`/product/${p.slug}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`<link rel="canonical" href="[^"]*/product/${p.slug}">`));
    assert.match(res.body, /<tr class="offer best"/);
    assert.equal((res.body.match(/<tr class="offer/g) ?? []).length, p.offers);
    const product = ldOf(res.body).find((l) => l['@type'] === 'Product')!;
    assert.equal(product.name, p.name);
    const offers = product.offers as Record<string, unknown>;
    assert.equal(offers['@type'], 'AggregateOffer');
    assert.equal(offers.offerCount, p.offers);
    assert.equal(offers.lowPrice, (Number(p.min) / 100).toFixed(2));
    assert.equal(offers.highPrice, (Number(p.max) / 100).toFixed(2));
    const trail = ((ldOf(res.body).find((l) => l['@type'] === 'BreadcrumbList')?.itemListElement ?? []) as { item: string }[])
      .map((i) => new URL(i.item).pathname);
    assert.deepEqual(trail.slice(0, 2), ['/', '/catalog']);
    assert.equal(trail.at(-1), `/product/${p.slug}`);
    assert.match(res.body, /<nav class="crumbs"[^>]*><a href="\/">Главная<\/a> › <a href="\/catalog">Каталог<\/a>/);
    assert.match(res.body, /<h2>Характеристики<\/h2>/);
  });

  it('answers an unknown page with a 404 page, and an API path or a non-HTML client with JSON', async () => {
    const html = await get('/product/no-such-product');
    assert.equal(html.statusCode, 404);
    assert.match(html.body, /Страница не найдена/);
    const api = await get('/api/nothing-here');
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, 'NOT_FOUND');
    assert.equal((await get('/nothing', {})).json().code, 'NOT_FOUND');
  });

  it('consults the redirects table before answering 404, exact query string first', async () => {
    const slug = (await db().selectFrom('products').select('slug').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow()).slug;
    const put = await shop.t.admin('PUT', '/api/admin/cms/redirects', { from_path: '/old/phone.html', to_path: `/product/${slug}` });
    assert.equal(put.statusCode, 200);
    await shop.t.admin('PUT', '/api/admin/cms/redirects', { from_path: '/old/phone.html?ref=1', to_path: '/blog', code: 302 });
    const res = await get('/old/phone.html');
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, `/product/${slug}`);
    const exact = await get('/old/phone.html?ref=1');
    assert.equal(exact.statusCode, 302);
    assert.equal(exact.headers.location, '/blog');
    const other = await get('/old/phone.html?utm=x');
    assert.equal(other.statusCode, 301);
    await new Promise((r) => setTimeout(r, 50));
    const list = (await shop.t.admin('GET', '/api/admin/cms/redirects')).json();
    assert.equal(list.items.find((r: { from_path: string }) => r.from_path === '/old/phone.html').hits, 2);
  });

  it('serves robots.txt and a sitemap index whose product sitemap lists every published product', async () => {
    const robots = await get('/robots.txt');
    assert.match(robots.body, /^Sitemap: http:\/\/localhost[^\n]*\/sitemap\.xml$/m);
    assert.match(robots.body, /^Disallow: \/cart$/m);
    const index = await get('/sitemap.xml');
    assert.equal(index.statusCode, 200);
    const maps = [...index.body.matchAll(/<loc>[^<]*\/(sitemap-[^<]+)<\/loc>/g)].map((m) => m[1]!);
    assert.ok(maps.includes('sitemap-pages.xml') && maps.includes('sitemap-products-0.xml') && maps.includes('sitemap-categories-0.xml'));
    const products = await get('/sitemap-products-0.xml');
    const published = Number((await sql<{ n: number }>`select count(*)::int as n from products where status = 'published'`.execute(db())).rows[0]!.n);
    assert.equal((products.body.match(/<url>/g) ?? []).length, published);
    assert.match(products.body, /<lastmod>\d{4}-\d\d-\d\d<\/lastmod>/);
    const pages = await get('/sitemap-pages.xml');
    assert.match(pages.body, /\/page\/o-kompanii<\/loc>/);
    assert.match(pages.body, /\/blog\/kak-vybrat-smartfon<\/loc>/);
    assert.equal((await get('/sitemap-products-x.xml')).statusCode, 404);
  });

  it('splits product sitemaps by id range, each within the URL limit, together listing every published product', async () => {
    const app = Fastify();
    await app.register(cookie);
    seoRoutes(app, shop.t.services, createKit(shop.t.deps, shop.t.services), db(), 100);
    await app.ready();
    try {
      const index = (await app.inject({ url: '/sitemap.xml' })).body;
      const maps = [...index.matchAll(/\/(sitemap-products-\d+\.xml)<\/loc>/g)].map((m) => m[1]!);
      assert.ok(maps.length >= 2, `several product sitemaps (${maps.join(', ')})`);
      const seen = new Set<string>();
      for (const m of maps) {
        const urls = [...(await app.inject({ url: `/${m}` })).body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((x) => x[1]!);
        assert.ok(urls.length > 0 && urls.length <= 100, `${m} has ${urls.length} URLs`);
        for (const u of urls) seen.add(u);
      }
      const published = Number((await sql<{ n: number }>`select count(*)::int as n from products where status = 'published'`.execute(db())).rows[0]!.n);
      assert.equal(seen.size, published);
    } finally {
      await app.close();
    }
  });

  it('renders CMS pages and the blog with tags from the database, drafts hidden', async () => {
    const page = await get('/page/dostavka-i-oplata');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Доставка и оплата<\/h1>/);
    assert.match(page.body, /<meta name="description" content="Курьерская доставка/);
    const blog = await get('/blog');
    assert.match(blog.body, /href="\/blog\/kak-vybrat-smartfon"/);
    const tag = await get('/blog/tag/obzory');
    assert.equal(tag.statusCode, 200);
    assert.match(tag.body, /Обзор ноутбуков/);
    assert.doesNotMatch(tag.body, /Как выбрать смартфон/);
    const post = await get('/blog/kak-vybrat-smartfon');
    assert.ok(ldOf(post.body).some((l) => l['@type'] === 'BlogPosting'));
    const created = await shop.t.admin('POST', '/api/admin/cms/pages', { title: 'Черновик акции', status: 'draft' });
    assert.equal(created.statusCode, 201);
    assert.equal((await get(`/page/${created.json().slug}`)).statusCode, 404);
  });

  it('refuses a form without a valid CSRF token with a clear 403 page', async () => {
    const b = shop.t.browser();
    await b.request('GET', '/', undefined, HTML);
    const res = await form(b, '/cart/add', { offer_id: '1', quantity: '1', _csrf: 'forged' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /Форма устарела/);
  });

  it('serves a cached page to a second anonymous visitor with that visitor\'s own valid CSRF token', async () => {
    const o = await db().selectFrom('offers').select(['id', 'product_id']).where('stock_total', '>', 3).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const slug = (await db().selectFrom('products').select('slug').where('id', '=', o.product_id).executeTakeFirstOrThrow()).slug;
    const first = shop.t.browser();
    const second = shop.t.browser();
    const a = await first.request('GET', `/product/${slug}`, undefined, HTML);
    const b = await second.request('GET', `/product/${slug}`, undefined, HTML);
    // the hit is the cached parts with this visitor's token between them, its length declared exactly
    assert.equal(b.headers['x-page-cache'], 'hit');
    assert.equal(Number(b.headers['content-length']), Buffer.byteLength(b.body));
    assert.equal(b.headers['transfer-encoding'], undefined);
    assert.equal(a.body.replace(/value="[A-Za-z0-9_-]{43}"/g, ''), b.body.replace(/value="[A-Za-z0-9_-]{43}"/g, ''));
    const ta = field(a.body, '_csrf')!;
    const tb = field(b.body, '_csrf')!;
    assert.notEqual(ta, tb);
    assert.equal((await form(first, '/cart/add', { _csrf: tb, offer_id: String(o.id) })).statusCode, 403, "another visitor's token is refused");
    assert.equal((await form(second, '/cart/add', { _csrf: tb, offer_id: String(o.id) })).statusCode, 303);
    // with a cart the visitor is no longer anonymous: the header shows the count
    assert.match((await second.request('GET', `/product/${slug}`, undefined, HTML)).body, /data-cart-count>1</);
  });

  it('says plainly when more than the stock is added, and leaves the cart as it was', async () => {
    const o = await db().selectFrom('offers').select(['id', 'stock_total']).where('stock_total', '>', 0).where('stock_total', '<', 999).orderBy('id').executeTakeFirstOrThrow();
    const b = shop.t.browser();
    const slug = (await db().selectFrom('products').innerJoin('offers', 'offers.product_id', 'products.id').select('products.slug').where('offers.id', '=', o.id).executeTakeFirstOrThrow()).slug;
    const csrf = field((await b.request('GET', `/product/${slug}`, undefined, HTML)).body, '_csrf')!;
    const res = await form(b, '/cart/add', { _csrf: csrf, offer_id: String(o.id), quantity: String(o.stock_total + 1) });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /в наличии только/);
    assert.match(res.body, /В корзине пока ничего нет/);
  });

  it('re-renders checkout with the message for a bad phone, makes no order, and replays a double submit', async () => {
    const o = await db().selectFrom('offers').select(['id', 'product_id']).where('stock_total', '>', 5).orderBy('id').executeTakeFirstOrThrow();
    const b = shop.t.browser();
    const slug = (await db().selectFrom('products').select('slug').where('id', '=', o.product_id).executeTakeFirstOrThrow()).slug;
    let csrf = field((await b.request('GET', `/product/${slug}`, undefined, HTML)).body, '_csrf')!;
    assert.equal((await form(b, '/cart/add', { _csrf: csrf, offer_id: String(o.id), quantity: '2' })).statusCode, 303);
    const page = (await b.request('GET', '/checkout', undefined, HTML)).body;
    csrf = field(page, '_csrf')!;
    const base = {
      _csrf: csrf, idempotency_key: field(page, 'idempotency_key')!, expected_total: field(page, 'expected_total')!,
      name: 'Пётр Иванов', email: 'petr@example.ru', delivery: 'pickup', pickup_point: 'msk', payment_method: 'cash_on_delivery',
    };
    const before = Number((await sql<{ n: number }>`select count(*)::int as n from orders`.execute(db())).rows[0]!.n);
    const bad = await form(b, '/checkout', { ...base, phone: '12345' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /не похоже на российский номер телефона/);
    assert.match(bad.body, /value="Пётр Иванов"/, 'what the buyer typed is kept');
    assert.equal(Number((await sql<{ n: number }>`select count(*)::int as n from orders`.execute(db())).rows[0]!.n), before);
    const ok = await form(b, '/checkout', { ...base, phone: '+79123456789' });
    assert.equal(ok.statusCode, 303);
    const again = await form(b, '/checkout', { ...base, phone: '+79123456789' });
    // a double submit of the same form (same idempotency key) lands on the same order, not a second one
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, ok.headers.location);
    assert.equal(Number((await sql<{ n: number }>`select count(*)::int as n from orders`.execute(db())).rows[0]!.n), before + 1);
    const done = await b.request('GET', ok.headers.location as string, undefined, HTML);
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /оформлен/);
    // another browser cannot read a guest's confirmation page
    assert.equal((await get(ok.headers.location as string)).statusCode, 404);
  });

  it('logs in and out through forms, with a clear message for a wrong password', async () => {
    const b = shop.t.browser();
    let csrf = field((await b.request('GET', '/account/register', undefined, HTML)).body, '_csrf')!;
    const reg = await form(b, '/account/register', { _csrf: csrf, email: 'maria@example.ru', password: 'пароль-надёжный', first_name: 'Мария' });
    assert.equal(reg.statusCode, 303);
    const account = await b.request('GET', '/account', undefined, HTML);
    assert.match(account.body, /maria@example\.ru/);
    csrf = field(account.body, '_csrf')!;
    assert.equal((await form(b, '/account/logout', { _csrf: csrf })).statusCode, 303);
    const anon = await b.request('GET', '/account', undefined, HTML);
    assert.equal(anon.statusCode, 303);
    assert.equal(anon.headers.location, '/account/login?next=%2Faccount');
    csrf = field((await b.request('GET', '/account/login', undefined, HTML)).body, '_csrf')!;
    const wrong = await form(b, '/account/login', { _csrf: csrf, email: 'maria@example.ru', password: 'не-тот-пароль' });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /Неверный e-mail или пароль/);
    const good = await form(b, '/account/login', { _csrf: csrf, email: 'maria@example.ru', password: 'пароль-надёжный', next: '//evil.example/' });
    assert.equal(good.statusCode, 303);
    assert.equal(good.headers.location, '/account', 'an off-site next is ignored');
  });
});
