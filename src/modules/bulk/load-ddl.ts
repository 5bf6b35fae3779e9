// Schema steps around a bulk load into empty catalog tables: which secondary indexes and foreign
// keys to set aside, and how to put them back exactly as they were, in parallel lanes.
import type { PlatformDeps } from '../../platform/context.js';
import type { RawSession } from '../../platform/db/database.js';
import { bulkIndexes } from '../../platform/db/migrations/001_catalog.js';

export const LOAD_TABLES = ['products', 'product_categories', 'offers', 'product_listing'] as const;

export interface IndexDef {
  table: string;
  name: string;
  /** pg_indexes.indexdef: the exact definition, replayed after the load */
  ddl: string;
}

export interface ForeignKey {
  table: string;
  name: string;
  /** pg_get_constraintdef */
  def: string;
}

export interface LoadDdl {
  indexes: IndexDef[];
  foreignKeys: ForeignKey[];
}

/** `create index x` → `create index if not exists x`: the same definition, safe to re-run. */
export const ifNotExists = (ddl: string) =>
  ddl.replace(/^create (unique )?index (if not exists )?/i, (_m, u: string | undefined) => `create ${u ? 'unique ' : ''}index if not exists `);

/**
 * Secondary indexes of the load tables (the migration's `bulkIndexes`, the SKU and slug unique
 * indexes, and whatever later migrations add) and their foreign keys — also the keys of other tables
 * (carts, orders, reviews…) that reference them, so each load session can TRUNCATE its own tables and
 * COPY … FREEZE into them. Primary keys stay.
 */
export async function captureDdl(s: RawSession): Promise<LoadDdl> {
  const indexes = await s.query<{ table: string; name: string; ddl: string }>(
    `select i.tablename as table, i.indexname as name, i.indexdef as ddl
       from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.contype in ('p', 'u', 'x'))
      order by i.indexname`,
    [LOAD_TABLES],
  );
  const foreignKeys = await s.query<ForeignKey>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
       from pg_constraint where contype = 'f' and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[]))
      order by conname`,
    [LOAD_TABLES],
  );
  return { indexes, foreignKeys };
}

export async function restoreForeignKeys(s: RawSession, fks: ForeignKey[]): Promise<void> {
  for (const fk of fks) {
    const exists = await s.query(`select 1 from pg_constraint where conname = $1 and conrelid = $2::regclass`, [fk.name, fk.table]);
    if (!exists.length) await s.query(`alter table ${fk.table} add constraint ${fk.name} ${fk.def}`);
  }
}

export type LaneStep = string | (() => Promise<unknown>);

/** Runs each lane's steps in order, lanes side by side; a string step runs in its own transaction. */
export async function inLanes(deps: PlatformDeps, lanes: LaneStep[][]): Promise<void> {
  const big = deps.db.kind === 'postgres';
  await Promise.all(
    lanes.filter((l) => l.length).map(async (steps) => {
      for (const step of steps) {
        if (typeof step === 'function') {
          await step();
          continue;
        }
        await deps.db.withSession(async (s) => {
          await s.query('begin');
          // a big sort budget makes each index build one in-memory pass (the GIN builds especially)
          if (big) await s.query(`set local maintenance_work_mem = '1GB'`);
          await s.query(step);
          await s.query('commit');
        });
      }
    }),
  );
}

/** Every bulk index exists (after a failed load, or a load that dropped them). */
export async function ensureBulkIndexes(deps: PlatformDeps): Promise<void> {
  await inLanes(deps, [Object.values(bulkIndexes).map(ifNotExists)]);
}
