// Buyer sessions: an opaque random id in the http-only cookie `vt_sid`; the record lives in Redis
// when REDIS_URL is set (through the cache port, with a TTL), otherwise in the `sessions` table —
// not in the in-process LRU, which evicts under load and forgets everything on restart, and the
// table works the same on PGlite and on server PostgreSQL without Redis. Both stores key records
// by the SHA-256 of the id, so a leaked store cannot be replayed as cookies.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { sql } from 'kysely';
import type { PlatformDeps } from '../context.js';
import type { Cache } from '../cache/index.js';
import type { Database } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'vt_sid';
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;

export interface SessionData {
  customer_id: number;
  role: Role;
  created_at: string;
}

export interface SessionStore {
  readonly kind: 'redis' | 'database';
  get(id: string): Promise<SessionData | null>;
  create(data: SessionData): Promise<string>;
  destroy(id: string): Promise<void>;
  /** ends every session of a customer (password reset) */
  revokeCustomer(customerId: number): Promise<void>;
}

const digest = (id: string) => createHash('sha256').update(id).digest('hex');
const newId = () => randomBytes(32).toString('base64url');

export function databaseSessionStore(db: Database): SessionStore {
  return {
    kind: 'database',
    async get(id) {
      const row = await db.kysely.selectFrom('sessions').select(['data', 'expires_at'])
        .where('id_hash', '=', digest(id)).where('expires_at', '>', new Date()).executeTakeFirst();
      return row ? (row.data as unknown as SessionData) : null;
    },
    async create(data) {
      const id = newId();
      await db.kysely.insertInto('sessions').values({
        id_hash: digest(id), customer_id: data.customer_id, data: JSON.stringify(data),
        expires_at: new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
      }).execute();
      // opportunistic clean-up of expired rows, bounded so a login never pays for a backlog
      await sql`delete from sessions where id_hash in (select id_hash from sessions where expires_at < now() limit 100)`
        .execute(db.kysely);
      return id;
    },
    async destroy(id) {
      await db.kysely.deleteFrom('sessions').where('id_hash', '=', digest(id)).execute();
    },
    async revokeCustomer(customerId) {
      await db.kysely.deleteFrom('sessions').where('customer_id', '=', customerId).execute();
    },
  };
}

/**
 * Redis through the cache port. Revocation per customer uses an epoch counter: each record carries
 * the customer's epoch at login, and bumping it orphans every older record without scanning keys.
 */
export function cacheSessionStore(cache: Cache): SessionStore {
  const epochKey = (customerId: number) => `sess-epoch:${customerId}`;
  const epoch = async (customerId: number) => (await cache.get<number>(epochKey(customerId))) ?? 0;
  return {
    kind: 'redis',
    async get(id) {
      const rec = await cache.get<SessionData & { epoch: number }>(`sess:${digest(id)}`);
      if (!rec) return null;
      if (rec.epoch !== (await epoch(rec.customer_id))) return null;
      return { customer_id: rec.customer_id, role: rec.role, created_at: rec.created_at };
    },
    async create(data) {
      const id = newId();
      await cache.set(`sess:${digest(id)}`, { ...data, epoch: await epoch(data.customer_id) }, SESSION_TTL_SECONDS);
      return id;
    },
    async destroy(id) {
      await cache.del(`sess:${digest(id)}`);
    },
    async revokeCustomer(customerId) {
      await cache.incr(epochKey(customerId));
    },
  };
}

export function createSessionStore(deps: Pick<PlatformDeps, 'cache' | 'db'>): SessionStore {
  return deps.cache.kind === 'redis' ? cacheSessionStore(deps.cache) : databaseSessionStore(deps.db);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the buyer's session, loaded on first call and memoised for the request */
    getSession(): Promise<SessionData | null>;
    sessionCache?: Promise<SessionData | null>;
  }
}

/** Secure when the request came over https (directly or via a proxy that says so) or in production. */
export function cookieSecure(req: FastifyRequest, production: boolean): boolean {
  return production || req.protocol === 'https' || req.headers['x-forwarded-proto'] === 'https';
}

export interface SessionPluginOptions {
  deps: PlatformDeps;
  store: SessionStore;
}

/**
 * Registers @fastify/cookie (once, whoever comes first) and `req.getSession()` on the whole app.
 * Lazy: pages that never ask for the session never touch the store.
 */
export async function sessionPlugin(app: FastifyInstance, { store }: SessionPluginOptions) {
  if (!app.hasDecorator('parseCookie')) await app.register(cookie);
  if (app.hasRequestDecorator('getSession')) return;
  app.decorateRequest('sessionCache', undefined);
  app.decorateRequest('getSession', function getSession(this: FastifyRequest) {
    this.sessionCache ??= (async () => {
      const id = this.cookies?.[SESSION_COOKIE];
      if (!id || id.length > 100) return null;
      return store.get(id);
    })();
    return this.sessionCache;
  });
}
// what fastify-plugin does: decorate the parent app instead of an encapsulated child
Object.assign(sessionPlugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'vitrina-session' });

export async function startSession(store: SessionStore, req: FastifyRequest, reply: FastifyReply, data: Omit<SessionData, 'created_at'>, production: boolean) {
  const old = req.cookies?.[SESSION_COOKIE];
  if (old) await store.destroy(old); // a new id at login: no session fixation
  const id = await store.create({ ...data, created_at: new Date().toISOString() });
  reply.setCookie(SESSION_COOKIE, id, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(req, production), maxAge: SESSION_TTL_SECONDS,
  });
  req.sessionCache = Promise.resolve({ ...data, created_at: new Date().toISOString() });
}

export async function endSession(store: SessionStore, req: FastifyRequest, reply: FastifyReply, production: boolean) {
  const id = req.cookies?.[SESSION_COOKIE];
  if (id) await store.destroy(id);
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(req, production) });
  req.sessionCache = Promise.resolve(null);
}

const SATISFIES: Record<Role, Role[]> = {
  admin: ['admin'],
  moderator: ['admin', 'moderator'],
  seller: ['admin', 'seller'],
  customer: ['admin', 'moderator', 'seller', 'customer'],
};

/** preHandler: a logged-in buyer (or a stronger role); 401 AUTH_REQUIRED / 403 AUTH_FORBIDDEN otherwise. */
export function requireSession(role: Role = 'customer') {
  return async function sessionGuard(req: FastifyRequest) {
    const s = await req.getSession();
    if (!s) throw new AppError('AUTH_REQUIRED', 'Войдите в аккаунт.');
    if (!SATISFIES[role].includes(s.role)) throw new AppError('AUTH_FORBIDDEN', `This route needs the ${role} role.`);
  };
}

/**
 * preValidation for cookie-authenticated JSON routes: a body must be application/json. Browsers
 * cannot send that cross-site without a CORS preflight, so together with SameSite=Lax cookies a
 * forged form post never reaches a handler (HTML forms get CSRF tokens in the storefront).
 */
export async function requireJsonBody(req: FastifyRequest) {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const type = req.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError('VALIDATION_FAILED', 'Send the body as application/json.');
  }
}
