// Run once after the suites by scripts/test.mjs: drops this run's template database.
import { dropDatabase } from '../src/platform/db/postgres.js';
import { postgresUnavailable, TEMPLATE_NAME, TEST_DATABASE_URL } from './db.js';

if (!(await postgresUnavailable())) {
  await dropDatabase(TEST_DATABASE_URL, TEMPLATE_NAME).catch((e) => console.warn(`could not drop ${TEMPLATE_NAME}: ${e.message}`));
}
