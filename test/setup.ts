// Global test setup, run once by scripts/test.mjs before the suites.
import { writeFile } from 'node:fs/promises';
import { buildPgliteTemplate, buildPostgresTemplate, IN_CI, PGLITE_TEMPLATE_FILE, postgresUnavailable } from './db.js';

const reason = await postgresUnavailable();
if (reason) {
  if (IN_CI) {
    console.error(`CI=true: ${reason}`);
    process.exit(1);
  }
  console.warn(`skipping server-PostgreSQL suites: ${reason} (set TEST_DATABASE_URL)`);
} else {
  await buildPostgresTemplate();
}

if (PGLITE_TEMPLATE_FILE) {
  await writeFile(PGLITE_TEMPLATE_FILE, Buffer.from(await (await buildPgliteTemplate()).arrayBuffer()));
}
