// Event name → payload type. Publishers and handlers share these types, so they cannot drift;
// the Kafka JSON Schemas will be generated from / checked against them.
export interface CatalogProductChanged {
  product_id: number;
  sku: string;
  change: 'created' | 'updated' | 'deleted' | 'status';
  status?: string;
}

export interface CatalogOfferChanged {
  product_id: number;
  sku: string;
  offer_id: number;
  change: 'created' | 'updated' | 'deleted';
}

/** Many offers' changes in one event: a 1C price/stock batch writes one outbox row, not one per offer
 *  (thousands of rows per batch were a measurable share of its cost, and as many relay deliveries). */
export interface CatalogOffersChanged {
  offers: CatalogOfferChanged[];
}

export interface CatalogCategoryChanged {
  category_id: number;
  change: 'created' | 'updated' | 'moved' | 'deleted';
}

export interface CatalogBulkImported {
  products: number;
  offers: number;
}

/** Outbound to 1C:ERP. The §19 fields of the design document first (ids as strings, total in minor
 *  units), then what 1C needs to process the order without calling back. Key: order_id. */
export interface OrderCreated {
  order_id: string;
  user_id: string | null;
  items: { product_id: string; quantity: number; sku: string; name: string; price: number; offer_id: string; warehouse: string | null }[];
  total: number;
  status: 'created';
  currency: string;
  subtotal: number;
  delivery_cost: number;
  payment_method: string;
  delivery: Record<string, unknown>;
  contact: { name: string; email: string | null; phone: string | null };
  created_at: string;
}

export interface OrderCancelled {
  order_id: string;
  reason: string | null;
  cancelled_at: string;
}

/** Outbound to 1C:CRM. Key: customer id. */
export interface CustomerPayload {
  customer_id: string;
  email: string | null;
  phone: string | null;
  first_name: string;
  last_name: string;
  external_ref: string | null;
  updated_at: string;
}

export interface EventMap {
  'order.created': OrderCreated;
  'order.cancelled': OrderCancelled;
  'customer.registered': CustomerPayload;
  'customer.updated': CustomerPayload;
  'catalog.product_changed': CatalogProductChanged;
  'catalog.offer_changed': CatalogOfferChanged;
  'catalog.offers_changed': CatalogOffersChanged;
  'catalog.category_changed': CatalogCategoryChanged;
  'catalog.bulk_imported': CatalogBulkImported;
}

export type EventName = keyof EventMap;
