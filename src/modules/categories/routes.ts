// Admin API under /api/admin/categories (bearer token, admin role) and public reads under /api/categories.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.js';
import { requireRole } from '../../platform/http/auth.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import type { CategoriesService } from './service.js';
import {
  ByPathQuery,
  CategoryDetail,
  CategoryPage,
  CategorySchema,
  CreateBody,
  DeleteQuery,
  DeleteResult,
  IdParams,
  ListQuery,
  MoveBody,
  RefParams,
  TreeQuerySchema,
  TreeResult,
  UpdateBody,
} from './schemas.js';
import type { Category } from './types.js';

const PUBLIC_CHILDREN_LIMIT = 500;

async function byPath(categories: CategoriesService, path: string): Promise<Category> {
  const c = await categories.findByPath(path);
  if (!c) throw new AppError('CATALOG_CATEGORY_NOT_FOUND', `No category at path "${path}".`, 'path');
  return c;
}

async function detail(categories: CategoriesService, c: Category) {
  const [breadcrumbs, children] = await Promise.all([
    categories.breadcrumbs(c.id),
    categories.children(c.id, { limit: PUBLIC_CHILDREN_LIMIT, offset: 0 }),
  ]);
  return { category: c, breadcrumbs, children: children.items };
}

export async function categoriesRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const categories = services.categories;
  const admin = {
    tags: ['categories'],
    security: [{ bearer: [] }],
  };
  const preHandler = requireRole(deps.db, 'admin');

  app.get(
    '/api/admin/categories',
    {
      preHandler,
      schema: {
        ...admin,
        summary: 'List categories (filter by parent, name prefix, depth)',
        querystring: ListQuery,
        response: { 200: CategoryPage, ...errorResponses },
      },
    },
    async (req) => categories.list(req.query),
  );

  app.post(
    '/api/admin/categories',
    {
      preHandler,
      schema: {
        ...admin,
        summary: 'Create a category (slug generated from the name when not given)',
        body: CreateBody,
        response: { 201: CategorySchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await categories.create(req.body)),
  );

  app.get(
    '/api/admin/categories/tree',
    {
      preHandler,
      schema: {
        ...admin,
        summary: 'The whole tree (or a subtree) as a flat list in display order',
        querystring: TreeQuerySchema,
        response: { 200: TreeResult, ...errorResponses },
      },
    },
    async (req) => {
      const items = await categories.tree(req.query);
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/admin/categories/by-path',
    {
      preHandler,
      schema: {
        ...admin,
        summary: 'Find a category by its full path',
        querystring: ByPathQuery,
        response: { 200: CategorySchema, ...errorResponses },
      },
    },
    async (req) => byPath(categories, req.query.path),
  );

  app.get(
    '/api/admin/categories/:id',
    {
      preHandler,
      schema: { ...admin, summary: 'Get a category', params: IdParams, response: { 200: CategorySchema, ...errorResponses } },
    },
    async (req) => categories.get(req.params.id),
  );

  app.patch(
    '/api/admin/categories/:id',
    {
      preHandler,
      schema: {
        ...admin,
        summary: 'Rename, change the slug (rewrites descendant paths) or reorder a category',
        params: IdParams,
        body: UpdateBody,
        response: { 200: CategorySchema, ...errorResponses },
      },
    },
    async (req) => categories.update(req.params.id, req.body),
  );

  app.delete(
    '/api/admin/categories/:id',
    {
      preHandler,
      schema: {
        ...admin,
        summary: 'Delete a category without children; its products move to reassign_to',
        params: IdParams,
        querystring: DeleteQuery,
        response: { 200: DeleteResult, ...errorResponses },
      },
    },
    async (req) => categories.remove(req.params.id, { reassignTo: req.query.reassign_to }),
  );

  app.post(
    '/api/admin/categories/:id/move',
    {
      preHandler,
      schema: {
        ...admin,
        summary: 'Move a subtree to another parent (or to the top level)',
        params: IdParams,
        body: MoveBody,
        response: { 200: CategorySchema, ...errorResponses },
      },
    },
    async (req) => categories.move(req.params.id, req.body.parent_id, req.body.position),
  );

  const publicSchema = { tags: ['categories'] };

  app.get(
    '/api/categories',
    {
      schema: {
        ...publicSchema,
        summary: 'A category by its full path, with breadcrumbs and children',
        querystring: ByPathQuery,
        response: { 200: CategoryDetail, 400: errorResponses[400], 404: errorResponses[404] },
      },
    },
    async (req) => detail(categories, await byPath(categories, req.query.path)),
  );

  app.get(
    '/api/categories/:idOrSlug',
    {
      schema: {
        ...publicSchema,
        summary: 'A category by id or slug, with breadcrumbs and children',
        params: RefParams,
        response: { 200: CategoryDetail, 400: errorResponses[400], 404: errorResponses[404] },
      },
    },
    async (req) => detail(categories, await categories.resolve(req.params.idOrSlug)),
  );
}
