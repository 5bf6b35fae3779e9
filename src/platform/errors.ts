// One registry of stable error codes, mapped to HTTP status in one place.
// docs/errors.md must list every code (checked by errors.test.ts).

export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, description: 'The request does not match the route schema.' },
  AUTH_REQUIRED: { status: 401, description: 'No bearer token, or an unknown or revoked one.' },
  AUTH_FORBIDDEN: { status: 403, description: "The token's role may not use this route." },
  NOT_FOUND: { status: 404, description: 'No route matches the request.' },
  CONFLICT: { status: 409, description: 'The change conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is larger than the route accepts.' },
  INTERNAL: { status: 500, description: 'An unexpected failure; the response carries the request id to quote.' },
  DB_LOCKED: {
    status: 503,
    description: 'The embedded database is held by another process (only one process may open it).',
  },
  SERVICE_UNAVAILABLE: { status: 503, description: 'A dependency (database, cache) is not reachable.' },

  CATALOG_CATEGORY_NOT_FOUND: { status: 404, description: 'No category with that id, slug or path.' },
  CATALOG_CATEGORY_SLUG_TAKEN: { status: 409, description: 'Another category already uses that slug.' },
  CATALOG_CATEGORY_CYCLE: { status: 409, description: 'A category cannot be moved under itself or its descendant.' },
  CATALOG_CATEGORY_NOT_EMPTY: {
    status: 409,
    description: 'The category (or a descendant) still has products or children; reassign them first.',
  },
  CATALOG_ATTRIBUTE_NOT_FOUND: { status: 404, description: 'No attribute with that id or code.' },
  CATALOG_ATTRIBUTE_CODE_TAKEN: { status: 409, description: 'Another attribute already uses that code.' },
  CATALOG_ATTRIBUTE_IN_USE: { status: 409, description: 'The attribute is used by a matrix; remove it there first.' },
  CATALOG_ATTRIBUTE_DEFINITION_INVALID: {
    status: 422,
    description: 'The attribute definition is inconsistent (options on a non-enum type, min > max, bad pattern…).',
  },
  CATALOG_ATTRIBUTE_INVALID: {
    status: 422,
    description: "A product's attribute value breaks its type or validation rule; `field` names it.",
  },
  CATALOG_ATTRIBUTE_REQUIRED: { status: 422, description: 'A required attribute of the effective matrix is missing.' },
  CATALOG_ATTRIBUTE_NOT_IN_MATRIX: {
    status: 422,
    description: "The attribute is not in the effective matrix of the product's categories.",
  },
  CATALOG_ATTRIBUTE_GROUP_NOT_FOUND: { status: 404, description: 'No attribute display group with that id.' },
  CATALOG_ATTRIBUTE_GROUP_CODE_TAKEN: { status: 409, description: 'Another attribute display group already uses that code.' },
  CATALOG_ATTRIBUTE_OPTION_NOT_FOUND: { status: 404, description: 'The attribute has no option with that code.' },
  CATALOG_ATTRIBUTE_OPTION_TAKEN: { status: 409, description: 'The attribute already has an option with that code or label.' },
  CATALOG_ATTRIBUTE_OPTION_IN_USE: {
    status: 409,
    description: 'Products hold that option as a value; change those products before removing or recoding it.',
  },
  CATALOG_PRODUCT_NOT_FOUND: { status: 404, description: 'No product with that id, SKU or slug.' },
  CATALOG_PRODUCT_SKU_TAKEN: { status: 409, description: 'Another product already uses that SKU.' },
  CATALOG_PRODUCT_SLUG_TAKEN: { status: 409, description: 'Another product already uses that slug.' },
  CATALOG_PRODUCT_INVALID: { status: 422, description: 'A product field is invalid; `field` names it.' },
  CATALOG_PRODUCT_STATUS_TRANSITION: {
    status: 409,
    description: 'The status change is not allowed (draft → moderation → published → archived).',
  },
  CATALOG_VARIANT_CONFLICT: {
    status: 409,
    description: 'Another product of the variant group has the same variant-axis values.',
  },
  CATALOG_BRAND_NOT_FOUND: { status: 404, description: 'No brand with that id or slug.' },
  CATALOG_BRAND_TAKEN: { status: 409, description: 'Another brand already uses that name or slug.' },
  CATALOG_BRAND_IN_USE: { status: 409, description: 'Products still refer to the brand; reassign them first.' },
  CATALOG_TAG_NOT_FOUND: { status: 404, description: 'No tag with that slug.' },
  OFFER_NOT_FOUND: { status: 404, description: 'No offer with that id.' },
  OFFER_INVALID: { status: 422, description: 'An offer field is invalid (price, currency, stock); `field` names it.' },
  OFFER_DUPLICATE: { status: 409, description: 'The product already has an offer from that source.' },
  CMS_PAGE_NOT_FOUND: { status: 404, description: 'No CMS page with that id or slug.' },
  CMS_POST_NOT_FOUND: { status: 404, description: 'No blog post with that id or slug.' },
  CMS_BLOG_CATEGORY_NOT_FOUND: { status: 404, description: 'No blog category with that id or slug.' },
  CMS_REDIRECT_NOT_FOUND: { status: 404, description: 'No redirect with that id.' },
  CMS_SLUG_TAKEN: { status: 409, description: 'Another page, post, blog category or redirect already uses that slug or path.' },
  CMS_INVALID: { status: 422, description: 'A CMS field is invalid (slug, path, redirect target); `field` names it.' },
  CSRF_INVALID: { status: 403, description: 'A form was posted without a valid CSRF token; reload the page and send it again.' },
  IMPORT_LINE_INVALID: { status: 422, description: 'A line of a bulk file is not valid JSON or not a valid product.' },
  IMPORT_SKU_DUPLICATE: {
    status: 422,
    description: 'The SKU already appeared on an earlier line of the same bulk file; the later line is rejected.',
  },
  OCSTORE_SOURCE_UNREACHABLE: { status: 503, description: 'The ocStore MySQL/MariaDB database given by --mysql cannot be reached or read.' },
  OCSTORE_SCHEMA_MISMATCH: {
    status: 422,
    description: 'The ocStore database lacks the tables the importer needs (wrong --prefix, older or foreign schema); nothing was written.',
  },
  OCSTORE_LANGUAGE_NOT_FOUND: { status: 422, description: 'The --language code is not a language of the ocStore shop; nothing was written.' },
  SEARCH_UNAVAILABLE: { status: 503, description: 'The search engine (OpenSearch) is not reachable or not ready.' },
  SEARCH_QUERY_INVALID: {
    status: 400,
    description: 'A search request names an unknown filter or attribute, has a malformed range or value, or an overlong query; `field` names it.',
  },
  AUTH_INVALID_CREDENTIALS: { status: 401, description: 'The e-mail and password do not match an active account.' },
  RATE_LIMITED: { status: 429, description: 'Too many attempts (login, password reset); retry after the Retry-After seconds.' },
  CONTACT_INVALID: { status: 422, description: 'An e-mail or Russian phone number is not valid; `field` names it.' },
  ACCOUNT_NOT_FOUND: { status: 404, description: 'No customer account with that id.' },
  ACCOUNT_EMAIL_TAKEN: { status: 409, description: 'Another account already uses that e-mail.' },
  ACCOUNT_PASSWORD_WEAK: { status: 422, description: 'The password is too short (at least 8 characters) or too long.' },
  ACCOUNT_ADDRESS_NOT_FOUND: { status: 404, description: 'No address with that id in this account.' },
  ACCOUNT_RESET_TOKEN_INVALID: { status: 422, description: 'The password-reset token is unknown, used or expired.' },
  CART_ITEM_NOT_FOUND: { status: 404, description: 'The cart has no line for that offer.' },
  CART_OFFER_UNAVAILABLE: { status: 422, description: 'The offer does not exist, is not for sale or has no stock.' },
  CART_QUANTITY_EXCEEDS_STOCK: {
    status: 409,
    description: 'More than the available stock was asked for; `details.available` says how many can be ordered.',
  },
  CHECKOUT_CART_EMPTY: { status: 422, description: 'There is nothing in the cart to order.' },
  CHECKOUT_CART_CHANGED: {
    status: 409,
    description: 'Prices or stock changed since the items were added; `details.changes` lists each line (the cart now shows the new prices).',
  },
  CHECKOUT_INVALID: { status: 422, description: 'A checkout field (delivery, payment method…) is invalid; `field` names it.' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, description: 'Checkout needs an Idempotency-Key header (8–100 characters).' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, description: 'The Idempotency-Key was already used for a different request body.' },
  ORDER_NOT_FOUND: { status: 404, description: 'No order with that id or number (in this account).' },
  ORDER_STATUS_INVALID: { status: 422, description: 'Unknown order status; use created, accepted, assembled, shipped, delivered or cancelled.' },
  ORDER_NOT_CANCELLABLE: { status: 409, description: 'The buyer can cancel an order only while its status is created.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A failure with a stable code. `field` names the offending input where there is one. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; details?: unknown } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Expected business failures are values (Vendure's rule); services return Result where callers branch on it. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: AppError): Result<T> => ({ ok: false, error });
