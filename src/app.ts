// Builds the Fastify app from its dependencies; never listens (tests use inject, main.ts listens).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { PlatformDeps } from './platform/context.js';
import { installErrorHandler } from './platform/http/error-handler.js';
import { installValidators } from './platform/http/validation.js';
import { healthRoutes } from './platform/http/health.js';
import { ErrorBody } from './platform/http/schemas.js';
import { createServices, type Services } from './services.js';
import { registerModules } from './modules/index.js';

export interface BuiltApp {
  app: FastifyInstance;
  services: Services;
}

export async function buildApp(deps: PlatformDeps): Promise<BuiltApp> {
  const app = Fastify({
    loggerInstance: deps.log,
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID(),
    requestIdHeader: false,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    deps.metrics.httpDuration
      .labels(req.method, req.routeOptions.url ?? 'unmatched', String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  installValidators(app);
  installErrorHandler(app);
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vitrina API', version: '0.1.0', description: 'Admin and storefront API of Vitrina.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const services = createServices(deps);
  await app.register(healthRoutes, deps);
  await registerModules(app, deps, services);
  return { app, services };
}
