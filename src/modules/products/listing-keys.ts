// Keys of the product_listing read model (migrations/010_product_listing.ts): category ids as they
// are, and per (attribute code, string or boolean value) a token = -(first 64 bits of md5("code=value")
// with the sign bit cleared). The SQL function listing_keys() computes the same; listing.test.ts
// checks that the two agree. Numbers and ranges get no token: their filters are checked on rows.
import { createHash } from 'node:crypto';
import type { AttributeValue } from '../../platform/db/schema.js';

const MASK = (1n << 63n) - 1n;

/** The token of one attribute value, as a decimal string (bigint-safe, ready for SQL and COPY). */
export function valueToken(code: string, value: string): string {
  const hex = createHash('md5').update(`${code}=${value}`).digest('hex').slice(0, 16);
  return (-(BigInt(`0x${hex}`) & MASK)).toString();
}

/** The strings a stored value contributes a token for (none for numbers and ranges). */
export function tokenValues(value: AttributeValue): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Memoized tokens: a catalog has tens of thousands of distinct values over millions of rows. */
export class TokenCache {
  private readonly memo = new Map<string, string>();

  token(code: string, value: string): string {
    const k = `${code}=${value}`;
    let t = this.memo.get(k);
    if (t === undefined) {
      if (this.memo.size > 500_000) this.memo.clear();
      this.memo.set(k, (t = valueToken(code, value)));
    }
    return t;
  }

  /** Every key of a product: its category tree ids, then its value tokens. */
  keys(treeIds: readonly number[], attributes: Record<string, AttributeValue>): string[] {
    const out = treeIds.map(String);
    for (const [code, v] of Object.entries(attributes)) for (const s of tokenValues(v)) out.push(this.token(code, s));
    return out;
  }
}
