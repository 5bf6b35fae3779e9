// The product life cycle. Moderation is the normal path to the storefront; an admin may publish a
// draft directly (own-catalog imports do not need a moderator).
import type { ProductStatus, Role } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

export const PRODUCT_STATUSES: readonly ProductStatus[] = ['draft', 'moderation', 'published', 'archived'];

const ALLOWED: Record<ProductStatus, readonly ProductStatus[]> = {
  draft: ['moderation'],
  moderation: ['draft', 'published'], // back to draft = rejected by the moderator
  published: ['archived'],
  archived: ['draft'],
};

export function canTransition(from: ProductStatus, to: ProductStatus, role: Role): boolean {
  if (ALLOWED[from].includes(to)) return true;
  return role === 'admin' && from === 'draft' && to === 'published';
}

/** Throws CATALOG_PRODUCT_STATUS_TRANSITION unless `from → to` is allowed for `role`. */
export function assertTransition(from: ProductStatus, to: ProductStatus, role: Role): void {
  if (!canTransition(from, to, role)) {
    const allowed = PRODUCT_STATUSES.filter((s) => canTransition(from, s, role));
    throw new AppError(
      'CATALOG_PRODUCT_STATUS_TRANSITION',
      `A ${from} product cannot become ${to}; allowed: ${allowed.join(', ') || 'none'}.`,
      'status',
    );
  }
}

/** Statuses a new product may be created with: draft and whatever the role may reach from it. */
export function creatableStatuses(role: Role): ProductStatus[] {
  return PRODUCT_STATUSES.filter((s) => s === 'draft' || canTransition('draft', s, role));
}
