// HTTP surface of the products module: admin CRUD (bearer, admin role) and the storefront reads.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { requireRole } from '../../platform/http/auth.js';
import { errorResponses, Page, PageQuery } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import {
  AdminListQuery, Brand, BrandBody, BrandPatchBody, Card, Listing, ListingQuery, Product, ProductCreateBody,
  ProductPage, ProductPatchBody, StatusBody, Tag, type ProductCreateInput, type ProductPatchInput,
} from './schemas.js';
// bodies are cast to their Static types: the type provider reads `type: [t, 'null']` schemas as unknown

const ProductParams = Type.Object({ id: Type.String({ description: 'product id or SKU' }) });
const BrandParams = Type.Object({ id: Type.String({ description: 'brand id or slug' }) });
const DictQuery = Type.Object({ ...PageQuery, q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) });

export async function productsRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const products = services.products;
  const admin = { preHandler: requireRole(deps.db, 'admin') };
  const tags = ['products'];
  const security = [{ bearer: [] }];

  app.get('/api/admin/products', {
    ...admin,
    schema: { tags, security, summary: 'List products (filter, sort, paginate)', querystring: AdminListQuery, response: { 200: ProductPage, ...errorResponses } },
  }, async (req) => products.list(req.query));

  app.post('/api/admin/products', {
    ...admin,
    schema: { tags, security, summary: 'Create a product', body: ProductCreateBody, response: { 201: Product, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await products.create(req.body as ProductCreateInput, { role: req.principal?.role ?? 'admin' })));

  app.get('/api/admin/products/:id', {
    ...admin,
    schema: { tags, security, summary: 'Get a product by id or SKU', params: ProductParams, response: { 200: Product, ...errorResponses } },
  }, async (req) => products.get(req.params.id));

  app.patch('/api/admin/products/:id', {
    ...admin,
    schema: {
      tags, security, params: ProductParams, body: ProductPatchBody, response: { 200: Product, ...errorResponses },
      summary: 'Change a product (attributes merge; null removes a value)',
    },
  }, async (req) => products.update(req.params.id, req.body as ProductPatchInput));

  app.delete('/api/admin/products/:id', {
    ...admin,
    schema: { tags, security, summary: 'Delete a product with its offers', params: ProductParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (req, reply) => {
    await products.remove(req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/admin/products/:id/status', {
    ...admin,
    schema: {
      tags, security, params: ProductParams, body: StatusBody, response: { 200: Product, ...errorResponses },
      summary: 'Move a product through draft → moderation → published → archived',
    },
  }, async (req) => products.setStatus(req.params.id, req.body.status, { role: req.principal?.role ?? 'admin' }));

  // --- brands and tags ---

  app.get('/api/admin/brands', {
    ...admin,
    schema: { tags, security, summary: 'List brands', querystring: DictQuery, response: { 200: Page(Brand), ...errorResponses } },
  }, async (req) => products.brands.list(req.query));

  app.post('/api/admin/brands', {
    ...admin,
    schema: { tags, security, summary: 'Create a brand', body: BrandBody, response: { 201: Brand, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await products.brands.create(req.body)));

  app.get('/api/admin/brands/:id', {
    ...admin,
    schema: { tags, security, summary: 'Get a brand by id or slug', params: BrandParams, response: { 200: Brand, ...errorResponses } },
  }, async (req) => products.brands.get(req.params.id));

  app.patch('/api/admin/brands/:id', {
    ...admin,
    schema: { tags, security, summary: 'Rename a brand', params: BrandParams, body: BrandPatchBody, response: { 200: Brand, ...errorResponses } },
  }, async (req) => products.brands.update(req.params.id, req.body));

  app.delete('/api/admin/brands/:id', {
    ...admin,
    schema: { tags, security, summary: 'Delete an unused brand', params: BrandParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (req, reply) => {
    await products.brands.remove(req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/admin/tags', {
    ...admin,
    schema: {
      tags, security, summary: 'List tags with their product counts', querystring: DictQuery,
      response: { 200: Page(Type.Composite([Tag, Type.Object({ products: Type.Integer() })])), ...errorResponses },
    },
  }, async (req) => products.tags.list(req.query));

  // --- storefront ---

  app.get('/api/products/:slug', {
    schema: {
      tags, summary: 'Product card: attributes by group, breadcrumbs, variants, offers best-first',
      params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 300 }) }),
      response: { 200: Card, 404: errorResponses[404] },
    },
  }, async (req) => products.card(req.params.slug, services.offers));

  app.get('/api/categories/:id/products', {
    schema: {
      tags, summary: 'Published products of a category subtree, with attribute filters',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      querystring: ListingQuery,
      response: { 200: Listing, 400: errorResponses[400], 404: errorResponses[404], 422: errorResponses[422] },
    },
  }, async (req) => {
    const { limit, offset, sort, ...filters } = req.query as Static<typeof ListingQuery> & Record<string, unknown>;
    return products.listCategory(req.params.id, { limit, offset, sort, query: filters });
  });
}
