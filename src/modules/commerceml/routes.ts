// HTTP surface of the CommerceML exchange: one path (ONEC_EXCHANGE_PATH, default /1c_exchange) for
// GET and POST, registered only when ONEC_EXCHANGE_USER and ONEC_EXCHANGE_PASSWORD are set.
// Bodies are raw bytes whatever the Content-Type 1C sends; answers are plain text in windows-1251
// (what 1C-Bitrix sends and 1C expects), except the XML of type=sale&mode=query.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import iconv from 'iconv-lite';
import type { ModuleOptions } from '../index.js';
import type { OrderStatusPort } from './jobs.js';
import { ExchangeQuery } from './schemas.js';
import { COOKIE_NAME, createCommerceMlService, type CommerceMlService, type ExchangeReply } from './service.js';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

function send(reply: FastifyReply, r: ExchangeReply, cookiePath: string) {
  if (r.setCookie) reply.header('set-cookie', `${COOKIE_NAME}=${r.setCookie}; Path=${cookiePath}; HttpOnly; SameSite=Lax`);
  reply.header('cache-control', 'no-store');
  if (r.xml) return reply.status(r.status).type('application/xml; charset=utf-8').send(r.body);
  return reply.status(r.status).type('text/plain; charset=windows-1251').send(iconv.encode(r.body, 'win1251'));
}

export async function commercemlRoutes(app: FastifyInstance, { deps, services }: ModuleOptions) {
  const cfg = deps.config.onecExchange;
  if (!cfg) return;
  // looked up at use (a test may swap it); the exchange works, and says so, without it
  const orders = (): OrderStatusPort | null => services.orders ?? null;
  const service: CommerceMlService = createCommerceMlService(deps, { ...services, orders });
  app.addHook('onClose', async () => service.settle());

  // an encapsulated plugin: raw bodies here only, other routes keep their JSON and form parsers
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: cfg.fileLimit + 1024 }, (_req, body, done) => done(null, body));
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const q = req.query as { type?: string; mode?: string; filename?: string; sessid?: string; version?: string; timestamp?: string };
      const r = await service.handle({
        type: q.type ?? '',
        mode: q.mode ?? '',
        filename: q.filename,
        version: q.version,
        timestamp: q.timestamp,
        sessionId: cookieValue(req.headers.cookie as string | undefined, COOKIE_NAME) ?? q.sessid,
        authorization: req.headers.authorization as string | undefined,
        body: Buffer.isBuffer(req.body) ? req.body : undefined,
      }).catch((err: unknown) => {
        // 1C shows an HTML or JSON error page as garbage: answer in the protocol, without internals
        req.log.error({ err, type: q.type, mode: q.mode, filename: q.filename }, 'commerceml request failed');
        return { status: 500, body: `failure\ninternal error, request ${req.id}` } satisfies ExchangeReply;
      });
      return send(reply, r, cfg.path);
    };
    const schema = {
      tags: ['1c-exchange'],
      summary: 'CommerceML 2 exchange with 1C (type=catalog|sale; mode=checkauth|init|file|import|query|success)',
      description: 'Basic auth at mode=checkauth; later calls carry the cookie (or sessid). Plain-text answers: success | progress | failure.',
      querystring: ExchangeQuery,
    };
    scope.get(cfg.path, { schema }, handler);
    scope.post(cfg.path, { schema, bodyLimit: cfg.fileLimit + 1024 }, handler);
  });
}
