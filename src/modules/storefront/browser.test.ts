// A buyer in a real headless Chromium (Debian chromium + playwright-core) against a real server on a
// random port: search with autocomplete → filter → product → cart → checkout → the order in the
// account → a 1C status change → the new status on the page and the e-mail received on a loopback
// SMTP server. Screenshots go under test-results/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { chromium, type Browser, type Page } from 'playwright-core';
import { postgresUnavailable } from '../../../test/db.js';
import { requireService } from '../../../test/services.js';
import { startSmtpSink, type SmtpSink } from '../notifications/testing.js';
import { startShop, type Shop } from './testing.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/storefront');

const skip = await requireService('Chromium', 'CHROMIUM_PATH', async () => accessSync(CHROMIUM, constants.X_OK));
// server PostgreSQL when it answers (a suite database is a fast clone there); embedded PGlite otherwise
const kind = (await postgresUnavailable()) ? 'pglite' : 'postgres';

describe('storefront in a real browser', { skip, timeout: 150_000 }, () => {
  let shop: Shop;
  let smtp: SmtpSink;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    smtp = await startSmtpSink();
    shop = await startShop(kind, { categories: 16, products: 160, env: { SMTP_URL: smtp.url } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    // a phone-sized viewport: the storefront must work on phones
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ru-RU' })).newPage();
  });

  after(async () => {
    await browser?.close();
    await shop?.close();
    await smtp?.close();
  });

  /** A published, in-stock product whose category page offers a checkbox matching one of its values. */
  async function pickProduct() {
    const rows = await sql<{ slug: string; name: string; attributes: Record<string, unknown>; path: string }>`
      select p.slug, p.name, p.attributes, c.path from products p join categories c on c.id = p.primary_category_id
      where p.status = 'published' and p.in_stock order by p.id limit 60`.execute(shop.t.deps.db.kysely);
    for (const r of rows.rows) {
      const html = await (await fetch(`${shop.url}/catalog/${r.path}`)).text();
      for (const m of html.matchAll(/name="filter\[([a-z0-9_]+)\]" value="([^"]+)"/g)) {
        const v = r.attributes[m[1]!];
        if (v === m[2] || (Array.isArray(v) && v.includes(m[2]))) return { ...r, code: m[1]!, value: m[2]! };
      }
    }
    throw new Error('no product with a matching facet in the generated catalog');
  }

  it('takes a buyer from search to a delivered status e-mail', async () => {
    const target = await pickProduct();
    const email = 'pokupatel@example.ru';

    // register
    await page.goto(`${shop.url}/account/register`);
    await page.fill('#first_name', 'Анна');
    await page.fill('#last_name', 'Смирнова');
    await page.fill('#email', email);
    await page.fill('#phone', '+7 912 345-67-89');
    await page.fill('#password', 'очень-секретно-1');
    await Promise.all([page.waitForURL(`${shop.url}/account`), page.click('form.box button[type=submit]')]);
    assert.match(await page.textContent('main') ?? '', /Вы вошли как/);

    // search with autocomplete
    const word = target.name.split(' ')[0]!;
    await page.goto(shop.url);
    await page.fill('input[name=q]', word.slice(0, 4));
    await page.waitForSelector('.suggest li a', { state: 'visible', timeout: 5000 });
    await shot('01-autocomplete');
    await page.fill('input[name=q]', word);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press('input[name=q]', 'Enter')]);
    assert.ok((await page.locator('.grid .tile').count()) > 0, 'search finds products');
    await shot('02-search');

    // category with a facet (checkbox auto-submits through the enhancement script)
    await page.goto(`${shop.url}/catalog/${target.path}`);
    await page.click('details.facets-box summary'); // folded on a phone
    await Promise.all([
      page.waitForURL((u) => u.search.includes('filter')),
      page.check(`input[name="filter[${target.code}]"][value="${target.value}"]`),
    ]);
    assert.ok(await page.isChecked(`input[name="filter[${target.code}]"][value="${target.value}"]`));
    await shot('03-filtered');
    await Promise.all([page.waitForURL(`${shop.url}/product/${target.slug}`), page.click(`.tile[data-product="${target.slug}"] a`)]);

    // product card: offers best first, stock per warehouse, JSON-LD
    assert.equal(await page.textContent('h1'), target.name);
    assert.equal(await page.locator('tr.offer').first().getAttribute('class'), 'offer best');
    const ld = await page.locator('script[type="application/ld+json"]').allTextContents();
    assert.ok(ld.some((s) => /"@type":"Product"/.test(s)) && ld.some((s) => /BreadcrumbList/.test(s)));
    await shot('04-product');
    await Promise.all([page.waitForURL(`${shop.url}/cart`), page.locator('tr.offer form.add button').first().click()]);
    assert.equal(await page.locator('table.lines tbody tr').count(), 1);
    await shot('05-cart');

    // checkout: the account prefills name and e-mail
    await page.click('a[href="/checkout"]');
    assert.equal(await page.inputValue('#email'), email);
    await page.fill('#phone', '+7 912 345-67-89');
    await page.check('input[name=delivery][value=pickup]');
    await shot('06-checkout');
    await Promise.all([page.waitForURL(/\/checkout\/done\//), page.click('#checkout button[type=submit]')]);
    const number = (await page.textContent('[data-order-number]'))!.trim();
    assert.match(number, /^VT-/);
    await shot('07-confirmation');

    // the order in the account
    await page.goto(`${shop.url}/account`);
    assert.equal(await page.locator(`[data-orders] a[href="/account/orders/${number}"]`).count(), 1);
    await page.click(`a[href="/account/orders/${number}"]`);
    assert.equal((await page.textContent('[data-order-status]'))?.trim(), 'Оформлен');

    // 1C moves the order; the page and the buyer's mailbox show it
    const result = await shop.t.services.orders.applyStatusChange({
      order_ref: number, status: 'shipped', occurred_at: new Date(), comment: 'Трек-номер 80081234567890', source: '1c',
    });
    assert.equal(result, 'applied');
    await page.reload();
    assert.equal((await page.textContent('[data-order-status]'))?.trim(), 'Передан в доставку');
    assert.match(await page.textContent('[data-history]') ?? '', /Передан в доставку.*Трек-номер/s);
    await shot('08-status-from-1c');
    const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes(`${number}: Передан в доставку`), 10_000);
    assert.match(mail.text, /передан в доставку/);
  });

  it('answers a form posted without its CSRF token with a clear 403 page', async () => {
    const res = await page.request.post(`${shop.url}/cart/add`, { form: { offer_id: '1', quantity: '1' }, headers: { accept: 'text/html' } });
    assert.equal(res.status(), 403);
    assert.match(await res.text(), /Форма устарела/);
  });
});
