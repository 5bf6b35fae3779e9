// SEO of the storefront pages: title / description / h1 from one template per page type, canonical
// URLs, robots directives and JSON-LD (Product with Offer or AggregateOffer, BreadcrumbList).
import type { FastifyRequest } from 'fastify';
import type { Card } from '../products/index.js';

export interface Seo {
  title: string;
  description: string;
  canonical: string;
  /** "noindex, follow" for filtered, sorted, searched and private pages */
  robots?: string;
  prev?: string | null;
  next?: string | null;
  /** og:image */
  image?: string | null;
}

export type JsonLd = Record<string, unknown>;

export const SHOP_NAME = 'Витрина';

export type PageType = 'home' | 'catalog' | 'category' | 'product' | 'search' | 'page' | 'blog' | 'post' | 'tag' | 'cart' | 'checkout' | 'account' | 'order' | 'notfound';

interface Template {
  title: string;
  description: string;
  h1: string;
}

/** {name}-style placeholders; an absent value leaves nothing, and doubled spaces or dangling separators are tidied. */
export const TEMPLATES: Record<PageType, Template> = {
  home: {
    title: '{shop} — интернет-магазин электроники и товаров для дома',
    description: '{shop}: {count} с доставкой по России. Оплата при получении, самовывоз и курьер.',
    h1: 'Интернет-магазин {shop}',
  },
  catalog: {
    title: 'Каталог товаров | {shop}',
    description: 'Все разделы каталога интернет-магазина {shop}: выберите категорию. Доставка по России, оплата при получении.',
    h1: 'Каталог товаров',
  },
  category: {
    title: '{name} — купить в интернет-магазине {shop}{page}',
    description: '{name}: {total} в каталоге {shop}{from}. Доставка по России, оплата при получении.',
    h1: '{name}',
  },
  product: {
    title: '{name} — купить по цене {price} | {shop}',
    description: '{name}{brand} по цене {price} в интернет-магазине {shop}. {stock}. Характеристики, наличие на складах, доставка.',
    h1: '{name}',
  },
  search: { title: 'Поиск «{q}»{page} | {shop}', description: 'Результаты поиска «{q}» в интернет-магазине {shop}.', h1: 'Поиск «{q}»' },
  page: { title: '{name} | {shop}', description: '{name} — интернет-магазин {shop}.', h1: '{name}' },
  blog: { title: 'Блог{page} | {shop}', description: 'Статьи, обзоры и советы покупателям от интернет-магазина {shop}.', h1: 'Блог' },
  post: { title: '{name} | Блог {shop}', description: '{excerpt}', h1: '{name}' },
  tag: { title: 'Статьи с тегом «{name}»{page} | {shop}', description: 'Статьи блога {shop} с тегом «{name}».', h1: 'Тег «{name}»' },
  cart: { title: 'Корзина | {shop}', description: 'Корзина интернет-магазина {shop}.', h1: 'Корзина' },
  checkout: { title: 'Оформление заказа | {shop}', description: 'Оформление заказа в интернет-магазине {shop}.', h1: 'Оформление заказа' },
  account: { title: '{name} | {shop}', description: 'Личный кабинет интернет-магазина {shop}.', h1: '{name}' },
  order: { title: 'Заказ {name} | {shop}', description: 'Заказ {name} в интернет-магазине {shop}.', h1: 'Заказ {name}' },
  notfound: { title: 'Страница не найдена | {shop}', description: 'Такой страницы нет.', h1: 'Страница не найдена' },
};

export function fill(template: string, vars: Record<string, string | number | null | undefined>): string {
  return template
    .replace(/\{(\w+)\}/g, (_, k: string) => (k === 'shop' ? SHOP_NAME : String(vars[k] ?? '')))
    .replace(/\s+([.,])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s.,|—-]+|[\s|—,-]+$/g, '')
    .trim();
}

export function pageText(type: PageType, vars: Record<string, string | number | null | undefined>) {
  const t = TEMPLATES[type];
  return { title: fill(t.title, vars), description: fill(t.description, vars).slice(0, 300), h1: fill(t.h1, vars) };
}

/** Page number suffix for titles: ", страница 2" (nothing on page 1, so page 1 keeps the clean title). */
export const pageSuffix = (page: number) => (page > 1 ? ` — страница ${page}` : '');

/** The site's origin as the request sees it (behind nginx: X-Forwarded-Proto / Host). */
export function origin(req: FastifyRequest): string {
  const { proto, host } = originParts(req);
  return `${proto}://${host}`;
}

export function originParts(req: FastifyRequest): { proto: string; host: string } {
  return { proto: (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim() || req.protocol, host: req.host };
}

export const absolute = (req: FastifyRequest, path: string) => (/^https?:\/\//.test(path) ? path : origin(req) + path);

/** The trail every catalog page starts with after the home page (visible crumbs start at Главная on
 *  their own; BreadcrumbList carries both). */
export const CATALOG_CRUMB = { name: 'Каталог', path: '/catalog' };
export const HOME_CRUMB = { name: 'Главная', path: '/' };

export function breadcrumbList(req: FastifyRequest, items: { name: string; path: string }[]): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((it, i) => ({ '@type': 'ListItem', position: i + 1, name: it.name, item: absolute(req, it.path) })),
  };
}

const price = (minor: number) => (minor / 100).toFixed(2);

export function productJsonLd(req: FastifyRequest, card: Card): JsonLd {
  const url = absolute(req, `/product/${card.slug}`);
  const offers = card.offers;
  const availability = (inStock: boolean) => `https://schema.org/${inStock ? 'InStock' : 'OutOfStock'}`;
  let offer: JsonLd | undefined;
  if (offers.length === 1) {
    const o = offers[0]!;
    offer = { '@type': 'Offer', url, price: price(o.price), priceCurrency: o.currency, availability: availability(o.in_stock), itemCondition: 'https://schema.org/NewCondition' };
  } else if (offers.length > 1) {
    const prices = offers.map((o) => o.price);
    offer = {
      '@type': 'AggregateOffer', url, lowPrice: price(Math.min(...prices)), highPrice: price(Math.max(...prices)),
      offerCount: offers.length, priceCurrency: offers[0]!.currency, availability: availability(offers.some((o) => o.in_stock)),
    };
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: card.name,
    sku: card.sku,
    url,
    ...(card.description ? { description: card.description.slice(0, 5000) } : {}),
    ...(card.brand ? { brand: { '@type': 'Brand', name: card.brand.name } } : {}),
    ...(card.images.length ? { image: card.images.map((i) => absolute(req, i.url)) } : {}),
    ...(offer ? { offers: offer } : {}),
  };
}
