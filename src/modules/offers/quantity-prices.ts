// Quantity prices ("from N pieces, X each"): rows of offer_quantity_prices (migration 014, filled by
// the ocStore import from product_discount). The cart shows and checkout charges the unit price for
// the line's quantity; both call this one rule so what the buyer saw is what the order records.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export interface QuantityTier {
  min_quantity: number;
  price: number;
  priority: number;
}

// the WHERE of the tiers that apply to every buyer now; `offer` picks the offers (alias q for the tiers)
const TIERS_NOW = (offer: RawBuilder<unknown>) => sql`${offer} and q.customer_group = ''
  and (q.starts_at is null or q.starts_at <= now()) and (q.ends_at is null or q.ends_at > now())`;

/**
 * The tiers that apply to every buyer now (customer group '' — Vitrina has no customer groups yet, so
 * the other groups' tiers are kept but not offered), by offer id.
 */
export async function quantityTiers(q: Kysely<DB> | Transaction<DB>, offerIds: number[]): Promise<Map<number, QuantityTier[]>> {
  const out = new Map<number, QuantityTier[]>();
  if (!offerIds.length) return out;
  const r = await sql<{ offer_id: string | number; min_quantity: number; price: string | number; priority: number }>`
    select q.offer_id, q.min_quantity, q.price, q.priority from offer_quantity_prices q
    where ${TIERS_NOW(sql`q.offer_id = any(${offerIds}::bigint[])`)}`.execute(q);
  for (const row of r.rows) {
    const id = Number(row.offer_id);
    const list = out.get(id) ?? [];
    list.push({ min_quantity: row.min_quantity, price: Number(row.price), priority: row.priority });
    out.set(id, list);
  }
  return out;
}

/** The same tiers as a json column of a statement over offers `o` (checkout reads them with its row
 *  locks: one round trip less while the locks are held). */
export const OFFER_TIERS_JSON = sql<QuantityTier[]>`coalesce((select json_agg(json_build_object(
    'min_quantity', q.min_quantity, 'price', q.price, 'priority', q.priority))
  from offer_quantity_prices q where ${TIERS_NOW(sql`q.offer_id = o.id`)}), '[]'::json)`;

/**
 * The unit price of `quantity` pieces: among the tiers reached, the one of the lowest priority number,
 * then the lowest price (ocStore's own order); never more than the offer's current price, which may
 * already be a running special — a quantity discount does not raise what one piece costs.
 */
export function unitPrice(base: number, tiers: QuantityTier[] | undefined, quantity: number): number {
  let best: QuantityTier | null = null;
  for (const t of tiers ?? []) {
    if (t.min_quantity > quantity) continue;
    if (!best || t.priority < best.priority || (t.priority === best.priority && t.price < best.price)) best = t;
  }
  return best ? Math.min(base, best.price) : base;
}
