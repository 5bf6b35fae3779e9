// The server-rendered storefront: one Fastify plugin with the catalog, CMS, SEO and shop pages, its
// own HTML error handler, the small CSS/JS assets, and a catch-all GET that consults the redirects
// table before answering 404.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { AppError } from '../../platform/errors.js';
import { sessionPlugin } from '../../platform/http/session.js';
import type { ModuleOptions } from '../index.js';
import { catalogPages } from './catalog-pages.js';
import { contentPages } from './content-pages.js';
import { createKit, type Kit } from './kit.js';
import { subscribePageInvalidation } from './page-invalidation.js';
import { startPageThreads, type PageThreads } from './page-threads.js';
import { seoRoutes } from './seo-routes.js';
import { shopPages } from './shop-pages.js';

const ASSETS = path.join(import.meta.dirname, 'assets');

/** Each app's page cache and a way to wait for its pending invalidations (tests, benches), by its deps. */
const pageCaches = new WeakMap<object, { kit: Kit; settle(): Promise<void>; threads: PageThreads | null }>();
export const storefrontPages = (deps: ModuleOptions['deps']) => pageCaches.get(deps);

function loadAsset(name: string, type: string) {
  const body = readFileSync(path.join(ASSETS, name));
  return { body, type, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"` };
}

export async function storefrontRoutes(app: FastifyInstance, { deps, services }: ModuleOptions) {
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  if (!app.hasRequestDecorator('getSession')) await app.register(sessionPlugin, { deps, store: services.sessions });
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody, { bodyLimit: 64 * 1024 });

  const kit: Kit = createKit(deps, services);
  const threads = deps.config.storefront.pageThreads > 0 ? startPageThreads(deps, deps.config.storefront.pageThreads) : null;
  if (threads) app.addHook('onClose', () => threads.close());
  const db = deps.db.kysely;

  const assets = {
    'storefront.css': loadAsset('storefront.css', 'text/css; charset=utf-8'),
    'storefront.js': loadAsset('storefront.js', 'text/javascript; charset=utf-8'),
  };
  app.get('/assets/:name', { schema: { hide: true } }, async (req, reply) => {
    const a = assets[(req.params as { name: string }).name as keyof typeof assets];
    if (!a) return kit.notFound(req, reply);
    reply.header('etag', a.etag).header('cache-control', 'public, max-age=86400');
    if (req.headers['if-none-match'] === a.etag) return reply.status(304).send();
    return reply.type(a.type).send(a.body);
  });

  app.setErrorHandler(async (err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const json = req.url.startsWith('/api/') || !(req.headers.accept ?? '').includes('text/html');
    if (err instanceof AppError) {
      if (json) return reply.status(err.status).send({ ...err.toJSON(), request_id: req.id });
      if (err.status === 404) return kit.notFound(req, reply);
      if (err.code === 'CSRF_INVALID') {
        return kit.message(req, reply, 403, 'Форма устарела', err.message, [{ href: req.headers.referer && /^https?:\/\/[^/]+\//.test(req.headers.referer) ? new URL(req.headers.referer).pathname : '/', label: 'Вернуться' }]);
      }
      if (err.code === 'AUTH_REQUIRED') return reply.redirect(`/account/login?next=${encodeURIComponent(req.url)}`, 303);
      return kit.message(req, reply, err.status, 'Не получилось', err.message, [{ href: '/', label: 'На главную' }]);
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 500) req.log.error({ err }, 'storefront page failed');
    if (json) {
      return reply.status(status).send({ code: status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED', message: status >= 500 ? 'Internal error.' : err.message, request_id: req.id });
    }
    return kit.message(req, reply, status, status >= 500 ? 'Что-то пошло не так' : 'Неверный запрос',
      status >= 500 ? `Мы уже разбираемся. Код запроса: ${req.id}` : 'Проверьте адрес страницы.', [{ href: '/', label: 'На главную' }]);
  });

  // anonymous GETs of cached pages are answered here, before any route, session or body work
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' && (await kit.fromCache(req, reply))) return reply;
  });
  const invalidation = subscribePageInvalidation(deps, kit.pages);
  pageCaches.set(deps, { kit, settle: invalidation.settle, threads });

  catalogPages(app, services, kit, db, threads);
  contentPages(app, services, kit);
  seoRoutes(app, services, kit, db);
  await shopPages(app, { deps, services }, kit);

  // every GET no route matched: an old URL from the redirects table, or the 404 page
  app.get('/*', { schema: { hide: true } }, async (req, reply) => kit.notFound(req, reply));
}
