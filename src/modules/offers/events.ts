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
