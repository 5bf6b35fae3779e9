// Events published by the offers module (through the outbox, in the writing transaction).
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CatalogOfferChanged } from '../../platform/events/event-map.js';
import { publish } from '../../platform/events/outbox.js';

export const OFFER_CHANGED = 'catalog.offer_changed' as const;

/** Keyed by SKU, like catalog.product_changed, so one product's changes stay ordered. */
export function offerChanged(tx: Kysely<DB>, payload: CatalogOfferChanged): Promise<void> {
  return publish(tx, OFFER_CHANGED, payload.sku, payload);
}

export const OFFERS_CHANGED = 'catalog.offers_changed' as const;

/** Many offers' changes as ONE outbox row (bulk writers: the 1C price/stock batch). Its subscribers only
 *  collect product ids and re-read the products, so a fixed key (no per-SKU order to keep) is enough. */
export async function offersChanged(tx: Kysely<DB>, offers: CatalogOfferChanged[]): Promise<void> {
  if (offers.length) await publish(tx, OFFERS_CHANGED, 'offers', { offers });
}
