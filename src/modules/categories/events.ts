// Events this module publishes, always inside the transaction of the change.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { CatalogCategoryChanged } from '../../platform/events/event-map.js';
import { publish } from '../../platform/events/outbox.js';

export const CATEGORY_CHANGED = 'catalog.category_changed' as const;

/**
 * One event per changed category, keyed by its id. A move or a slug change also rewrites the
 * paths of the whole subtree: consumers treat 'moved' (and 'updated') as covering descendants
 * rather than receiving one event per node.
 */
export function categoryChanged(tx: Kysely<DB>, categoryId: number, change: CatalogCategoryChanged['change']) {
  return publish(tx, CATEGORY_CHANGED, String(categoryId), { category_id: categoryId, change });
}
