import { writeFileSync } from 'node:fs';
import { renderOpenApi } from '../src/openapi.js';

writeFileSync(new URL('../docs/openapi.json', import.meta.url), await renderOpenApi());
console.log('docs/openapi.json written');
