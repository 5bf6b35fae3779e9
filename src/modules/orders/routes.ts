// HTTP surface of orders: checkout (buyer), the buyer's orders, and the admin's order desk.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.js';
import { requireRole } from '../../platform/http/auth.js';
import { requireJsonBody, requireSession } from '../../platform/http/session.js';
import { PageQuery, errorResponses } from '../../platform/http/schemas.js';
import { setCartCookie, visitor } from '../cart/routes.js';
import type { ModuleOptions } from '../index.js';
import { COURIER_COST, FREE_COURIER_FROM } from './delivery.js';
import {
  CancelBody, CheckoutBody, CheckoutOptions, CheckoutResult, IdempotencyHeaders, Order, OrderPage, StatusBody, StatusResult,
} from './schemas.js';
import { ORDER_STATUSES, PAYMENT_METHOD_LABELS, type CheckoutInput } from './types.js';

const NotificationEntry = Type.Object({
  id: Type.Integer(), kind: Type.String(), channel: Type.String(), recipient: Type.String(),
  subject: Type.Unsafe<string | null>({ type: ['string', 'null'] }), status: Type.String({ description: 'pending | sent | failed' }),
  attempts: Type.Integer(), last_error: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  created_at: Type.String(), sent_at: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
});
const NumberParams = Type.Object({ number: Type.String({ maxLength: 40, description: 'VT-000123' }) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const AdminQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)))),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'number, e-mail, phone or name contains' })),
  customer_id: Type.Optional(Type.Integer({ minimum: 1 })),
});

export async function ordersRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { orders, cart } = services;
  const production = deps.config.env === 'production';
  const buyer = { preHandler: requireSession('customer') };
  const admin = { preHandler: requireRole(deps.db, 'admin') };
  const security = [{ bearer: [] }];
  app.addHook('preValidation', requireJsonBody);
  // messages left pending by a previous process (crash, SMTP outage) go out once the app is up
  app.addHook('onReady', async () => { services.notifications.kick(); });
  app.addHook('onClose', async () => { await services.notifications.close(); });

  app.get('/api/checkout/options', {
    schema: { tags: ['checkout'], summary: 'Pickup points, payment methods and the courier tariff', response: { 200: CheckoutOptions } },
  }, async () => ({
    pickup_points: orders.pickupPoints(),
    payment_methods: orders.payments.methods().map((code) => ({ code, label: PAYMENT_METHOD_LABELS[code] })),
    courier_cost: COURIER_COST, free_courier_from: FREE_COURIER_FROM,
  }));

  app.post('/api/checkout', {
    schema: {
      tags: ['checkout'], headers: IdempotencyHeaders, body: CheckoutBody,
      summary: "Order the visitor's cart. Idempotency-Key required: the same key and body answer the same order (200), another body 409",
      response: { 201: CheckoutResult, 200: CheckoutResult, ...errorResponses },
    },
  }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length < 8 || key.length > 100) {
      throw new AppError('IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header of 8–100 characters, one per checkout attempt.', 'Idempotency-Key');
    }
    const who = await visitor(req);
    const cartId = await cart.resolve(who);
    if (!cartId) {
      // nothing to order — unless this key already ordered it (the cart is gone after checkout)
      const c = await cart.ensure(who);
      if (c.created) setCartCookie(req, reply, c.id, production);
      const r = await orders.checkout({ ...(req.body as CheckoutInput), cart_id: c.id, customer_id: who.customerId, idempotency_key: key });
      return reply.status(r.replayed ? 200 : 201).send(r);
    }
    const r = await orders.checkout({ ...(req.body as CheckoutInput), cart_id: cartId, customer_id: who.customerId, idempotency_key: key });
    return reply.status(r.replayed ? 200 : 201).send(r);
  });

  app.get('/api/account/orders', {
    ...buyer,
    schema: { tags: ['account'], summary: "The customer's orders, newest first", querystring: Type.Object(PageQuery), response: { 200: OrderPage, ...errorResponses } },
  }, async (req) => {
    const page = { limit: req.query.limit, offset: req.query.offset };
    return { ...(await orders.listForCustomer((await req.getSession())!.customer_id, page)), ...page };
  });

  app.get('/api/account/orders/:number', {
    ...buyer,
    schema: { tags: ['account'], summary: 'One of the customer\'s orders with items and status history', params: NumberParams, response: { 200: Order, ...errorResponses } },
  }, async (req) => orders.getForCustomer((await req.getSession())!.customer_id, req.params.number));

  app.post('/api/account/orders/:number/cancel', {
    ...buyer,
    schema: { tags: ['account'], summary: "Cancel while the order is 'created' (stock returns, order.cancelled to 1C)", params: NumberParams, body: Type.Optional(CancelBody), response: { 200: Order, ...errorResponses } },
  }, async (req) => orders.cancelByBuyer((await req.getSession())!.customer_id, req.params.number, (req.body?.reason as string | null | undefined) ?? null));

  app.get('/api/admin/orders', {
    ...admin,
    schema: { tags: ['orders'], security, summary: 'Orders, newest first, filtered by status or text', querystring: AdminQuery, response: { 200: OrderPage, ...errorResponses } },
  }, async (req) => {
    const { limit, offset, status, q, customer_id } = req.query;
    return { ...(await orders.list({ limit, offset, status, q, customer_id })), limit, offset };
  });

  app.get('/api/admin/orders/:id', {
    ...admin,
    schema: { tags: ['orders'], security, summary: 'An order with items and status history', params: IdParams, response: { 200: Order, ...errorResponses } },
  }, async (req) => orders.get(req.params.id));

  app.get('/api/admin/orders/:id/notifications', {
    ...admin,
    schema: {
      tags: ['orders'], security, summary: "The order's e-mail and SMS log (status, attempts, last error)", params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(NotificationEntry) }), ...errorResponses },
    },
  }, async (req) => {
    await orders.get(req.params.id);
    const rows = await services.notifications.log({ order_id: req.params.id, limit: 100 });
    return {
      items: rows.map((r) => ({
        id: r.id, kind: r.kind, channel: r.channel, recipient: r.recipient, subject: r.subject, status: r.status,
        attempts: r.attempts, last_error: r.last_error, created_at: r.created_at, sent_at: r.sent_at,
      })),
    };
  });

  app.post('/api/admin/orders/:id/status', {
    ...admin,
    schema: { tags: ['orders'], security, summary: 'Move an order to a status (history row, buyer notified)', params: IdParams, body: StatusBody, response: { 200: StatusResult, ...errorResponses } },
  }, async (req) => {
    const o = await orders.get(req.params.id);
    const result = await orders.applyStatusChange({ order_ref: o.number, status: req.body.status, occurred_at: new Date(), comment: (req.body.comment as string | null | undefined) ?? null, source: 'admin' });
    return { result, order: await orders.get(req.params.id) };
  });
}
