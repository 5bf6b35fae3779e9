// Run once after the suites by scripts/test.mjs: drops this run's template database and PGlite dump.
import { dropDatabase } from '../src/platform/db/postgres.js';
import { rmSync } from 'node:fs';
import { PGLITE_TEMPLATE_FILE, postgresUnavailable, TEMPLATE_NAME, TEST_DATABASE_URL } from './db.js';

if (PGLITE_TEMPLATE_FILE) rmSync(PGLITE_TEMPLATE_FILE, { force: true });

if (!(await postgresUnavailable())) {
  await dropDatabase(TEST_DATABASE_URL, TEMPLATE_NAME).catch((e) => console.warn(`could not drop ${TEMPLATE_NAME}: ${e.message}`));
}
