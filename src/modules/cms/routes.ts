// Admin JSON API of the CMS (bearer, admin role): pages, blog posts, blog categories, redirects.
// The storefront renders the published content as HTML (modules/storefront).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireRole } from '../../platform/http/auth.js';
import { errorResponses, Page, PageQuery } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import {
  BlogCategory, BlogCategoryBody, BlogCategoryPatchBody, BlogPost, CmsPage, PageBody, PagePatchBody, PostBody, PostPatchBody,
  Redirect, RedirectBody, type PostInput, type PostPatch, type PageInput, type PagePatch,
} from './schemas.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Status = Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')]));

export async function cmsRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cms = services.cms;
  const admin = { preHandler: requireRole(deps.db, 'admin') };
  const tags = ['cms'];
  const security = [{ bearer: [] }];
  const noContent = { 204: Type.Null(), ...errorResponses };

  // --- pages ---
  app.get('/api/admin/cms/pages', {
    ...admin,
    schema: { tags, security, summary: 'List CMS pages', querystring: Type.Object({ ...PageQuery, status: Status }), response: { 200: Page(CmsPage), ...errorResponses } },
  }, async (req) => cms.pages.list(req.query));
  app.post('/api/admin/cms/pages', {
    ...admin,
    schema: { tags, security, summary: 'Create a CMS page (slug from the title when absent)', body: PageBody, response: { 201: CmsPage, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await cms.pages.create(req.body as PageInput)));
  app.get('/api/admin/cms/pages/:id', {
    ...admin,
    schema: { tags, security, summary: 'Get a CMS page', params: IdParams, response: { 200: CmsPage, ...errorResponses } },
  }, async (req) => cms.pages.get(req.params.id));
  app.patch('/api/admin/cms/pages/:id', {
    ...admin,
    schema: { tags, security, summary: 'Change a CMS page', params: IdParams, body: PagePatchBody, response: { 200: CmsPage, ...errorResponses } },
  }, async (req) => cms.pages.update(req.params.id, req.body as PagePatch));
  app.delete('/api/admin/cms/pages/:id', {
    ...admin,
    schema: { tags, security, summary: 'Delete a CMS page', params: IdParams, response: noContent },
  }, async (req, reply) => {
    await cms.pages.remove(req.params.id);
    return reply.status(204).send(null);
  });

  // --- blog posts ---
  app.get('/api/admin/cms/posts', {
    ...admin,
    schema: {
      tags, security, summary: 'List blog posts (newest first)',
      querystring: Type.Object({ ...PageQuery, tag: Type.Optional(Type.String()), category: Type.Optional(Type.String()) }),
      response: { 200: Page(BlogPost), ...errorResponses },
    },
  }, async (req) => cms.posts.list(req.query));
  app.post('/api/admin/cms/posts', {
    ...admin,
    schema: { tags, security, summary: 'Create a blog post with tags', body: PostBody, response: { 201: BlogPost, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await cms.posts.create(req.body as PostInput)));
  app.get('/api/admin/cms/posts/:id', {
    ...admin,
    schema: { tags, security, summary: 'Get a blog post', params: IdParams, response: { 200: BlogPost, ...errorResponses } },
  }, async (req) => cms.posts.get(req.params.id));
  app.patch('/api/admin/cms/posts/:id', {
    ...admin,
    schema: { tags, security, summary: 'Change a blog post (tags replace the old ones)', params: IdParams, body: PostPatchBody, response: { 200: BlogPost, ...errorResponses } },
  }, async (req) => cms.posts.update(req.params.id, req.body as PostPatch));
  app.delete('/api/admin/cms/posts/:id', {
    ...admin,
    schema: { tags, security, summary: 'Delete a blog post', params: IdParams, response: noContent },
  }, async (req, reply) => {
    await cms.posts.remove(req.params.id);
    return reply.status(204).send(null);
  });

  // --- blog categories ---
  app.get('/api/admin/cms/blog-categories', {
    ...admin,
    schema: { tags, security, summary: 'List blog categories', response: { 200: Type.Array(BlogCategory), ...errorResponses } },
  }, async () => cms.categories.list());
  app.post('/api/admin/cms/blog-categories', {
    ...admin,
    schema: { tags, security, summary: 'Create a blog category', body: BlogCategoryBody, response: { 201: BlogCategory, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await cms.categories.create(req.body)));
  app.patch('/api/admin/cms/blog-categories/:id', {
    ...admin,
    schema: { tags, security, summary: 'Change a blog category', params: IdParams, body: BlogCategoryPatchBody, response: { 200: BlogCategory, ...errorResponses } },
  }, async (req) => cms.categories.update(req.params.id, req.body));
  app.delete('/api/admin/cms/blog-categories/:id', {
    ...admin,
    schema: { tags, security, summary: 'Delete a blog category (its posts keep no category)', params: IdParams, response: noContent },
  }, async (req, reply) => {
    await cms.categories.remove(req.params.id);
    return reply.status(204).send(null);
  });

  // --- redirects ---
  app.get('/api/admin/cms/redirects', {
    ...admin,
    schema: { tags, security, summary: 'List redirects with their hit counts', querystring: Type.Object(PageQuery), response: { 200: Page(Redirect), ...errorResponses } },
  }, async (req) => cms.redirects.list(req.query));
  app.put('/api/admin/cms/redirects', {
    ...admin,
    schema: { tags, security, summary: 'Create or replace the redirect of an old path (consulted before a 404)', body: RedirectBody, response: { 200: Redirect, ...errorResponses } },
  }, async (req) => cms.redirects.put(req.body));
  app.delete('/api/admin/cms/redirects/:id', {
    ...admin,
    schema: { tags, security, summary: 'Delete a redirect', params: IdParams, response: noContent },
  }, async (req, reply) => {
    await cms.redirects.remove(req.params.id);
    return reply.status(204).send(null);
  });
}
