// Kysely types of migrations/007_ocstore.ts and 014_ocstore_more.ts (the SEO columns 007 adds to
// products and categories are read with raw SQL; they are not part of the catalog's typed rows).
import type { ColumnType, Generated } from 'kysely';

export interface ProductOptionValuesTable {
  product_id: number;
  attribute_id: number;
  option_code: string;
  price_delta: number;
  quantity: number | null;
  subtract: boolean;
}

/** "from min_quantity pieces, price each" (ocStore product_discount with quantity > 1). */
export interface OfferQuantityPricesTable {
  id: Generated<number>;
  offer_id: number;
  min_quantity: number;
  price: number;
  /** '' = every buyer (the shop's default group); 'ocstore:<id>' = an ocStore customer group */
  customer_group: ColumnType<string, string | undefined, string>;
  priority: ColumnType<number, number | undefined, number>;
  starts_at: Date | null;
  ends_at: Date | null;
}

export interface OcstoreTables {
  product_option_values: ProductOptionValuesTable;
  offer_quantity_prices: OfferQuantityPricesTable;
}
