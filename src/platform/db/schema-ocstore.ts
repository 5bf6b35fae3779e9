// Kysely types of migrations/007_ocstore.ts (the SEO columns it adds to products and categories are
// read with raw SQL; they are not part of the catalog's typed rows).
export interface ProductOptionValuesTable {
  product_id: number;
  attribute_id: number;
  option_code: string;
  price_delta: number;
  quantity: number | null;
  subtract: boolean;
}

export interface OcstoreTables {
  product_option_values: ProductOptionValuesTable;
}
