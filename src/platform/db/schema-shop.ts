// Kysely types of migrations/008_shop.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface SessionsTable {
  id_hash: string;
  customer_id: number;
  data: ColumnType<Record<string, unknown>, string, string>;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface PasswordResetTokensTable {
  token_hash: string;
  customer_id: number;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface StockReservationsTable {
  id: Generated<number>;
  order_id: number;
  offer_id: number;
  warehouse: string;
  quantity: number;
  status: Generated<'held' | 'released' | 'consumed'>;
  created_at: Timestamp;
  released_at: NullableTimestamp;
}

export interface NotificationsTable {
  id: Generated<number>;
  kind: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  order_id: number | null;
  customer_id: number | null;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_id: string | null;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

/** Columns 008 adds to 005's tables. */
export interface OrdersShopColumns {
  idempotency_hash: string | null;
}

export interface ShopTables {
  sessions: SessionsTable;
  password_reset_tokens: PasswordResetTokensTable;
  stock_reservations: StockReservationsTable;
  notifications: NotificationsTable;
}
