// Prices per price type (retail, wholesale, B2B…) that an integration such as the CommerceML
// exchange keeps next to an offer's own price: read-only here, for the admin offer API.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export interface TypePrice {
  type_id: string;
  type: string;
  price: number;
  currency: string;
}

export async function typePricesOf(db: Kysely<DB>, offerIds: number[]): Promise<Map<number, TypePrice[]>> {
  const out = new Map<number, TypePrice[]>();
  if (!offerIds.length) return out;
  const rows = await db.selectFrom('offer_prices').select(['offer_id', 'price_type_id', 'price_type_name', 'price', 'currency'])
    .where('offer_id', 'in', offerIds).orderBy('offer_id').orderBy('price_type_name').execute();
  for (const r of rows) {
    const list = out.get(Number(r.offer_id)) ?? [];
    list.push({ type_id: r.price_type_id, type: r.price_type_name, price: Number(r.price), currency: r.currency });
    out.set(Number(r.offer_id), list);
  }
  return out;
}
