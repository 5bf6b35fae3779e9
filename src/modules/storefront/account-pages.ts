// Account pages: register, log in / out, password reset by e-mail, profile, addresses, order history
// with status history and buyer cancellation. HTML forms over the customers, cart and orders services;
// login and reset are rate-limited like their JSON twins.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { AppError } from '../../platform/errors.js';
import { cookieSecure, endSession, startSession } from '../../platform/http/session.js';
import { CART_COOKIE } from '../cart/index.js';
import type { ModuleOptions } from '../index.js';
import { csrfGuard } from './csrf.js';
import type { Kit } from './kit.js';
import { visitorOf } from './shop-pages.js';

type Form = Record<string, string | undefined>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
/** Only local paths: `next` must never send the buyer to another site. */
const safeNext = (v: unknown) => (typeof v === 'string' && /^\/(?!\/)[^\s\\]*$/.test(v) && !v.startsWith('/account/log') ? v : '/account');

export async function accountPages(app: FastifyInstance, { deps, services }: ModuleOptions, kit: Kit) {
  const { customers, cart, orders, sessions } = services;
  const production = deps.config.env === 'production';
  const hide = { schema: { hide: true } };

  let redis: Redis | null = null;
  if (deps.config.redisUrl) {
    redis = new Redis(deps.config.redisUrl, { keyPrefix: 'vitrina:rl-web:', maxRetriesPerRequest: 1, connectTimeout: 2000 });
    app.addHook('onClose', async () => { await redis?.quit().catch(() => {}); });
  }
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    ...(redis ? { redis, nameSpace: 'vitrina-rl-web-' } : {}),
    errorResponseBuilder: (_req, ctx) => new AppError('RATE_LIMITED', `Слишком много попыток. Повторите через ${Math.ceil(ctx.ttl / 1000)} с.`),
  });
  const emailKey = (req: FastifyRequest) => `${req.ip}|${str((req.body as Form | undefined)?.email).toLowerCase()}`;
  const post = (limit?: { max: number; timeWindow: number }) => ({
    schema: { hide: true },
    preHandler: csrfGuard,
    ...(limit ? { config: { rateLimit: { ...limit, keyGenerator: emailKey } } } : {}),
  });

  async function requireCustomer(req: FastifyRequest, reply: FastifyReply): Promise<number | null> {
    const s = req.getSession ? await req.getSession() : null;
    if (s) return s.customer_id;
    await reply.redirect(`/account/login?next=${encodeURIComponent(req.url)}`, 303);
    return null;
  }

  async function logIn(req: FastifyRequest, reply: FastifyReply, c: { id: number; role: 'customer' | 'seller' | 'moderator' | 'admin' }) {
    const guest = (await visitorOf(req)).cartId;
    await startSession(sessions, req, reply, { customer_id: c.id, role: c.role }, production);
    if (guest) {
      await cart.mergeIntoCustomer(guest, c.id);
      reply.clearCookie(CART_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(req, production) });
    }
  }

  const form = (req: FastifyRequest, reply: FastifyReply, template: string, h1: string, data: Record<string, unknown>, status = 200) =>
    kit.page(req, reply, template, { h1, ...data }, { type: 'account', vars: { name: h1 }, canonical: req.url.split('?')[0]!, robots: 'noindex', status });

  const fail = (e: unknown) => {
    if (e instanceof AppError && e.status < 500) return { text: e.message, field: e.field, status: e.status };
    throw e;
  };

  // --- log in / register / log out ---
  app.get('/account/login', hide, (req, reply) =>
    form(req, reply, 'account/login', 'Вход', { values: {}, next: safeNext((req.query as Form).next), error: null }));

  app.post('/account/login', post({ max: 10, timeWindow: 5 * 60_000 }), async (req, reply) => {
    const f = req.body as Form;
    try {
      const c = await customers.authenticate(str(f.email), f.password ?? '');
      await logIn(req, reply, c);
      return reply.redirect(safeNext(f.next), 303);
    } catch (e) {
      const err = fail(e);
      return form(req, reply, 'account/login', 'Вход', { values: { email: str(f.email) }, next: safeNext(f.next), error: err }, err.status);
    }
  });

  app.get('/account/register', hide, (req, reply) => form(req, reply, 'account/register', 'Регистрация', { values: {}, error: null }));

  app.post('/account/register', post({ max: 20, timeWindow: 15 * 60_000 }), async (req, reply) => {
    const f = req.body as Form;
    try {
      const c = await customers.register({
        email: str(f.email), password: f.password ?? '', first_name: str(f.first_name), last_name: str(f.last_name), phone: str(f.phone) || null,
      });
      await logIn(req, reply, c);
      return reply.redirect('/account', 303);
    } catch (e) {
      const err = fail(e);
      const { password: _p, ...values } = f;
      return form(req, reply, 'account/register', 'Регистрация', { values, error: err }, err.status);
    }
  });

  app.post('/account/logout', post(), async (req, reply) => {
    await endSession(sessions, req, reply, production);
    return reply.redirect('/', 303);
  });

  // --- password reset ---
  app.get('/account/password-reset', hide, (req, reply) => {
    const token = str((req.query as Form).token);
    return form(req, reply, 'account/reset', 'Восстановление пароля', { token, sent: false, error: null });
  });

  app.post('/account/password-reset', post({ max: 5, timeWindow: 15 * 60_000 }), async (req, reply) => {
    const f = req.body as Form;
    try {
      if (f.token) {
        const c = await customers.confirmPasswordReset(str(f.token), f.password ?? '');
        await logIn(req, reply, c);
        return reply.redirect('/account', 303);
      }
      await customers.requestPasswordReset(str(f.email));
      return form(req, reply, 'account/reset', 'Восстановление пароля', { token: '', sent: true, error: null });
    } catch (e) {
      const err = fail(e);
      return form(req, reply, 'account/reset', 'Восстановление пароля', { token: str(f.token), sent: false, error: err }, err.status);
    }
  });

  // --- the account ---
  async function accountPage(req: FastifyRequest, reply: FastifyReply, notice: { kind: string; text: string; field?: string } | null = null, status = 200) {
    const id = await requireCustomer(req, reply);
    if (id === null) return reply;
    const [customer, addresses, history] = await Promise.all([
      customers.get(id), customers.listAddresses(id), orders.listForCustomer(id, { limit: 50, offset: 0 }),
    ]);
    return form(req, reply, 'account/index', 'Личный кабинет', { customer, addresses, orders: history.items, notice }, status);
  }

  app.get('/account', hide, (req, reply) => accountPage(req, reply));

  async function accountAction(req: FastifyRequest, reply: FastifyReply, fn: (customerId: number, f: Form) => Promise<unknown>, ok: string) {
    const id = await requireCustomer(req, reply);
    if (id === null) return reply;
    try {
      await fn(id, req.body as Form);
    } catch (e) {
      const err = fail(e);
      return accountPage(req, reply, { kind: 'error', text: err.text, ...(err.field ? { field: err.field } : {}) }, err.status);
    }
    return reply.redirect(`/account?ok=${ok}`, 303);
  }

  app.post('/account/profile', post(), (req, reply) =>
    accountAction(req, reply, (id, f) => customers.updateProfile(id, {
      first_name: str(f.first_name), last_name: str(f.last_name), phone: str(f.phone) || null, newsletter: f.newsletter === 'on',
    }), 'profile'));

  app.post('/account/addresses', post(), (req, reply) =>
    accountAction(req, reply, (id, f) => customers.addAddress(id, {
      name: str(f.name), phone: str(f.phone) || null, region: str(f.region) || null, city: str(f.city), line1: str(f.line1),
      line2: str(f.line2) || null, postcode: str(f.postcode) || null, is_default: f.is_default === 'on',
    }), 'address'));

  app.post('/account/addresses/:id/delete', post(), (req, reply) =>
    accountAction(req, reply, (id) => customers.removeAddress(id, Number((req.params as { id: string }).id)), 'address-removed'));

  app.get('/account/orders/:number', hide, async (req, reply) => {
    const id = await requireCustomer(req, reply);
    if (id === null) return reply;
    const { number } = req.params as { number: string };
    const order = await orders.getForCustomer(id, number); // ORDER_NOT_FOUND → the 404 page
    return kit.page(req, reply, 'order', { order, done: false, pickupPoints: orders.pickupPoints(), notice: null }, {
      type: 'order', vars: { name: order.number }, canonical: `/account/orders/${order.number}`, robots: 'noindex',
    });
  });

  app.post('/account/orders/:number/cancel', post(), async (req, reply) => {
    const id = await requireCustomer(req, reply);
    if (id === null) return reply;
    const { number } = req.params as { number: string };
    try {
      await orders.cancelByBuyer(id, number, str((req.body as Form).reason) || null);
    } catch (e) {
      const err = fail(e);
      const order = await orders.getForCustomer(id, number);
      return kit.page(req, reply, 'order', { order, done: false, pickupPoints: orders.pickupPoints(), notice: { kind: 'error', text: err.text } }, {
        type: 'order', vars: { name: order.number }, canonical: `/account/orders/${order.number}`, robots: 'noindex', status: err.status,
      });
    }
    return reply.redirect(`/account/orders/${encodeURIComponent(number)}`, 303);
  });
}
