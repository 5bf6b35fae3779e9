import { ERROR_CODES } from './errors.js';

/** docs/errors.md, rendered from the registry (`npm run docs:errors` rewrites it). */
export function renderErrorsDoc(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, { status, description }]) => `| \`${code}\` | ${status} | ${description} |`);
  return [
    '# Error codes',
    '',
    'Every error response has the body `{code, message, field?, details?, request_id}`. `code` is stable;',
    '`field` names the offending input (for example `attributes.memory`) where there is one.',
    'This table is generated from `src/platform/errors.ts`; a test fails when they differ.',
    '',
    '| code | HTTP | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
