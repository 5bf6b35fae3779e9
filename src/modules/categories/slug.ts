import { nextFreeSlug, slugify as baseSlugify, SLUG_PATTERN, SLUG_RE } from '../../platform/text/slug.js';

export { nextFreeSlug, SLUG_PATTERN, SLUG_RE };
export const SLUG_MAX = 120;

/** Category slugs leave room for a "-N" collision suffix. */
export const slugify = (name: string): string => baseSlugify(name, SLUG_MAX - 10);
