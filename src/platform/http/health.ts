import type { FastifyInstance } from 'fastify';
import type { PlatformDeps } from '../context.js';

export async function healthRoutes(app: FastifyInstance, deps: PlatformDeps) {
  app.get('/health', { schema: { tags: ['ops'], summary: 'Liveness: the process answers' } }, async () => ({
    status: 'ok',
  }));
  app.get('/ready', { schema: { tags: ['ops'], summary: 'Readiness: database and cache answer' } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await deps.db.ping();
      checks.database = 'ok';
    } catch (e) {
      checks.database = `down: ${(e as Error).message}`;
    }
    try {
      await deps.cache.get('ready-probe');
      checks.cache = 'ok';
    } catch (e) {
      checks.cache = `down: ${(e as Error).message}`;
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
