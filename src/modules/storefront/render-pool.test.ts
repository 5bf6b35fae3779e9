import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderPool } from './render-pool.js';

const PLACEHOLDER = '\u0000csrf\u0000';

/** A message page with everything the layout reads, the CSRF placeholder in its text (as a form has it). */
const page = (n: number) => ({
  h1: `Заголовок №${n} <b>`, message: `Текст «${n}» ${PLACEHOLDER}`, kind: 'error', links: [{ href: '/', label: 'На главную' }],
  nav: [{ name: 'Электроника', path: 'elektronika' }], footer: [{ slug: 'about', title: 'О нас' }], user: null, cartCount: 0,
  assetVersion: 'v1', csrf: PLACEHOLDER, jsonld: [{ '@type': 'Thing', name: '</script>' }],
  seo: { title: `Страница ${n}`, description: 'Описание', canonical: `http://shop.test/p/${n}`, prev: null, next: null, image: null },
});

const text = (parts: Uint8Array[]) => parts.map((p) => Buffer.from(p).toString('utf8'));

describe('storefront render pool', () => {
  const threaded = createRenderPool(PLACEHOLDER, 1);
  const inline = createRenderPool(PLACEHOLDER, 0);
  after(() => Promise.all([threaded.close(), inline.close()]));

  it('renders on the thread the same bytes and validator as on the main thread', async () => {
    const [a, b] = await Promise.all([threaded.render('message', page(1)), inline.render('message', page(1))]);
    assert.deepEqual(text(a.parts), text(b.parts));
    assert.equal(a.etag, b.etag);
    // split at the token placeholder, escaped, UTF-8
    assert.equal(a.parts.length, 2, 'split at the CSRF placeholder');
    assert.match(text(a.parts).join(''), /Заголовок №1 &lt;b&gt;/);
  });

  it('keeps each page its own when many are in flight', async () => {
    const got = await Promise.all(Array.from({ length: 40 }, (_, i) => threaded.render('message', page(i))));
    got.forEach((p, i) => assert.match(text(p.parts).join(''), new RegExp(`<title>Страница ${i}[ <|]`)));
    assert.equal(new Set(got.map((p) => p.etag)).size, 40);
  });

  it('fails only the page whose template throws, with the reason', async () => {
    const [bad, good] = await Promise.allSettled([threaded.render('no-such-template', page(1)), threaded.render('message', page(2))]);
    assert.equal(bad.status, 'rejected');
    assert.match(String((bad as PromiseRejectedResult).reason), /render thread: .*no-such-template/);
    assert.equal(good.status, 'fulfilled');
  });

  it('refuses page data that cannot cross to the thread (a function), naming the template', async () => {
    await assert.rejects(threaded.render('message', { ...page(1), label: () => 'x' }), /render message: .*could not be cloned/);
    // the thread still serves the next page
    assert.equal((await threaded.render('message', page(3))).parts.length, 2);
  });

  it('answers a render after close with an error, not a hang', async () => {
    const pool = createRenderPool(PLACEHOLDER, 1);
    await pool.render('message', page(1));
    await pool.close();
    await assert.rejects(pool.render('message', page(1)), /closed/);
  });
});
