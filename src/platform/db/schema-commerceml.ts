// Kysely types of migrations/006_commerceml.ts and 016_commerceml_prices.ts.
import type { ColumnType, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface CmlSessionsTable {
  id: string;
  type: 'catalog' | 'sale';
  sale_version: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface CmlJobsTable {
  session_id: string;
  filename: string;
  status: 'running' | 'success' | 'failure';
  message: ColumnType<string, string | undefined, string>;
  report: JSONColumnType<Record<string, unknown>>;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface CmlPriceTypesTable {
  id: string;
  name: string;
  currency: ColumnType<string, string | undefined, string>;
  position: number;
  updated_at: Timestamp;
}

export interface CmlWarehousesTable {
  id: string;
  name: string;
  code: string;
  updated_at: Timestamp;
}

export interface CmlSaleStateTable {
  name: string;
  committed_at: NullableTimestamp;
  pending_at: NullableTimestamp;
  updated_at: Timestamp;
}

/** A price per price type (ТипЦены) of an offer; offers.price is the retail type's. */
export interface OfferPricesTable {
  offer_id: ColumnType<number, number, number>;
  price_type_id: string;
  price_type_name: string;
  price: ColumnType<number, number, number>;
  currency: string;
  updated_at: Timestamp;
}

export interface CmlImportStageTable {
  job: string;
  ord: number;
  ext_id: string;
  sku: string;
}

export interface CommerceMlTables {
  offer_prices: OfferPricesTable;
  cml_import_stage: CmlImportStageTable;
  cml_sessions: CmlSessionsTable;
  cml_jobs: CmlJobsTable;
  cml_price_types: CmlPriceTypesTable;
  cml_warehouses: CmlWarehousesTable;
  cml_sale_state: CmlSaleStateTable;
}
