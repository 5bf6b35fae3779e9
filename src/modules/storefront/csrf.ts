// CSRF protection of every storefront form: a signed double-submit token. A random secret lives in
// the http-only cookie `vt_csrf`; the form carries HMAC(secret, session id), so a token is tied to
// both the browser and the session, and a cross-site page can neither read nor forge it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { SESSION_COOKIE } from '../../platform/http/session.js';

export const CSRF_COOKIE = 'vt_csrf';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    csrfSecret?: string;
  }
}

function sign(secret: string, sid: string): string {
  return createHmac('sha256', secret).update(`csrf:${sid}`).digest('base64url');
}

// Every anonymous visitor without the cookie gets a new secret, on cached pages too: 24 bytes cut
// from a block the CSPRNG fills once per 256 visitors instead of one CSPRNG call each (each slice
// is used once, so the secrets are exactly as unpredictable).
const SECRET_BYTES = 24;
const POOL_BYTES = SECRET_BYTES * 256;
let pool = Buffer.alloc(0);
let poolAt = POOL_BYTES;
function newSecret(): string {
  if (poolAt >= POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const s = pool.toString('base64url', poolAt, poolAt + SECRET_BYTES);
  pool.fill(0, poolAt, poolAt + SECRET_BYTES);
  poolAt += SECRET_BYTES;
  return s;
}

/** The token for this request's forms; sets the cookie on first use. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  let secret = req.csrfSecret ?? req.cookies?.[CSRF_COOKIE];
  if (!secret || !/^[A-Za-z0-9_-]{32,64}$/.test(secret)) {
    secret = newSecret();
    reply.setCookie(CSRF_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 30 * 24 * 3600 });
  }
  req.csrfSecret = secret;
  return sign(secret, req.cookies?.[SESSION_COOKIE] ?? '');
}

/** True when the posted token matches the cookie's secret and the current session. */
export function csrfValid(req: FastifyRequest): boolean {
  const secret = req.cookies?.[CSRF_COOKIE];
  const body = req.body as Record<string, unknown> | undefined;
  const sent = (typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : req.headers['x-csrf-token']) as string | undefined;
  if (!secret || !sent || typeof sent !== 'string') return false;
  const expected = Buffer.from(sign(secret, req.cookies?.[SESSION_COOKIE] ?? ''));
  const got = Buffer.from(sent);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** preHandler of every storefront POST: a form without a valid token gets a clear 403 page. */
export async function csrfGuard(req: FastifyRequest) {
  if (!csrfValid(req)) throw new AppError('CSRF_INVALID', 'Форма устарела или отправлена не с нашего сайта. Обновите страницу и отправьте её ещё раз.');
}
