import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import * as m001 from './migrations/001_catalog.js';
import * as m002 from './migrations/002_bulk_indexes.js';

// Listed here, not discovered from disk, so a bundled or compiled build cannot miss one.
const MIGRATIONS: Record<string, { up: string[] }> = {
  '001_catalog': m001,
  '002_bulk_indexes': m002,
};

const provider: MigrationProvider = {
  async getMigrations() {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = {
        async up(db) {
          // one statement per call: PGlite's extended protocol takes a single statement
          for (const stmt of m.up) await sql.raw(stmt).execute(db);
        },
      };
    }
    return out;
  },
};

export interface MigrateResult {
  applied: string[];
}

export async function migrate(db: Database): Promise<MigrateResult> {
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
