// Bearer tokens for the admin API. Tokens are 256-bit random strings, so a SHA-256 digest is a
// safe lookup key (unlike passwords, which get argon2id); the token itself is never stored.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => `vt_${randomBytes(32).toString('base64url')}`;

export interface Principal {
  tokenId: number;
  role: Role;
  name: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Which roles may pass a guard for each required role: admin passes everything. */
const SATISFIES: Record<Role, Role[]> = {
  admin: ['admin'],
  moderator: ['admin', 'moderator'],
  seller: ['admin', 'seller'],
  customer: ['admin', 'moderator', 'seller', 'customer'],
};

export function requireRole(db: Database, role: Role) {
  return async function guard(req: FastifyRequest, _reply: FastifyReply) {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) throw new AppError('AUTH_REQUIRED', 'Send "Authorization: Bearer <token>".');
    const row = await db.kysely
      .selectFrom('admin_tokens')
      .select(['id', 'role', 'name'])
      .where('token_hash', '=', hashToken(m[1]!))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new AppError('AUTH_REQUIRED', 'Unknown or revoked token.');
    if (!SATISFIES[role].includes(row.role)) {
      throw new AppError('AUTH_FORBIDDEN', `This route needs the ${role} role; the token has ${row.role}.`);
    }
    req.principal = { tokenId: row.id, role: row.role, name: row.name };
  };
}

/**
 * Makes sure an admin token exists. Returns a freshly generated token (to print once) when the
 * database had none and none was configured; null otherwise.
 */
export async function ensureAdminToken(db: Database, configured: string | null): Promise<string | null> {
  if (configured) {
    await db.kysely
      .insertInto('admin_tokens')
      .values({ name: 'VITRINA_ADMIN_TOKEN', token_hash: hashToken(configured), role: 'admin' })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .execute();
    return null;
  }
  const existing = await db.kysely
    .selectFrom('admin_tokens')
    .select('id')
    .where('role', '=', 'admin')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (existing) return null;
  const token = newToken();
  await db.kysely
    .insertInto('admin_tokens')
    .values({ name: 'first-start', token_hash: hashToken(token), role: 'admin' })
    .execute();
  return token;
}

/** Creates a token with a role (tests, `vitrina token create`). */
export async function createToken(db: Database, name: string, role: Role): Promise<string> {
  const token = newToken();
  await db.kysely.insertInto('admin_tokens').values({ name, token_hash: hashToken(token), role }).execute();
  return token;
}
