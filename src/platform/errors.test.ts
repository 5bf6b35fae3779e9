import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, ERROR_CODES } from './errors.js';
import { renderErrorsDoc } from './errors-doc.js';

describe('error registry', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

  it('docs/errors.md lists every code with its HTTP status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} missing from docs/errors.md (run npm run docs:errors)`);
    }
  });

  it('docs/errors.md is exactly what the registry renders', () => {
    assert.equal(doc, renderErrorsDoc(), 'docs/errors.md is stale: run npm run docs:errors');
  });

  it('every code is upper snake case and maps to an HTTP error status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      assert.match(code, /^[A-Z][A-Z0-9_]+$/);
      assert.ok(status >= 400 && status < 600, code);
    }
  });

  it('an AppError serializes its code, message and field', () => {
    const e = new AppError('CATALOG_ATTRIBUTE_INVALID', 'must be a number', 'attributes.memory');
    assert.equal(e.status, 422);
    assert.deepEqual(e.toJSON(), { code: 'CATALOG_ATTRIBUTE_INVALID', message: 'must be a number', field: 'attributes.memory' });
  });
});
