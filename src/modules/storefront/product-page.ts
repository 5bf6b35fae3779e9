// The product card page: from a card to its template data and page options. Shared by the route (which
// renders on the main thread) and the page thread (which renders anonymous cards beside it).
import type { FastifyRequest } from 'fastify';
import type { CardOffer } from '../products/index.js';
import type { Services } from '../../services.js';
import type { PageOptions } from './kit.js';
import type { PagePin } from './page-cache.js';
import { breadcrumbList, CATALOG_CRUMB, HOME_CRUMB, productJsonLd } from './seo.js';

/** Cached product pages' TTL: a safety net under the event-driven generations for changes that publish
 *  no event (stock taken by checkouts shows on the card within this time). */
export const PRODUCT_PAGE_TTL_MS = 120_000;

const WAREHOUSES: Record<string, string> = { msk: 'Москва', spb: 'Санкт-Петербург', ekb: 'Екатеринбург', nsk: 'Новосибирск', main: 'Основной склад' };
export const warehouseName = (code: string) => WAREHOUSES[code] ?? code.toUpperCase();
const sourceLabel = (o: CardOffer) => (o.source === 'own' ? 'Витрина' : o.source === 'seller' ? `Продавец ${o.source_ref ?? ''}`.trim() : 'Поставщик');

type Card = Awaited<ReturnType<Services['products']['card']>>;

export interface ProductPageView {
  template: 'product';
  data: Record<string, unknown>;
  options: PageOptions;
}

/** `cacheable`: the pin read before the card (or false when the page must not be cached). */
export function productPageView(req: FastifyRequest, card: Card, cacheable: PagePin | false): ProductPageView {
  const crumbItems = card.breadcrumbs.map((b) => ({ name: b.name, path: `/catalog/${b.path}` }));
  const priceText = card.price !== null ? `${Math.round(card.price / 100).toLocaleString('ru-RU')} ₽` : 'по запросу';
  return {
    template: 'product',
    data: { card, crumbs: [CATALOG_CRUMB, ...crumbItems, { name: card.name, path: '' }], sourceLabel, warehouse: warehouseName },
    options: {
      type: 'product',
      vars: {
        name: card.name, price: priceText, brand: card.brand ? ` ${card.brand.name}` : '',
        stock: card.in_stock ? 'В наличии' : 'Нет в наличии',
      },
      canonical: `/product/${card.slug}`, cacheable,
      image: card.images[0]?.url ?? null,
      jsonld: [productJsonLd(req, card), breadcrumbList(req, [HOME_CRUMB, CATALOG_CRUMB, ...crumbItems, { name: card.name, path: `/product/${card.slug}` }])],
    },
  };
}
