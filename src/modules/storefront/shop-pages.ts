// Cart, checkout and order confirmation pages: HTML forms (CSRF-checked) over the cart and orders
// services — the same services the JSON API (/api/cart, /api/checkout) uses.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { cookieSecure } from '../../platform/http/session.js';
import { CART_COOKIE } from '../cart/index.js';
import type { ModuleOptions } from '../index.js';
import { PAYMENT_METHOD_LABELS, PAYMENT_METHODS, type CheckoutInput, type PaymentMethod } from '../orders/index.js';
import { accountPages } from './account-pages.js';
import { CSRF_COOKIE, csrfGuard } from './csrf.js';
import type { Kit } from './kit.js';

const CART_TTL_SECONDS = 90 * 24 * 3600;
type Form = Record<string, string | undefined>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export async function visitorOf(req: FastifyRequest) {
  const s = req.getSession ? await req.getSession() : null;
  const raw = req.cookies?.[CART_COOKIE];
  return { customerId: s?.customer_id ?? null, cartId: raw && raw.length <= 64 ? raw : null };
}

/** Guest confirmation pages are readable only by the browser that placed the order (keyed by its CSRF secret). */
function orderTicket(req: FastifyRequest, number: string): string | null {
  const secret = req.cookies?.[CSRF_COOKIE];
  return secret ? createHmac('sha256', secret).update(`order:${number}`).digest('base64url').slice(0, 22) : null;
}

export async function shopPages(app: FastifyInstance, { deps, services }: ModuleOptions, kit: Kit) {
  const { cart, orders, customers } = services;
  const production = deps.config.env === 'production';
  const hide = { schema: { hide: true } };
  const post = { schema: { hide: true }, preHandler: csrfGuard };

  kit.setCartCounter(async (req) => {
    const who = await visitorOf(req);
    if (!who.cartId && !who.customerId) return 0;
    const id = await cart.resolve(who);
    return id ? (await cart.view(id)).count : 0;
  });

  async function writableCart(req: FastifyRequest, reply: FastifyReply) {
    const c = await cart.ensure(await visitorOf(req));
    if (c.created) {
      reply.setCookie(CART_COOKIE, c.id, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(req, production), maxAge: CART_TTL_SECONDS });
    }
    return c.id;
  }

  async function cartPage(req: FastifyRequest, reply: FastifyReply, notice: { kind: string; text: string } | null = null, status = 200) {
    const view = await cart.view(await cart.resolve(await visitorOf(req)));
    return kit.page(req, reply, 'cart', { cart: view, notice }, { type: 'cart', canonical: '/cart', robots: 'noindex', status });
  }

  app.get('/cart', hide, (req, reply) => cartPage(req, reply));

  async function cartAction(req: FastifyRequest, reply: FastifyReply, fn: (cartId: string, offerId: number, quantity: number) => Promise<unknown>) {
    const body = req.body as Form;
    const offerId = Number(body.offer_id);
    const quantity = body.quantity === undefined ? 1 : Number(body.quantity);
    if (!Number.isSafeInteger(offerId) || offerId < 1) return cartPage(req, reply, { kind: 'error', text: 'Не выбран товар.' }, 422);
    try {
      await fn(await writableCart(req, reply), offerId, quantity);
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return cartPage(req, reply, { kind: 'error', text: e.message }, e.status);
      throw e;
    }
    return reply.redirect('/cart', 303);
  }

  app.post('/cart/add', post, (req, reply) => cartAction(req, reply, (id, offer, q) => cart.add(id, offer, Number.isSafeInteger(q) ? q : NaN)));
  app.post('/cart/update', post, (req, reply) =>
    cartAction(req, reply, (id, offer, q) => (q === 0 ? cart.remove(id, offer) : cart.setQuantity(id, offer, Number.isSafeInteger(q) ? q : NaN))));
  app.post('/cart/remove', post, (req, reply) => cartAction(req, reply, (id, offer) => cart.remove(id, offer)));

  // --- checkout ---

  async function checkoutPage(req: FastifyRequest, reply: FastifyReply, form: Form | null, error: { text: string; field?: string } | null, status = 200) {
    const who = await visitorOf(req);
    const view = await cart.view(await cart.resolve(who));
    if (!view.items.length && !error) return reply.redirect('/cart', 303);
    let values: Form = form ?? {};
    if (!form && who.customerId) {
      const [c, addresses] = await Promise.all([customers.get(who.customerId), customers.listAddresses(who.customerId)]);
      const a = addresses.find((x) => x.is_default) ?? addresses[0];
      values = {
        name: [c.first_name, c.last_name].filter(Boolean).join(' '), email: c.email ?? '', phone: c.phone ?? '',
        ...(a ? { delivery: 'courier', city: a.city, line1: a.line1, line2: a.line2 ?? '', postcode: a.postcode ?? '' } : {}),
      };
    }
    return kit.page(req, reply, 'checkout', {
      cart: view, values, error, pickupPoints: orders.pickupPoints(),
      payments: PAYMENT_METHODS.filter((m) => orders.payments.methods().includes(m)).map((m) => ({ code: m, label: PAYMENT_METHOD_LABELS[m] })),
      // one key per rendered form: a double submit or a retry after a timeout cannot make a second order
      idempotencyKey: form?.idempotency_key && /^[A-Za-z0-9-]{8,100}$/.test(form.idempotency_key) && status !== 409 ? form.idempotency_key : randomUUID(),
      expectedTotal: view.subtotal,
    }, { type: 'checkout', canonical: '/checkout', robots: 'noindex', status });
  }

  app.get('/checkout', hide, (req, reply) => checkoutPage(req, reply, null, null));

  app.post('/checkout', post, async (req, reply) => {
    const f = req.body as Form;
    const who = await visitorOf(req);
    // no cart (it went with the order): a double submit of the same form still finds its order by key
    const cartId = (await cart.resolve(who)) ?? (await writableCart(req, reply));
    const method = str(f.delivery) === 'courier' ? 'courier' : 'pickup';
    const input: CheckoutInput = {
      contact: { name: str(f.name), email: str(f.email), phone: str(f.phone) },
      delivery: method === 'pickup'
        ? { method, pickup_point: str(f.pickup_point) }
        : { method, address: { city: str(f.city), line1: str(f.line1), ...(str(f.line2) ? { line2: str(f.line2) } : {}), ...(str(f.postcode) ? { postcode: str(f.postcode) } : {}) } },
      payment_method: str(f.payment_method) as PaymentMethod,
      comment: str(f.comment) || null,
      ...(f.expected_total && /^\d{1,15}$/.test(f.expected_total) ? { expected_total: Number(f.expected_total) } : {}),
    };
    try {
      const { order } = await orders.checkout({ ...input, cart_id: cartId, customer_id: who.customerId, idempotency_key: str(f.idempotency_key) || randomUUID() });
      const ticket = orderTicket(req, order.number);
      return reply.redirect(`/checkout/done/${encodeURIComponent(order.number)}${ticket ? `?t=${ticket}` : ''}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.code === 'CHECKOUT_CART_EMPTY') return reply.redirect('/cart', 303);
      if (e instanceof AppError && e.status < 500) {
        return checkoutPage(req, reply, f, { text: e.message, ...(e.field ? { field: e.field } : {}) }, e.status);
      }
      throw e;
    }
  });

  app.get('/checkout/done/:number', hide, async (req, reply) => {
    const { number } = req.params as { number: string };
    const who = await visitorOf(req);
    let order;
    try {
      if (who.customerId) {
        order = await orders.getForCustomer(who.customerId, number).catch(() => null);
      }
      if (!order) {
        const expected = orderTicket(req, number);
        const t = str((req.query as { t?: unknown }).t);
        const ok = expected && t.length === expected.length && timingSafeEqual(Buffer.from(t), Buffer.from(expected));
        if (!ok) return kit.notFound(req, reply);
        order = await orders.getByNumber(number);
      }
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return kit.notFound(req, reply);
      throw e;
    }
    return kit.page(req, reply, 'order', { order, done: true, pickupPoints: orders.pickupPoints() }, {
      type: 'order', vars: { name: order.number }, canonical: `/checkout/done/${order.number}`, robots: 'noindex',
      title: `Заказ ${order.number} оформлен | Витрина`,
    });
  });

  await accountPages(app, { deps, services }, kit);
}
