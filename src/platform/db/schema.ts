// Kysely table types; they mirror migrations/*.ts.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CommerceTables } from './schema-commerce.js';
import type { IntegrationTables } from './schema-integration.js';
import type { SearchTables } from './schema-search.js';
import type { CommerceMlTables } from './schema-commerceml.js';
import type { OcstoreTables } from './schema-ocstore.js';
import type { ShopTables } from './schema-shop.js';
import type { StorefrontTables } from './schema-storefront.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type AttributeType = 'text' | 'number' | 'boolean' | 'enum' | 'multi_enum' | 'range';
export type ProductStatus = 'draft' | 'moderation' | 'published' | 'archived';
export type OfferSource = 'own' | 'seller' | 'supplier';
export type Role = 'admin' | 'moderator' | 'seller' | 'customer';

/** A typed attribute value as stored: number, boolean, text, option code(s) or a range. */
export type AttributeValue = string | number | boolean | string[] | { min: number; max: number };

export interface CategoriesTable {
  id: Generated<number>;
  parent_id: number | null;
  slug: string;
  name: string;
  name_en: string | null;
  description: string | null;
  path: string;
  depth: number;
  position: Generated<number>;
  ancestor_ids: number[];
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AttributeGroupsTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  position: Generated<number>;
}

export interface AttributesTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  type: AttributeType;
  unit: string | null;
  min_value: number | null;
  max_value: number | null;
  pattern: string | null;
  required: Generated<boolean>;
  filterable: Generated<boolean>;
  searchable: Generated<boolean>;
  variant_axis: Generated<boolean>;
  group_id: number | null;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AttributeOptionsTable {
  id: Generated<number>;
  attribute_id: number;
  code: string;
  value: string;
  value_en: string | null;
  position: Generated<number>;
}

export interface CategoryAttributesTable {
  category_id: number;
  attribute_id: number;
  required: boolean | null;
  filterable: boolean | null;
  position: number | null;
  hidden: Generated<boolean>;
}

export interface BrandsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  slug: string;
  name: string;
  description: string | null;
  brand_id: number | null;
  status: ColumnType<ProductStatus, ProductStatus | undefined, ProductStatus>;
  primary_category_id: number;
  category_tree_ids: number[];
  attributes: JSONColumnType<Record<string, AttributeValue>, string, string>;
  images: JSONColumnType<{ url: string; alt?: string }[], string, string>;
  variant_group: string | null;
  best_offer_id: number | null;
  best_price: number | null;
  best_old_price: number | null;
  best_currency: string | null;
  in_stock: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductCategoriesTable {
  product_id: number;
  category_id: number;
  is_primary: Generated<boolean>;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface TaggingsTable {
  tag_id: number;
  entity_type: 'product' | 'post';
  entity_id: number;
}

export interface OffersTable {
  id: Generated<number>;
  product_id: number;
  source: OfferSource;
  source_ref: Generated<string>;
  price: number;
  old_price: number | null;
  currency: Generated<string>;
  stock: JSONColumnType<Record<string, number>, string, string>;
  stock_total: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdminTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  role: Role;
  created_at: Timestamp;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  key: string;
  payload: ColumnType<unknown, string, string>;
  headers: JSONColumnType<Record<string, string>, string | undefined, string>;
  created_at: Timestamp;
  published_at: Date | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

export interface DB
  extends CommerceTables,
    IntegrationTables,
    SearchTables,
    CommerceMlTables,
    OcstoreTables,
    ShopTables,
    StorefrontTables {
  categories: CategoriesTable;
  attribute_groups: AttributeGroupsTable;
  attributes: AttributesTable;
  attribute_options: AttributeOptionsTable;
  category_attributes: CategoryAttributesTable;
  brands: BrandsTable;
  products: ProductsTable;
  product_categories: ProductCategoriesTable;
  tags: TagsTable;
  taggings: TaggingsTable;
  offers: OffersTable;
  admin_tokens: AdminTokensTable;
  outbox: OutboxTable;
  settings: SettingsTable;
  product_listing: ProductListingTable;
}

/** migrations/010_product_listing.ts: the category listing's narrow read model (kept by triggers). */
export interface ProductListingTable {
  product_id: number;
  /** category tree ids (positive) and attribute value tokens (negative); see products/listing-keys.ts */
  keys: string[];
  best_price: number | null;
  in_stock: boolean;
}
