import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, ERROR_CODES } from '../errors.js';

/** Maps every failure to `{code, message, field?, request_id}` with the registry's status. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, err.message);
      return reply.status(err.status).send({ ...err.toJSON(), request_id: req.id });
    }
    if ((err as FastifyError).validation) {
      const v = (err as FastifyError).validation![0];
      const field = v ? `${(err as FastifyError).validationContext ?? ''}${v.instancePath || ''}`.replace(/\//g, '.') : undefined;
      const missing = v?.params && 'missingProperty' in v.params ? `.${String(v.params.missingProperty)}` : '';
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: err.message,
        field: field ? field + missing : undefined,
        request_id: req.id,
      });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({ code: 'PAYLOAD_TOO_LARGE', message: err.message, request_id: req.id });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ code: 'VALIDATION_FAILED', message: err.message, request_id: req.id });
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ code: 'INTERNAL', message: ERROR_CODES.INTERNAL.description, request_id: req.id });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${req.method} ${req.url}`, request_id: req.id }),
  );
}
