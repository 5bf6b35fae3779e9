// Events published by the products module (through the outbox, in the writing transaction).
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CatalogProductChanged } from '../../platform/events/event-map.js';
import { publish } from '../../platform/events/outbox.js';

export const PRODUCT_CHANGED = 'catalog.product_changed' as const;

/** Keyed by SKU so Kafka keeps every change of one product in order (1C identifies goods by SKU). */
export function productChanged(tx: Kysely<DB>, payload: CatalogProductChanged): Promise<void> {
  return publish(tx, PRODUCT_CHANGED, payload.sku, payload);
}
