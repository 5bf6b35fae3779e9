// Admin API of attribute definitions, groups and matrices, plus the storefront's filter matrix.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requireRole } from '../../platform/http/auth.js';
import { errorResponses, Page } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import {
  AttributeCreate,
  AttributeListQuery,
  AttributePatch,
  AttributeSchema,
  EffectiveMatrixSchema,
  EntryInput,
  EntrySettings,
  GroupCreate,
  GroupPatch,
  GroupSchema,
  OptionInput,
  OptionPatch,
  OwnEntrySchema,
  ProductMatrixBody,
} from './schemas.js';

const tags = ['attributes'];
const security = [{ bearer: [] }];
const AttrParams = Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64, description: 'attribute id or code' }) });
const OptionParams = Type.Object({ idOrCode: Type.String({ minLength: 1, maxLength: 64 }), code: Type.String({ minLength: 1, maxLength: 64 }) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const EntryParams = Type.Object({ id: Type.Integer({ minimum: 1 }), attribute: Type.String({ minLength: 1, maxLength: 64 }) });
const OwnMatrix = Type.Object({ category_id: Type.Integer(), entries: Type.Array(OwnEntrySchema) });
const NoContent = { 204: Type.Null(), ...errorResponses };

export async function attributesRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const svc = services.attributes;
  const preHandler = requireRole(deps.db, 'admin');

  // ---- definitions ----
  app.get('/api/admin/attributes', {
    preHandler,
    schema: { tags, security, summary: 'List attributes (filter by type, display group, text)', querystring: AttributeListQuery, response: { 200: Page(AttributeSchema), ...errorResponses } },
  }, (req) => svc.list(req.query));

  app.post('/api/admin/attributes', {
    preHandler,
    schema: { tags, security, summary: 'Create an attribute with its options', body: AttributeCreate, response: { 201: AttributeSchema, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.create(req.body)));

  app.get('/api/admin/attributes/:idOrCode', {
    preHandler,
    schema: { tags, security, summary: 'Get an attribute by id or code', params: AttrParams, response: { 200: AttributeSchema, ...errorResponses } },
  }, (req) => svc.get(req.params.idOrCode));

  app.patch('/api/admin/attributes/:idOrCode', {
    preHandler,
    schema: {
      tags, security, params: AttrParams, body: AttributePatch, response: { 200: AttributeSchema, ...errorResponses },
      summary: 'Change an attribute (options, when given, replace the list)',
    },
  }, (req) => svc.update(req.params.idOrCode, req.body));

  app.delete('/api/admin/attributes/:idOrCode', {
    preHandler,
    schema: { tags, security, summary: 'Delete an attribute no matrix or product uses', params: AttrParams, response: NoContent },
  }, async (req, reply) => {
    await svc.remove(req.params.idOrCode);
    return reply.status(204).send(null);
  });

  // ---- options ----
  app.post('/api/admin/attributes/:idOrCode/options', {
    preHandler,
    schema: { tags, security, summary: 'Add an option to an enum attribute', params: AttrParams, body: OptionInput, response: { 201: AttributeSchema, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.addOption(req.params.idOrCode, req.body)));

  app.patch('/api/admin/attributes/:idOrCode/options/:code', {
    preHandler,
    schema: { tags, security, summary: 'Rename or reorder an option', params: OptionParams, body: OptionPatch, response: { 200: AttributeSchema, ...errorResponses } },
  }, (req) => svc.updateOption(req.params.idOrCode, req.params.code, req.body));

  app.delete('/api/admin/attributes/:idOrCode/options/:code', {
    preHandler,
    schema: { tags, security, summary: 'Remove an option no product holds', params: OptionParams, response: { 200: AttributeSchema, ...errorResponses } },
  }, (req) => svc.removeOption(req.params.idOrCode, req.params.code));

  // ---- display groups ----
  app.get('/api/admin/attribute-groups', {
    preHandler,
    schema: { tags, security, summary: 'List attribute display groups', response: { 200: Type.Object({ items: Type.Array(GroupSchema) }), ...errorResponses } },
  }, async () => ({ items: await svc.groups.list() }));

  app.post('/api/admin/attribute-groups', {
    preHandler,
    schema: { tags, security, summary: 'Create a display group', body: GroupCreate, response: { 201: GroupSchema, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.groups.create(req.body)));

  app.get('/api/admin/attribute-groups/:id', {
    preHandler,
    schema: { tags, security, summary: 'Get a display group', params: IdParams, response: { 200: GroupSchema, ...errorResponses } },
  }, (req) => svc.groups.get(req.params.id));

  app.patch('/api/admin/attribute-groups/:id', {
    preHandler,
    schema: { tags, security, summary: 'Change a display group', params: IdParams, body: GroupPatch, response: { 200: GroupSchema, ...errorResponses } },
  }, (req) => svc.groups.update(req.params.id, req.body));

  app.delete('/api/admin/attribute-groups/:id', {
    preHandler,
    schema: { tags, security, summary: 'Delete a display group (its attributes become ungrouped)', params: IdParams, response: NoContent },
  }, async (req, reply) => {
    await svc.groups.remove(req.params.id);
    return reply.status(204).send(null);
  });

  // ---- matrices ----
  app.get('/api/admin/categories/:id/matrix', {
    preHandler,
    schema: { tags, security, summary: "A category's own matrix entries (NULL settings inherit)", params: IdParams, response: { 200: OwnMatrix, ...errorResponses } },
  }, async (req) => ({ category_id: req.params.id, entries: await svc.categoryMatrix(req.params.id) }));

  app.put('/api/admin/categories/:id/matrix', {
    preHandler,
    schema: {
      tags, security, params: IdParams, body: Type.Array(EntryInput, { maxItems: 1000 }), response: { 200: OwnMatrix, ...errorResponses },
      summary: "Replace a category's own matrix entries",
    },
  }, async (req) => ({ category_id: req.params.id, entries: await svc.setCategoryMatrix(req.params.id, req.body) }));

  app.patch('/api/admin/categories/:id/matrix/:attribute', {
    preHandler,
    schema: { tags, security, summary: "Add or change one of a category's own entries", params: EntryParams, body: EntrySettings, response: { 200: OwnEntrySchema, ...errorResponses } },
  }, (req) => svc.upsertCategoryEntry(req.params.id, req.params.attribute, req.body));

  app.delete('/api/admin/categories/:id/matrix/:attribute', {
    preHandler,
    schema: { tags, security, summary: "Remove one of a category's own entries", params: EntryParams, response: NoContent },
  }, async (req, reply) => {
    await svc.removeCategoryEntry(req.params.id, req.params.attribute);
    return reply.status(204).send(null);
  });

  app.get('/api/admin/categories/:id/effective-matrix', {
    preHandler,
    schema: { tags, security, summary: "A category's matrix after inheritance", params: IdParams, response: { 200: EffectiveMatrixSchema, ...errorResponses } },
  }, (req) => svc.effectiveMatrix(req.params.id));

  app.post('/api/admin/effective-matrix', {
    preHandler,
    schema: {
      tags, security, body: ProductMatrixBody, response: { 200: EffectiveMatrixSchema, ...errorResponses },
      summary: "A product's matrix across its categories (primary wins; see docs/catalog.md)",
    },
  }, (req) => svc.productMatrix(req.body.primary_category_id, req.body.category_ids));

  // ---- storefront ----
  app.get('/api/categories/:id/effective-matrix', {
    schema: { tags, summary: 'The filterable attributes of a category', params: IdParams, response: { 200: EffectiveMatrixSchema, 404: errorResponses[404] } },
  }, async (req) => {
    const m = await svc.effectiveMatrix(req.params.id);
    return { category_id: m.category_id, entries: m.entries.filter((e) => e.filterable) };
  });
}
