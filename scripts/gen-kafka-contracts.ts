// `npm run docs:contracts`: writes contracts/kafka/*.schema.json from the TypeBox schemas of the 1C module.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACTS_DIR, renderContracts } from '../src/modules/onec/contracts.js';

const dir = path.resolve(import.meta.dirname, '..', CONTRACTS_DIR);
mkdirSync(dir, { recursive: true });
const files = renderContracts();
for (const f of readdirSync(dir)) if (f.endsWith('.schema.json') && !(f in files)) rmSync(path.join(dir, f));
for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
console.log(`wrote ${Object.keys(files).length} schemas to ${CONTRACTS_DIR}/`);
