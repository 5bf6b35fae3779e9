// HTTP surface of the offers module (admin only; the storefront sees offers through the product card).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireRole } from '../../platform/http/auth.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
// bodies are cast to their Static types: the type provider reads `type: [t, 'null']` schemas as unknown
import {
  Offer, OfferCreateBody, OfferList, OfferPatchBody, StockBody, type OfferCreateInput, type OfferPatchInput,
} from './schemas.js';

const ProductParams = Type.Object({ id: Type.String({ description: 'product id or SKU' }) });
const OfferParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export async function offersRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { offers, products } = services;
  const admin = { preHandler: requireRole(deps.db, 'admin') };
  const tags = ['offers'];
  const security = [{ bearer: [] }];

  app.get('/api/admin/products/:id/offers', {
    ...admin,
    schema: { tags, security, summary: "A product's offers, best first", params: ProductParams, response: { 200: OfferList, ...errorResponses } },
  }, async (req) => {
    const product = await products.ref(req.params.id);
    return { items: await offers.listForProduct(product.id) };
  });

  app.post('/api/admin/products/:id/offers', {
    ...admin,
    schema: { tags, security, summary: 'Add an offer to a product', params: ProductParams, body: OfferCreateBody, response: { 201: Offer, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await offers.create(req.params.id, req.body as OfferCreateInput)));

  app.get('/api/admin/offers/:id', {
    ...admin,
    schema: { tags, security, summary: 'Get an offer', params: OfferParams, response: { 200: Offer, ...errorResponses } },
  }, async (req) => offers.get(req.params.id));

  app.patch('/api/admin/offers/:id', {
    ...admin,
    schema: { tags, security, summary: 'Change an offer', params: OfferParams, body: OfferPatchBody, response: { 200: Offer, ...errorResponses } },
  }, async (req) => offers.update(req.params.id, req.body as OfferPatchInput));

  app.delete('/api/admin/offers/:id', {
    ...admin,
    schema: { tags, security, summary: 'Delete an offer', params: OfferParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (req, reply) => {
    await offers.remove(req.params.id);
    return reply.status(204).send(null);
  });

  app.put('/api/admin/offers/:id/stock', {
    ...admin,
    schema: {
      tags, security, params: OfferParams, body: StockBody, response: { 200: Offer, ...errorResponses },
      summary: "Replace an offer's stock: {warehouse code: quantity}",
    },
  }, async (req) => offers.setStock(req.params.id, req.body));
}
