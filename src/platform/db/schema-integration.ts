// Kysely types of migrations/003_integration.ts.
import type { ColumnType, Generated } from 'kysely';

export interface IntegrationVersionsTable {
  entity: 'price' | 'stock' | 'product';
  sku: string;
  warehouse: Generated<string>;
  source_version: string | number | null;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  event_id: string | null;
  updated_at: Generated<Date>;
}

export interface IntegrationRejectsTable {
  id: Generated<number>;
  topic: string;
  kafka_partition: number | null;
  kafka_offset: string | number | null;
  key: string | null;
  event_id: string | null;
  reason_code: string;
  reason: string;
  dead_lettered: Generated<boolean>;
  payload: string | null;
  created_at: Generated<Date>;
}

export interface IntegrationTables {
  integration_versions: IntegrationVersionsTable;
  integration_rejects: IntegrationRejectsTable;
}
