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
  // by code, then value: no "code=value" string is built per lookup (it was ~6% of a bulk render)
  private readonly memo = new Map<string, Map<string, string>>();
  private size = 0;

  token(code: string, value: string): string {
    let byValue = this.memo.get(code);
    if (byValue === undefined) this.memo.set(code, (byValue = new Map()));
    let t = byValue.get(value);
    if (t === undefined) {
      if (this.size++ > 500_000) {
        this.memo.clear();
        this.size = 1;
        this.memo.set(code, (byValue = new Map()));
      }
      byValue.set(value, (t = valueToken(code, value)));
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
