// Recognizes PostgreSQL constraint violations (node-postgres and PGlite both expose code + constraint),
// so repositories can turn them into registry codes instead of leaking SQL errors.
export interface PgViolation {
  code: string;
  constraint?: string;
}

export function pgViolation(e: unknown, code: '23505' | '23503'): PgViolation | null {
  const err = e as { code?: unknown; constraint?: unknown } | null;
  if (!err || typeof err !== 'object' || err.code !== code) return null;
  return { code, ...(typeof err.constraint === 'string' ? { constraint: err.constraint } : {}) };
}
