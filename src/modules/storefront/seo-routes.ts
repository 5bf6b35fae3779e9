// robots.txt and the sitemaps: an index, one sitemap of pages/blog, and per-entity sitemaps that each
// cover an id range of at most 50,000 ids (so at most 50,000 URLs), streamed in keyset batches.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.js';
import type { Kit } from './kit.js';
import * as repo from './repository.js';
import { origin } from './seo.js';

export const SITEMAP_MAX_URLS = 50_000;
const BATCH = 5_000;

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);
const url = (loc: string, lastmod?: Date | string | null) =>
  `<url><loc>${xmlEscape(loc)}</loc>${lastmod ? `<lastmod>${day(lastmod)}</lastmod>` : ''}</url>\n`;

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
const TAIL = '</urlset>\n';

function sendXml(reply: FastifyReply, body: string | Readable) {
  return reply.header('content-type', 'application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
}

export function seoRoutes(app: FastifyInstance, services: Services, kit: Kit, db: repo.Executor, rangeSize = SITEMAP_MAX_URLS) {
  const hide = { schema: { hide: true } };

  app.get('/robots.txt', hide, async (req, reply) => {
    const body = [
      'User-agent: *',
      'Disallow: /cart',
      'Disallow: /checkout',
      'Disallow: /account',
      'Disallow: /search',
      'Disallow: /api/',
      'Disallow: /*?*sort=',
      'Disallow: /*?*filter',
      '',
      `Sitemap: ${origin(req)}/sitemap.xml`,
      '',
    ].join('\n');
    return reply.header('content-type', 'text/plain; charset=utf-8').send(body);
  });

  async function ranges(entity: repo.SitemapEntity): Promise<number[]> {
    const b = await repo.idBounds(db, entity);
    if (!b) return [];
    const out: number[] = [];
    const first = Math.floor(b.min / rangeSize);
    const last = Math.floor(b.max / rangeSize);
    for (let k = first; k <= last; k++) {
      if (await repo.rangeHasRows(db, entity, k * rangeSize, (k + 1) * rangeSize)) out.push(k);
    }
    return out;
  }

  app.get('/sitemap.xml', hide, async (req, reply) => {
    const base = origin(req);
    const [products, categories] = await Promise.all([ranges('products'), ranges('categories')]);
    const maps = [
      `${base}/sitemap-pages.xml`,
      ...categories.map((k) => `${base}/sitemap-categories-${k}.xml`),
      ...products.map((k) => `${base}/sitemap-products-${k}.xml`),
    ];
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
      + maps.map((m) => `<sitemap><loc>${xmlEscape(m)}</loc></sitemap>\n`).join('') + '</sitemapindex>\n';
    return sendXml(reply, body);
  });

  app.get('/sitemap-pages.xml', hide, async (req, reply) => {
    const base = origin(req);
    const [pages, posts] = await Promise.all([services.cms.pages.sitemap(), services.cms.posts.sitemap()]);
    const body = HEAD + url(`${base}/`) + url(`${base}/catalog`) + url(`${base}/blog`)
      + pages.map((p) => url(`${base}/page/${p.slug}`, p.updated_at)).join('')
      + posts.map((p) => url(`${base}/blog/${p.slug}`, p.updated_at)).join('') + TAIL;
    return sendXml(reply, body);
  });

  app.get('/sitemap-:name', hide, async (req, reply) => {
    const m = /^(products|categories)-(\d{1,7})\.xml$/.exec((req.params as { name: string }).name);
    if (!m) return kit.notFound(req, reply);
    const [, entity, k] = m as unknown as [string, repo.SitemapEntity, string];
    const base = origin(req);
    const from = Number(k) * rangeSize;
    const to = from + rangeSize;
    const prefix = entity === 'products' ? `${base}/product/` : `${base}/catalog/`;
    async function* stream() {
      yield HEAD;
      let after = from - 1;
      for (;;) {
        const rows = await repo.sitemapBatch(db, entity, after, to, BATCH);
        if (!rows.length) break;
        yield rows.map((r) => url(prefix + r.loc, r.lastmod)).join('');
        after = rows[rows.length - 1]!.id;
        if (rows.length < BATCH) break;
      }
      yield TAIL;
    }
    return sendXml(reply, Readable.from(stream()));
  });
}
