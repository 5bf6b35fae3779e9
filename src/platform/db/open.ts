import type { DatabaseConfig } from '../../config.js';
import type { Database } from './database.js';
import { acquireEmbeddedLock } from './lock.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** Opens the configured database; the embedded one is locked to this process until close. */
export async function openDatabase(cfg: DatabaseConfig, command: string): Promise<Database> {
  if (cfg.kind === 'postgres') return openPostgres(cfg.url, cfg.poolSize);
  const release = acquireEmbeddedLock(cfg.dataDir, command);
  try {
    const db = await openPglite(cfg.dataDir);
    const close = db.close.bind(db);
    return Object.assign(db, {
      async close() {
        try {
          await close();
        } finally {
          release();
        }
      },
    });
  } catch (e) {
    release();
    throw e;
  }
}
