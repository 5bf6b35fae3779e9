import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderOpenApi } from './openapi.js';

describe('OpenAPI document', () => {
  it('docs/openapi.json is what the routes declare (run npm run docs:openapi after changing a route)', async () => {
    const committed = readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8');
    assert.equal(committed, await renderOpenApi());
  });

  it('every admin route requires a bearer token and documents its errors', async () => {
    const doc = JSON.parse(await renderOpenApi());
    for (const [path, ops] of Object.entries<Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>>(doc.paths)) {
      if (!path.startsWith('/api/admin')) continue;
      for (const [method, op] of Object.entries(ops)) {
        assert.ok(op.security?.length, `${method.toUpperCase()} ${path} has no security requirement`);
        assert.ok(op.responses?.['401'], `${method.toUpperCase()} ${path} does not document 401`);
      }
    }
  });
});
