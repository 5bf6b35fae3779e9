// HTTP surface of the cart: the visitor's cart by session (account) or `vt_cart` cookie (guest).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { cookieSecure, requireJsonBody } from '../../platform/http/session.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import { AddBody, CartView, LineParams, QuantityBody } from './schemas.js';

export const CART_COOKIE = 'vt_cart';
const CART_TTL_SECONDS = 90 * 24 * 3600;

/** Who is asking: the logged-in customer (if any) and the guest cart cookie. */
export async function visitor(req: FastifyRequest) {
  const s = await req.getSession();
  const raw = req.cookies?.[CART_COOKIE];
  return { customerId: s?.customer_id ?? null, cartId: raw && raw.length <= 64 ? raw : null };
}

export function setCartCookie(req: FastifyRequest, reply: FastifyReply, id: string, production: boolean) {
  reply.setCookie(CART_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(req, production), maxAge: CART_TTL_SECONDS });
}

export function clearCartCookie(req: FastifyRequest, reply: FastifyReply, production: boolean) {
  reply.clearCookie(CART_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure(req, production) });
}

export async function cartRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { cart } = services;
  const production = deps.config.env === 'production';
  const tags = ['cart'];
  app.addHook('preValidation', requireJsonBody);

  async function writable(req: FastifyRequest, reply: FastifyReply) {
    const who = await visitor(req);
    const c = await cart.ensure(who);
    if (c.created) setCartCookie(req, reply, c.id, production);
    return c.id;
  }

  app.get('/api/cart', {
    schema: { tags, summary: "The visitor's cart (account cart when logged in, else the guest cookie's)", response: { 200: CartView } },
  }, async (req) => cart.view(await cart.resolve(await visitor(req))));

  app.post('/api/cart/items', {
    schema: { tags, summary: 'Add an offer (adds to the quantity already in the cart)', body: AddBody, response: { 200: CartView, ...errorResponses } },
  }, async (req, reply) => cart.add(await writable(req, reply), req.body.offer_id, req.body.quantity));

  app.patch('/api/cart/items/:offer_id', {
    schema: { tags, summary: "Set a line's quantity", params: LineParams, body: QuantityBody, response: { 200: CartView, ...errorResponses } },
  }, async (req, reply) => cart.setQuantity(await writable(req, reply), req.params.offer_id, req.body.quantity));

  app.delete('/api/cart/items/:offer_id', {
    schema: { tags, summary: 'Remove a line', params: LineParams, response: { 200: CartView, ...errorResponses } },
  }, async (req, reply) => cart.remove(await writable(req, reply), req.params.offer_id));

}
