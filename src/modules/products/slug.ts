import { slugify, SLUG_RE } from '../../platform/text/slug.js';

export { slugify };
export const SLUG_PATTERN = SLUG_RE;

/** A product slug: the transliterated name plus the SKU, so two products with one name differ. */
export function productSlug(name: string, sku: string): string {
  const base = slugify(name, 80);
  const suffix = slugify(sku, 40);
  return [base, suffix].filter(Boolean).join('-') || 'product';
}
