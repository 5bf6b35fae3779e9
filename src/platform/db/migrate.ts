import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import * as m001 from './migrations/001_catalog.js';
import * as m002 from './migrations/002_bulk_indexes.js';
import * as m003 from './migrations/003_integration.js';
import * as m004 from './migrations/004_search.js';
import * as m005 from './migrations/005_commerce.js';
import * as m006 from './migrations/006_commerceml.js';
import * as m007 from './migrations/007_ocstore.js';
import * as m008 from './migrations/008_shop.js';
import * as m009 from './migrations/009_storefront.js';
import * as m010 from './migrations/010_product_listing.js';
import * as m011 from './migrations/011_kafka_apply.js';
import * as m012 from './migrations/012_search_scale.js';
import * as m013 from './migrations/013_storefront_scale.js';
import * as m014 from './migrations/014_ocstore_more.js';
import * as m015 from './migrations/015_catalog_scale.js';
import * as m016 from './migrations/016_commerceml_prices.js';
import * as m017 from './migrations/017_kafka_throughput.js';
import * as m018 from './migrations/018_search_pg_speed.js';
import * as m019 from './migrations/019_storefront_speed.js';
import * as m020 from './migrations/020_catalog_card.js';
import * as m023 from './migrations/023_search_suggest.js';
import * as m024 from './migrations/024_search_label_rank.js';
import * as m025 from './migrations/025_search_label_heads.js';
import * as m026 from './migrations/026_search_category_order.js';

// Listed here, not discovered from disk, so a bundled or compiled build cannot miss one.
const MIGRATIONS: Record<string, { up: string[] }> = {
  '001_catalog': m001,
  '002_bulk_indexes': m002,
  '003_integration': m003,
  '004_search': m004,
  '005_commerce': m005,
  '006_commerceml': m006,
  '007_ocstore': m007,
  '008_shop': m008,
  '009_storefront': m009,
  '010_product_listing': m010,
  '011_kafka_apply': m011,
  '012_search_scale': m012,
  '013_storefront_scale': m013,
  '014_ocstore_more': m014,
  '015_catalog_scale': m015,
  '016_commerceml_prices': m016,
  '017_kafka_throughput': m017,
  '018_search_pg_speed': m018,
  '019_storefront_speed': m019,
  '020_catalog_card': m020,
  '023_search_suggest': m023,
  '024_search_label_rank': m024,
  '025_search_label_heads': m025,
  '026_search_category_order': m026,
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
  const migrator = new Migrator({ db: db.kysely, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
