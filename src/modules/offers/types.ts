import type { OfferSource } from '../../platform/db/schema.js';

/** An offer's own data, as written and as read back (without ids and timestamps). */
export interface OfferData {
  source: OfferSource;
  source_ref: string;
  price: number;
  old_price: number | null;
  currency: string;
  stock: Record<string, number>;
  stock_total: number;
}
