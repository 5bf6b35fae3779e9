// The Vitrina side of an import, on one raw session: batches commit one by one (or, in a dry run,
// become savepoints of one transaction rolled back at the end), rows are staged with COPY into temp
// tables, and ocStore ids resolve to ours through external_refs (system 'ocstore') so a second run
// updates instead of duplicating.
import { copyLine, type RawSession } from '../../platform/db/database.js';

export const SYSTEM = 'ocstore';

export class Target {
  private depth = 0;

  constructor(
    readonly s: RawSession,
    readonly dryRun: boolean,
  ) {}

  query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.s.query<R>(sql, params);
  }

  /** Opens the outer transaction of a dry run. */
  async start() {
    if (this.dryRun) await this.query('begin');
  }

  /** Ends a dry run: nothing it did survives. */
  async end() {
    if (this.dryRun) await this.query('rollback');
  }

  /** One batch: all or nothing. */
  async tx<T>(fn: () => Promise<T>): Promise<T> {
    const nested = this.dryRun || this.depth > 0;
    const sp = `oc_sp_${this.depth}`;
    await this.query(nested ? `savepoint ${sp}` : 'begin');
    this.depth++;
    try {
      const out = await fn();
      this.depth--;
      await this.query(nested ? `release savepoint ${sp}` : 'commit');
      return out;
    } catch (e) {
      this.depth--;
      await this.query(nested ? `rollback to savepoint ${sp}` : 'rollback').catch(() => {});
      throw e;
    }
  }

  /** (Re)creates temp table `name` and COPYs `rows` into it. */
  async stage(name: string, columns: string, rows: unknown[][]): Promise<void> {
    await this.query(`drop table if exists ${name}`);
    await this.query(`create temp table ${name} (${columns})`);
    if (!rows.length) return;
    let data = '';
    // MySQL text may hold NUL bytes, which PostgreSQL text cannot
    for (const r of rows) data += copyLine(r.map((v) => (typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '') : v)));
    await this.s.copyFrom(`copy ${name} from stdin`, data);
  }

  /**
   * Fills `stage.id` from earlier runs (dropping ids whose row was deleted since) and draws fresh ids
   * for the rest (`is_new`). The stage needs columns `ext text, id bigint, is_new boolean`.
   */
  async resolve(stage: string, entity: string, table: string): Promise<{ created: number; matched: number }> {
    await this.query(
      `update ${stage} s set id = r.internal_id from external_refs r
        where r.system = '${SYSTEM}' and r.entity = $1 and r.external_id = s.ext`,
      [entity],
    );
    await this.query(`update ${stage} s set id = null where id is not null and not exists (select 1 from ${table} t where t.id = s.id)`);
    await this.query(`update ${stage} set id = nextval(pg_get_serial_sequence('${table}', 'id')), is_new = true where id is null`);
    const [c] = await this.query<{ created: number; matched: number }>(
      `select count(*) filter (where is_new)::int as created, count(*) filter (where not is_new)::int as matched from ${stage}`,
    );
    return { created: Number(c!.created), matched: Number(c!.matched) };
  }

  /** Records the ids drawn for new rows of `stage`. */
  async remember(stage: string, entity: string): Promise<void> {
    await this.query(
      `insert into external_refs (system, entity, external_id, internal_id)
       select '${SYSTEM}', $1, ext, id from ${stage} where is_new
       on conflict (system, entity, external_id) do update set internal_id = excluded.internal_id, updated_at = now()`,
      [entity],
    );
  }

  /** ocStore id → our id for the given ids (or all of the entity when ids is null). */
  async idMap(entity: string, ids: (string | number)[] | null): Promise<Map<string, number>> {
    if (ids && !ids.length) return new Map();
    const rows = await this.query<{ e: string; i: number }>(
      `select external_id e, internal_id i from external_refs where system = '${SYSTEM}' and entity = $1` +
        (ids ? ` and external_id = any($2::text[])` : ''),
      ids ? [entity, [...new Set(ids.map(String))]] : [entity],
    );
    return new Map(rows.map((r) => [r.e, Number(r.i)]));
  }

  /** Writes redirects staged as (from_path, to_path); an existing from_path is re-pointed. */
  async redirects(rows: [string, string][]): Promise<number> {
    const seen = new Map<string, string>();
    for (const [from, to] of rows) {
      if (from === to || from.length > 2000) continue;
      seen.set(from, to);
      // browsers request Cyrillic keywords percent-encoded; the lookup compares the raw request URL
      const encoded = encodeURI(from);
      if (encoded !== from) seen.set(encoded, to);
    }
    if (!seen.size) return 0;
    await this.stage('oc_redirects', 'from_path text, to_path text', [...seen]);
    await this.query(
      `insert into redirects (from_path, to_path, code) select from_path, to_path, 301 from oc_redirects
       on conflict (from_path) do update set to_path = excluded.to_path where redirects.to_path is distinct from excluded.to_path`,
    );
    return seen.size;
  }
}

/** Postgres array literal of ints. */
export const intArray = (ids: number[]) => `{${ids.join(',')}}`;
