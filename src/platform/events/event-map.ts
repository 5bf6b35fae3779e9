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

export interface CatalogCategoryChanged {
  category_id: number;
  change: 'created' | 'updated' | 'moved' | 'deleted';
}

export interface CatalogBulkImported {
  products: number;
  offers: number;
}

export interface EventMap {
  'catalog.product_changed': CatalogProductChanged;
  'catalog.offer_changed': CatalogOfferChanged;
  'catalog.category_changed': CatalogCategoryChanged;
  'catalog.bulk_imported': CatalogBulkImported;
}

export type EventName = keyof EventMap;
