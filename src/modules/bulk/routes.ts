// HTTP surface of the bulk module: the streaming NDJSON product upsert.
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../platform/errors.js';
import { requireRole } from '../../platform/http/auth.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import { ImportReportSchema, NDJSON_TYPES, RowErrorSchema } from './schemas.js';

const GIGABYTE = 1024 * 1024 * 1024;

export async function bulkRoutes(fastify: FastifyInstance, { deps, services }: ModuleOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(RowErrorSchema);
  // the body is handed to the route unread: the importer consumes it line by line as batches land
  app.addContentTypeParser(NDJSON_TYPES, (_req, payload, done) => done(null, payload));

  app.post('/api/admin/import/products', {
    preHandler: requireRole(deps.db, 'admin'),
    bodyLimit: GIGABYTE,
    schema: {
      tags: ['bulk'],
      security: [{ bearer: [] }],
      summary: 'Upsert products by SKU from NDJSON (one product per line)',
      description:
        'Send `Content-Type: application/x-ndjson`. Each line: {sku, name, slug?, description?, brand?, status?, ' +
        'categories: [id or path…], primary_category?, attributes: {code: value}, images?: [{url, alt?}], tags?: [name…], ' +
        'variant_group?, offers?: [{source, source_ref?, price, old_price?, currency?, stock: {warehouse: qty}}]}. ' +
        'Bad lines are reported with their line number and reason; every good line lands. Prices are minor units (kopecks).',
      consumes: NDJSON_TYPES,
      response: { 200: ImportReportSchema, 413: errorResponses[400], ...errorResponses },
    },
  }, async (req) => {
    const body = req.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') {
      throw new AppError('VALIDATION_FAILED', 'Send the products as NDJSON with Content-Type: application/x-ndjson.', 'body');
    }
    return services.bulk.importNdjson(body);
  });
}
