// Admin view of what the 1C consumers could not apply (dead letters and partial reports).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../platform/http/auth.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { ModuleOptions } from '../index.js';
import * as repo from './repository.js';

const Reject = Type.Object({
  id: Type.Integer(),
  topic: Type.String(),
  kafka_partition: Type.Union([Type.Integer(), Type.Null()]),
  kafka_offset: Type.Union([Type.String(), Type.Null()]),
  key: Type.Union([Type.String(), Type.Null()]),
  event_id: Type.Union([Type.String(), Type.Null()]),
  reason_code: Type.String(),
  reason: Type.String(),
  dead_lettered: Type.Boolean(),
  payload: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});

export async function onecRoutes(app: FastifyInstance, { deps }: ModuleOptions) {
  app.get(
    '/api/admin/integration/rejects',
    {
      preHandler: requireRole(deps.db, 'admin'),
      schema: {
        tags: ['integration'],
        summary: 'Kafka messages from 1C that were dead-lettered or applied in part, newest first',
        security: [{ bearer: [] }],
        querystring: Type.Object({
          topic: Type.Optional(Type.String()),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(Reject) }), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query as { topic?: string; limit: number; offset: number };
      const rows = await repo.listRejects(deps.db.kysely, q);
      return {
        items: rows.map((r) => ({
          ...r, id: Number(r.id), kafka_offset: r.kafka_offset === null ? null : String(r.kafka_offset),
          created_at: new Date(r.created_at).toISOString(),
        })),
      };
    },
  );
}
