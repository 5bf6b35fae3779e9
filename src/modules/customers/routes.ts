// HTTP surface of accounts: register, log in/out, profile, addresses, password change and reset.
// Login and reset are rate-limited (@fastify/rate-limit; counters in Redis when REDIS_URL is set,
// so every node shares them).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.js';
import { endSession, requireJsonBody, requireSession, startSession } from '../../platform/http/session.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { clearCartCookie, visitor } from '../cart/routes.js';
import type { ModuleOptions } from '../index.js';
import {
  AccountView, Address, AddressBody, AddressPatchBody, CustomerEnvelope, LoginBody, PasswordChangeBody, ProfileBody,
  RegisterBody, ResetConfirmBody, ResetRequestBody,
} from './schemas.js';
import type { AddressInput, Customer, ProfilePatch } from './types.js';
import type { Services } from '../../services.js';

/**
 * Logs a customer in on this response: a fresh session id (no fixation) in `vt_sid`, and the guest
 * cart of `vt_cart` merged into the account's cart. The storefront's HTML forms use it too.
 */
export async function signIn(services: Pick<Services, 'sessions' | 'cart'>, req: FastifyRequest, reply: FastifyReply, c: Pick<Customer, 'id' | 'role'>, production: boolean) {
  const guest = (await visitor(req)).cartId;
  await startSession(services.sessions, req, reply, { customer_id: c.id, role: c.role }, production);
  if (guest) {
    await services.cart.mergeIntoCustomer(guest, c.id);
    clearCartCookie(req, reply, production);
  }
}

export const LOGIN_LIMIT = { max: 10, timeWindow: 5 * 60_000 };
export const RESET_LIMIT = { max: 5, timeWindow: 15 * 60_000 };

const AddressParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export async function customersRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { customers } = services;
  const production = deps.config.env === 'production';
  const tags = ['account'];
  const auth = { preHandler: requireSession('customer') };

  let redis: Redis | null = null;
  if (deps.config.redisUrl) {
    redis = new Redis(deps.config.redisUrl, { keyPrefix: 'vitrina:rl:', maxRetriesPerRequest: 1, connectTimeout: 5000 });
    // reconnects on its own; @fastify/rate-limit lets requests through while Redis is away (skipOnError)
    redis.on('error', (err) => deps.log.warn({ err }, 'rate-limit Redis connection error'));
    app.addHook('onClose', async () => { await redis?.quit().catch(() => {}); });
  }
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler', // after body parsing, so the key can include the e-mail
    ...(redis ? { redis, nameSpace: 'vitrina-rl-', skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) =>
      new AppError('RATE_LIMITED', `Слишком много попыток. Повторите через ${Math.ceil(ctx.ttl / 1000)} с.`, undefined, { retry_after_seconds: Math.ceil(ctx.ttl / 1000) }),
  });
  const emailKey = (req: FastifyRequest) => `${req.ip}|${String((req.body as { email?: unknown })?.email ?? '').trim().toLowerCase()}`;

  app.addHook('preValidation', requireJsonBody);

  const logIn = (req: FastifyRequest, reply: FastifyReply, c: Pick<Customer, 'id' | 'role'>) => signIn(services, req, reply, c, production);

  app.post('/api/account/register', {
    config: { rateLimit: { ...RESET_LIMIT, max: 20, keyGenerator: (req: FastifyRequest) => req.ip } },
    schema: { tags, summary: 'Create an account and log in (publishes customer.registered)', body: RegisterBody, response: { 201: CustomerEnvelope, ...errorResponses } },
  }, async (req, reply) => {
    const c = await customers.register({ ...req.body, phone: (req.body.phone as string | null | undefined) ?? null });
    await logIn(req, reply, c);
    return reply.status(201).send({ customer: c });
  });

  app.post('/api/account/login', {
    config: { rateLimit: { ...LOGIN_LIMIT, keyGenerator: emailKey } },
    schema: { tags, summary: 'Log in: sets the vt_sid cookie, merges the guest cart', body: LoginBody, response: { 200: CustomerEnvelope, ...errorResponses, 429: errorResponses[400] } },
  }, async (req, reply) => {
    const c = await customers.authenticate(req.body.email, req.body.password);
    await logIn(req, reply, c);
    return { customer: c };
  });

  app.post('/api/account/logout', {
    schema: { tags, summary: 'Log out (ends the session, clears the cookie)', response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await endSession(services.sessions, req, reply, production);
    return reply.status(204).send(null);
  });

  app.get('/api/account', {
    ...auth,
    schema: { tags, summary: 'The logged-in customer with addresses', response: { 200: AccountView, ...errorResponses } },
  }, async (req) => {
    const s = (await req.getSession())!;
    const [customer, addresses] = await Promise.all([customers.get(s.customer_id), customers.listAddresses(s.customer_id)]);
    return { customer, addresses };
  });

  app.patch('/api/account', {
    ...auth,
    schema: { tags, summary: 'Change the profile (publishes customer.updated)', body: ProfileBody, response: { 200: CustomerEnvelope, ...errorResponses } },
  }, async (req) => ({ customer: await customers.updateProfile((await req.getSession())!.customer_id, req.body as ProfilePatch) }));

  app.post('/api/account/password', {
    ...auth,
    config: { rateLimit: { ...LOGIN_LIMIT, keyGenerator: (req: FastifyRequest) => `pw|${req.ip}` } },
    schema: { tags, summary: 'Change the password (needs the current one)', body: PasswordChangeBody, response: { 204: Type.Null(), ...errorResponses } },
  }, async (req, reply) => {
    await customers.changePassword((await req.getSession())!.customer_id, req.body.current_password, req.body.password);
    return reply.status(204).send(null);
  });

  app.post('/api/account/password-reset', {
    config: { rateLimit: { ...RESET_LIMIT, keyGenerator: (req: FastifyRequest) => `reset|${req.ip}` } },
    schema: {
      tags, summary: 'E-mail a password-reset link (answers 202 whether or not the e-mail has an account)', body: ResetRequestBody,
      response: { 202: Type.Object({ ok: Type.Boolean() }), ...errorResponses },
    },
  }, async (req, reply) => {
    await customers.requestPasswordReset(req.body.email);
    return reply.status(202).send({ ok: true });
  });

  app.post('/api/account/password-reset/confirm', {
    config: { rateLimit: { ...RESET_LIMIT, max: 20, keyGenerator: (req: FastifyRequest) => `confirm|${req.ip}` } },
    schema: { tags, summary: 'Set a new password from the e-mailed token and log in (other sessions end)', body: ResetConfirmBody, response: { 200: CustomerEnvelope, ...errorResponses } },
  }, async (req, reply) => {
    const c = await customers.confirmPasswordReset(req.body.token, req.body.password);
    await logIn(req, reply, c);
    return { customer: c };
  });

  app.get('/api/account/addresses', {
    ...auth,
    schema: { tags, summary: 'Saved addresses, default first', response: { 200: Type.Object({ items: Type.Array(Address) }), ...errorResponses } },
  }, async (req) => ({ items: await customers.listAddresses((await req.getSession())!.customer_id) }));

  app.post('/api/account/addresses', {
    ...auth,
    schema: { tags, summary: 'Save an address', body: AddressBody, response: { 201: Address, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await customers.addAddress((await req.getSession())!.customer_id, req.body as AddressInput)));

  app.patch('/api/account/addresses/:id', {
    ...auth,
    schema: { tags, summary: 'Change an address', params: AddressParams, body: AddressPatchBody, response: { 200: Address, ...errorResponses } },
  }, async (req) => customers.updateAddress((await req.getSession())!.customer_id, req.params.id, req.body as Partial<AddressInput>));

  app.delete('/api/account/addresses/:id', {
    ...auth,
    schema: { tags, summary: 'Delete an address', params: AddressParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (req, reply) => {
    await customers.removeAddress((await req.getSession())!.customer_id, req.params.id);
    return reply.status(204).send(null);
  });
}
