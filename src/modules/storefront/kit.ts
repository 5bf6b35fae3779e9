// What every storefront page handler shares: the layout data (navigation, footer pages, session,
// cart count, CSRF token), rendering with SEO, the 404 path (redirects table first) and pagination.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlatformDeps } from '../../platform/context.js';
import { createBodyPool } from '../../platform/http/body-pool.js';
import { cookieSecure, SESSION_COOKIE } from '../../platform/http/session.js';
import { CART_COOKIE } from '../cart/index.js';
import type { Services } from '../../services.js';
import { csrfToken } from './csrf.js';
import { render, sendHtml } from './render.js';
import { absolute, origin, pageText, type JsonLd, type PageType, type Seo } from './seo.js';
import { createPageCache, type CachedPage, type PageCacheOptions, type PagePin } from './page-cache.js';
import type { EncodedPage } from './page-encoding.js';

/** The cart count shown in the header; supplied by the shop pages once the cart module is wired. */
export type CartCounter = (req: FastifyRequest, reply: FastifyReply) => Promise<number>;

export interface PageOptions {
  type: PageType;
  vars?: Record<string, string | number | null | undefined>;
  /** path (with query if it is part of the canonical) of the canonical URL */
  canonical: string;
  /** overrides from the entity (CMS meta fields) */
  title?: string | null;
  description?: string | null;
  robots?: string;
  prev?: string | null;
  next?: string | null;
  image?: string | null;
  jsonld?: JsonLd[];
  status?: number;
  /** anonymous GETs of this page may be served from the page cache: `true` for the global generation
   *  and a short TTL, or the pin read (kit.pin) before the page's data for finer invalidation */
  cacheable?: boolean | PagePin;
}

/** How long a page pinned to the global generation only (home, search, CMS) may be reused. */
export const SHORT_PAGE_TTL_MS = 60_000;
/** Seconds a shared HTTP cache (CDN) may serve an anonymous page without asking again. */
export const SHARED_MAX_AGE_S = 10;
export const TOKEN_PLACEHOLDER = '\u0000csrf\u0000';
const ASSETS = path.join(import.meta.dirname, 'assets');

export interface Pager {
  pages: number;
  prev: string | null;
  next: string | null;
  links: { n: number; href?: string; current?: boolean; gap?: boolean }[];
}

export function createKit(deps: PlatformDeps, services: Services, cacheOptions: PageCacheOptions = {}) {
  const production = deps.config.env === 'production';
  // from the assets' content, so every worker of a cluster renders (and ETags) the same HTML
  const assetVersion = createHash('sha1').update(readFileSync(path.join(ASSETS, 'storefront.css'))).update(readFileSync(path.join(ASSETS, 'storefront.js')))
    .digest('base64url').slice(0, 10);
  let cartCounter: CartCounter | null = null;
  // a hot product or category page is rendered once per change instead of once per visitor; the
  // per-visitor CSRF token is put into the cached HTML on the way out
  const pages = createPageCache(deps.cache, TOKEN_PLACEHOLDER, { maxBytes: deps.config.storefront.pageCacheMb * 1024 * 1024, ...cacheOptions });
  const anonymous = (req: FastifyRequest) => req.method === 'GET' && !req.cookies?.[SESSION_COOKIE] && !req.cookies?.[CART_COOKIE];
  // a reload (Cache-Control: no-cache) renders afresh, as an HTTP cache would revalidate
  const bypass = (req: FastifyRequest) => /no-cache/.test(String(req.headers['cache-control'] ?? req.headers.pragma ?? ''));
  const withToken = (req: FastifyRequest, reply: FastifyReply, html: string) =>
    html.includes(TOKEN_PLACEHOLDER) ? html.replaceAll(TOKEN_PLACEHOLDER, csrfToken(req, reply, cookieSecure(req, production))) : html;
  const send = (req: FastifyRequest, reply: FastifyReply, html: string, status: number) => {
    reply.header('cache-control', 'private, no-cache');
    return sendHtml(reply, withToken(req, reply, html), status);
  };
  /** An anonymous page: a validator, and shareable by HTTP caches unless it carries the visitor's token. */
  const sendShared = (req: FastifyRequest, reply: FastifyReply, page: CachedPage, state: 'hit' | 'miss' | 'bypass') => {
    const token = page.personal ? csrfToken(req, reply, cookieSecure(req, production)) : '';
    // the token is part of a personal page's bytes, so it is part of its validator (the response is
    // private, and the token is in its body anyway)
    const etag = page.personal ? `"${page.etag.slice(1, -1)}.${token.slice(0, 16)}"` : page.etag;
    reply.header('etag', etag).header('x-page-cache', state)
      .header('cache-control', page.personal ? 'private, no-cache' : `public, max-age=0, s-maxage=${SHARED_MAX_AGE_S}`);
    // a shared cache must not hand this anonymous page to a visitor with a session or a cart
    if (!page.personal) reply.header('vary', 'cookie');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send();
    const body = page.parts.length === 1 ? page.parts[0]! : spliced(page.parts, token, reply.raw);
    return reply.status(200).header('content-type', 'text/html; charset=utf-8').send(body);
  };

  let nav: { at: number; value: Promise<{ name: string; path: string }[]> } | null = null;
  let footer: { at: number; value: Promise<{ slug: string; title: string }[]> } | null = null;
  // top categories and footer pages change rarely; a minute of staleness keeps them off every page's budget
  function navigation() {
    if (!nav || Date.now() - nav.at > 60_000) {
      const value = services.categories.tree({ depth: 0 }).then((rows) => rows.filter((r) => r.depth === 0).slice(0, 12).map((r) => ({ name: r.name, path: r.path })));
      nav = { at: Date.now(), value };
      value.catch(() => (nav = null));
    }
    return nav.value;
  }
  function footerPages() {
    if (!footer || Date.now() - footer.at > 60_000) {
      const value = services.cms.pages.list({ status: 'published', limit: 20, offset: 0 }).then((r) => r.items.map((p) => ({ slug: p.slug, title: p.title })));
      footer = { at: Date.now(), value };
      value.catch(() => (footer = null));
    }
    return footer.value;
  }

  async function layout(req: FastifyRequest, reply: FastifyReply | null) {
    const [navItems, footerItems, session, cartCount] = await Promise.all([
      navigation(),
      footerPages(),
      req.getSession ? req.getSession() : Promise.resolve(null),
      cartCounter && reply ? cartCounter(req, reply).catch(() => 0) : Promise.resolve(0),
    ]);
    return {
      nav: navItems, footer: footerItems, user: session, cartCount, assetVersion,
      // the visitor's token goes in on the way out (send), so a rendered page can be reused
      csrf: TOKEN_PLACEHOLDER,
    };
  }

  /** The page's HTML (SEO head, layout, template). Reads the request only for its origin, session and
   *  cart, so a page thread can compose an anonymous page from a request-like object. */
  async function compose(req: FastifyRequest, reply: FastifyReply | null, template: string, data: Record<string, unknown>, o: PageOptions): Promise<string> {
    const text = pageText(o.type, o.vars ?? {});
    const seo: Seo = {
      title: o.title || text.title,
      description: o.description || text.description,
      canonical: absolute(req, o.canonical),
      ...(o.robots ? { robots: o.robots } : {}),
      prev: o.prev ? absolute(req, o.prev) : null,
      next: o.next ? absolute(req, o.next) : null,
      image: o.image ? absolute(req, o.image) : null,
    };
    const base = await layout(req, reply);
    return render(template, { ...base, ...data, seo, h1: (data.h1 as string | undefined) ?? text.h1, jsonld: o.jsonld ?? [] });
  }

  async function page(req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown>, o: PageOptions) {
    const shared = o.cacheable && (o.status ?? 200) === 200 && anonymous(req);
    const html = await compose(req, reply, template, data, o);
    if (shared) {
      const pin = o.cacheable === true ? await pages.pin([], SHORT_PAGE_TTL_MS).catch(() => null) : (o.cacheable as PagePin);
      if (pin) return sendShared(req, reply, pages.store(cacheKey(req), html, pin), bypass(req) ? 'bypass' : 'miss');
    }
    // personalised pages (cart, account, forms with tokens) must not be shared by HTTP caches
    return send(req, reply, html, o.status ?? 200);
  }

  /** An anonymous page a page thread rendered under `pin`: kept in the page cache and sent. */
  const sendRendered = (req: FastifyRequest, reply: FastifyReply, encoded: EncodedPage, pin: PagePin) =>
    sendShared(req, reply, pages.store(cacheKey(req), encoded, pin), bypass(req) ? 'bypass' : 'miss');

  const cacheKey = (req: FastifyRequest) => origin(req) + req.url;

  /** Serves an anonymous GET from the page cache; false when the page must be rendered. */
  async function fromCache(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (!anonymous(req) || bypass(req)) return false;
    // the shared cache being away makes every page a miss, never an error
    const page = await pages.lookup(cacheKey(req)).catch(() => undefined);
    if (!page) return false;
    await sendShared(req, reply, page, 'hit');
    return true;
  }

  /** Reads the generations a page depends on; call it before reading the page's data. */
  const pin = (scopes: string[], ttlMs: number): Promise<PagePin | false> => pages.pin(scopes, ttlMs).catch(() => false as const);

  async function message(req: FastifyRequest, reply: FastifyReply, status: number, h1: string, text: string, links: { href: string; label: string }[] = [], kind = 'error') {
    return page(req, reply, 'message', { h1, message: text, links, kind }, {
      type: 'notfound', canonical: req.url.split('?')[0]!, title: `${h1} | Витрина`, robots: 'noindex', status,
    });
  }

  /** The redirects table first; then a 404 page (HTML) or the API's JSON 404. */
  async function notFound(req: FastifyRequest, reply: FastifyReply) {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const r = await services.cms.redirects.resolve(req.url);
      if (r) return reply.redirect(r.to, r.code);
    }
    if (req.url.startsWith('/api/') || !(req.headers.accept ?? '').includes('text/html')) {
      return reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${req.method} ${req.url}`, request_id: req.id });
    }
    return message(req, reply, 404, 'Страница не найдена', 'Такой страницы нет. Возможно, товар сняли с продажи или адрес изменился.', [
      { href: '/', label: 'На главную' }, { href: '/search', label: 'Поиск' },
    ]);
  }

  /** Numbered links around the current page; `href(n)` builds a page's URL (page 1 without ?page). */
  function pager(current: number, pages: number, href: (n: number) => string): Pager {
    const links: Pager['links'] = [];
    let last = 0;
    for (let n = 1; n <= pages; n++) {
      if (n === 1 || n === pages || Math.abs(n - current) <= 2) {
        if (n - last > 1) links.push({ n, gap: true });
        links.push(n === current ? { n, current: true } : { n, href: href(n) });
        last = n;
      }
    }
    return { pages, prev: current > 1 ? href(current - 1) : null, next: current < pages ? href(current + 1) : null, links };
  }

  return {
    layout, compose, page, sendRendered, anonymous, message, notFound, pager, production, fromCache, pin, pages,
    setCartCounter(c: CartCounter) {
      cartCounter = c;
    },
  };
}

export type Kit = ReturnType<typeof createKit>;

const bodies = createBodyPool();

/** The parts [a, b, c] with the (ASCII) token between them, a x b x c, in a pooled body of `res`. */
function spliced(parts: Buffer[], token: string, res: ServerResponse): Buffer {
  let size = token.length * (parts.length - 1);
  for (const p of parts) size += p.length;
  const body = bodies.take(size, res);
  let at = 0;
  parts.forEach((p, i) => {
    if (i) at += body.write(token, at, 'latin1');
    at += p.copy(body, at);
  });
  return body;
}

/** `?page=N` as a positive integer; anything else is page 1 (a bad value is not worth an error page). */
export function pageParam(q: Record<string, unknown>): number {
  const n = Number(q.page);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** Rebuilds a query string from entries, dropping empty values, with `page` replaced. */
export function withQuery(path: string, entries: [string, string][], page?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of entries) if (v !== '' && k !== 'page') params.append(k, v);
  if (page && page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export const queryEntries = (q: Record<string, unknown>): [string, string][] =>
  Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, String(x)] as [string, string]) : v === undefined ? [] : [[k, String(v)] as [string, string]]));
