// All SQL of the customers module.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { AddressInput } from './types.js';

type Q = Kysely<DB> | Transaction<DB>;

const CUSTOMER_COLUMNS = [
  'id', 'email', 'phone', 'first_name', 'last_name', 'role', 'status', 'newsletter', 'external_ref',
  'created_at', 'updated_at',
] as const;

export const findById = (q: Q, id: number) =>
  q.selectFrom('customers').select(CUSTOMER_COLUMNS).where('id', '=', id).executeTakeFirst();
export type CustomerRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export const findByEmail = (q: Q, email: string) =>
  q.selectFrom('customers')
    .select([...CUSTOMER_COLUMNS, 'password_hash', 'password_scheme', 'password_salt'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();

export const findByExternalRef = (q: Q, ref: string) =>
  q.selectFrom('customers').select([...CUSTOMER_COLUMNS, 'source_version']).where('external_ref', '=', ref)
    .forUpdate().executeTakeFirst();

export const insertCustomer = (q: Q, v: {
  email: string | null; phone: string | null; first_name: string; last_name: string;
  password_hash?: string | null; password_scheme?: 'argon2id' | null; external_ref?: string | null;
  source_version?: Date | null;
}) => q.insertInto('customers').values(v).returning(CUSTOMER_COLUMNS).executeTakeFirstOrThrow();

export const updateCustomer = (q: Q, id: number, patch: Partial<{
  email: string | null; phone: string | null; first_name: string; last_name: string; newsletter: boolean;
  external_ref: string | null; source_version: Date | null;
}>) => q.updateTable('customers').set({ ...patch, updated_at: new Date() }).where('id', '=', id)
  .returning(CUSTOMER_COLUMNS).executeTakeFirstOrThrow();

export const setPassword = (q: Q, id: number, hash: string) =>
  q.updateTable('customers')
    .set({ password_hash: hash, password_scheme: 'argon2id', password_salt: null, updated_at: new Date() })
    .where('id', '=', id).execute();

export const passwordOf = (q: Q, id: number) =>
  q.selectFrom('customers').select(['password_hash', 'password_scheme', 'password_salt']).where('id', '=', id)
    .executeTakeFirst();

// ---- addresses
const ADDRESS_COLUMNS = ['id', 'name', 'phone', 'country', 'region', 'city', 'line1', 'line2', 'postcode', 'is_default'] as const;

export const listAddresses = (q: Q, customerId: number) =>
  q.selectFrom('customer_addresses').select(ADDRESS_COLUMNS).where('customer_id', '=', customerId)
    .orderBy('is_default', 'desc').orderBy('id').execute();

export async function clearDefaultAddress(q: Q, customerId: number) {
  await q.updateTable('customer_addresses').set({ is_default: false }).where('customer_id', '=', customerId).execute();
}

export const insertAddress = (q: Q, customerId: number, a: AddressInput) =>
  q.insertInto('customer_addresses').values({ ...a, customer_id: customerId }).returning(ADDRESS_COLUMNS)
    .executeTakeFirstOrThrow();

export const updateAddress = (q: Q, customerId: number, id: number, a: Partial<AddressInput>) =>
  q.updateTable('customer_addresses').set(a).where('id', '=', id).where('customer_id', '=', customerId)
    .returning(ADDRESS_COLUMNS).executeTakeFirst();

export const deleteAddress = (q: Q, customerId: number, id: number) =>
  q.deleteFrom('customer_addresses').where('id', '=', id).where('customer_id', '=', customerId).executeTakeFirst();

// ---- password reset
export const insertResetToken = (q: Q, tokenHash: string, customerId: number, expiresAt: Date) =>
  q.insertInto('password_reset_tokens').values({ token_hash: tokenHash, customer_id: customerId, expires_at: expiresAt })
    .execute();

/** Marks the token used and returns its customer, only when it is unused and unexpired (one statement, so a token works once). */
export const consumeResetToken = (q: Q, tokenHash: string) =>
  q.updateTable('password_reset_tokens').set({ used_at: new Date() })
    .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', new Date())
    .returning('customer_id').executeTakeFirst();
