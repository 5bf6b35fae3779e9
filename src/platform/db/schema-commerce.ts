// Kysely types of migrations/005_commerce.ts.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Role } from './schema.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type PasswordScheme = 'argon2id' | 'ocstore_sha1' | 'md5';
export type OrderSource = 'web' | 'admin' | '1c' | 'ocstore';

export interface CustomersTable {
  id: Generated<number>;
  email: string | null;
  phone: string | null;
  first_name: Generated<string>;
  last_name: Generated<string>;
  role: Generated<Role>;
  status: Generated<'active' | 'disabled'>;
  password_hash: string | null;
  password_scheme: PasswordScheme | null;
  password_salt: string | null;
  external_ref: string | null;
  source_version: NullableTimestamp;
  newsletter: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerAddressesTable {
  id: Generated<number>;
  customer_id: number;
  name: Generated<string>;
  phone: string | null;
  country: Generated<string>;
  region: string | null;
  city: string;
  line1: string;
  line2: string | null;
  postcode: string | null;
  is_default: Generated<boolean>;
  created_at: Timestamp;
}

export interface CartsTable {
  id: string;
  customer_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CartItemsTable {
  cart_id: string;
  offer_id: number;
  product_id: number;
  quantity: number;
  price_seen: number;
  added_at: Timestamp;
}

export interface OrderDelivery {
  method: 'pickup' | 'courier';
  pickup_point?: string;
  address?: { city: string; line1: string; line2?: string; postcode?: string; region?: string };
  [k: string]: unknown;
}

export interface OrdersTable {
  id: Generated<number>;
  number: string;
  customer_id: number | null;
  status: string;
  email: string | null;
  phone: string | null;
  contact_name: Generated<string>;
  delivery: JSONColumnType<OrderDelivery>;
  payment_method: string;
  payment_status: Generated<string>;
  subtotal: number;
  delivery_cost: Generated<number>;
  discount: Generated<number>;
  total: number;
  currency: Generated<string>;
  comment: string | null;
  idempotency_key: string | null;
  source: Generated<OrderSource>;
  external_ref: string | null;
  status_version: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderItemsTable {
  id: Generated<number>;
  order_id: number;
  product_id: number | null;
  offer_id: number | null;
  sku: string;
  name: string;
  warehouse: string | null;
  quantity: number;
  price: number;
  total: number;
}

export interface OrderStatusHistoryTable {
  id: Generated<number>;
  order_id: number;
  status: string;
  comment: string | null;
  source: Generated<string>;
  occurred_at: Timestamp;
  notified: Generated<boolean>;
  created_at: Timestamp;
}

export interface CmsPagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body_html: Generated<string>;
  meta_title: string | null;
  meta_description: string | null;
  status: Generated<'draft' | 'published'>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BlogCategoriesTable {
  id: Generated<number>;
  parent_id: number | null;
  slug: string;
  name: string;
}

export interface BlogPostsTable {
  id: Generated<number>;
  category_id: number | null;
  slug: string;
  title: string;
  excerpt: string | null;
  body_html: Generated<string>;
  cover_image: string | null;
  meta_title: string | null;
  meta_description: string | null;
  status: Generated<'draft' | 'published'>;
  published_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReviewsTable {
  id: Generated<number>;
  product_id: number;
  customer_id: number | null;
  author: string;
  rating: number;
  body: Generated<string>;
  status: Generated<'pending' | 'published' | 'rejected'>;
  created_at: Timestamp;
}

export interface RedirectsTable {
  id: Generated<number>;
  from_path: string;
  to_path: string;
  code: Generated<301 | 302 | 308>;
  hits: Generated<number>;
  created_at: Timestamp;
}

export interface ExternalRefsTable {
  system: string;
  entity: string;
  external_id: string;
  internal_id: number;
  updated_at: Timestamp;
}

export interface CommerceTables {
  customers: CustomersTable;
  customer_addresses: CustomerAddressesTable;
  carts: CartsTable;
  cart_items: CartItemsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_status_history: OrderStatusHistoryTable;
  cms_pages: CmsPagesTable;
  blog_categories: BlogCategoriesTable;
  blog_posts: BlogPostsTable;
  reviews: ReviewsTable;
  redirects: RedirectsTable;
  external_refs: ExternalRefsTable;
}
