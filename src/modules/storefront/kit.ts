// What every storefront page handler shares: the layout data (navigation, footer pages, session,
// cart count, CSRF token), rendering with SEO, the 404 path (redirects table first) and pagination.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { PlatformDeps } from '../../platform/context.js';
import { cookieSecure, SESSION_COOKIE } from '../../platform/http/session.js';
import { CART_COOKIE } from '../cart/index.js';
import type { Services } from '../../services.js';
import { csrfToken } from './csrf.js';
import { render, sendHtml } from './render.js';
import { absolute, origin, pageText, type JsonLd, type PageType, type Seo } from './seo.js';

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
  /** anonymous GETs of this page may be served from the micro-cache (catalog and content pages) */
  cacheable?: boolean;
}

/** Rendered pages for visitors without a session or cart, keyed by URL, for a few seconds. */
export const MICROCACHE_TTL_MS = 5_000;
const TOKEN_PLACEHOLDER = '\u0000csrf\u0000';

export interface Pager {
  pages: number;
  prev: string | null;
  next: string | null;
  links: { n: number; href?: string; current?: boolean; gap?: boolean }[];
}

export function createKit(deps: PlatformDeps, services: Services) {
  const production = deps.config.env === 'production';
  const assetVersion = Date.now().toString(36);
  let cartCounter: CartCounter | null = null;
  // a hot product or category page is rendered once per few seconds instead of once per visitor;
  // the per-visitor CSRF token is put into the cached HTML on the way out
  const micro = new LRUCache<string, string>({ max: 5_000, ttl: MICROCACHE_TTL_MS, maxSize: 96 * 1024 * 1024, sizeCalculation: (v) => v.length * 2 });
  const anonymous = (req: FastifyRequest) => req.method === 'GET' && !req.cookies?.[SESSION_COOKIE] && !req.cookies?.[CART_COOKIE];
  const send = (req: FastifyRequest, reply: FastifyReply, html: string, status: number) => {
    const token = csrfToken(req, reply, cookieSecure(req, production));
    reply.header('cache-control', 'private, no-cache');
    return sendHtml(reply, html.replaceAll(TOKEN_PLACEHOLDER, token), status);
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

  async function layout(req: FastifyRequest, reply: FastifyReply) {
    const [navItems, footerItems, session, cartCount] = await Promise.all([
      navigation(),
      footerPages(),
      req.getSession ? req.getSession() : Promise.resolve(null),
      cartCounter ? cartCounter(req, reply).catch(() => 0) : Promise.resolve(0),
    ]);
    return {
      nav: navItems, footer: footerItems, user: session, cartCount, assetVersion,
      // the visitor's token goes in on the way out (send), so a rendered page can be reused
      csrf: TOKEN_PLACEHOLDER,
    };
  }

  async function page(req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown>, o: PageOptions) {
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
    const shared = o.cacheable && (o.status ?? 200) === 200 && anonymous(req);
    const base = await layout(req, reply);
    const html = render(template, { ...base, ...data, seo, h1: (data.h1 as string | undefined) ?? text.h1, jsonld: o.jsonld ?? [] });
    if (shared) micro.set(origin(req) + req.url, html);
    // personalised pages (cart, account, forms with tokens) must not be shared by HTTP caches
    return send(req, reply, html, o.status ?? 200);
  }

  /** Serves an anonymous GET from the micro-cache; false when the page must be rendered. */
  function fromCache(req: FastifyRequest, reply: FastifyReply): boolean {
    if (!anonymous(req)) return false;
    const html = micro.get(origin(req) + req.url);
    if (html === undefined) return false;
    void send(req, reply, html, 200);
    return true;
  }

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
    layout, page, message, notFound, pager, production, fromCache,
    setCartCounter(c: CartCounter) {
      cartCounter = c;
    },
  };
}

export type Kit = ReturnType<typeof createKit>;

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
