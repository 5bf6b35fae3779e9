// Two validators: request bodies are JSON and validated strictly (no coercion, so null stays null
// and "100" is not a price), while querystrings, params and headers arrive as strings and are coerced.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

export function installValidators(app: FastifyInstance): void {
  const common = { allErrors: false, useDefaults: true, removeAdditional: false as const, strict: false };
  const body = new Ajv.default({ ...common, coerceTypes: false });
  const strings = new Ajv.default({ ...common, coerceTypes: 'array' });
  addFormats.default(body);
  addFormats.default(strings);
  app.setValidatorCompiler(({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) =>
    (httpPart === 'body' ? body : strings).compile(schema as object),
  );
}
