// Global test setup, run once by scripts/test.mjs before the suites.
import { buildPostgresTemplate, IN_CI, postgresUnavailable } from './db.js';

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
