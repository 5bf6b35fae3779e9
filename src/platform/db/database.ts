// The database port: PostgreSQL dialect everywhere, embedded PGlite by default, server PostgreSQL
// when DATABASE_URL is set. Kysely is the query builder; `withSession` hands bulk paths a raw
// session of their own (COPY, temp tables) without interleaving with other queries.
import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface RawSession {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs `COPY … FROM STDIN` with text-format data (a string, or UTF-8 bytes rendered by a bulk loader). */
  copyFrom(copySql: string, data: string | Uint8Array): Promise<void>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly kysely: Kysely<DB>;
  /** Exclusive raw session (a pooled client on PostgreSQL, the single PGlite session otherwise). */
  withSession<T>(fn: (session: RawSession) => Promise<T>): Promise<T>;
  /**
   * Runs a hot read as a named prepared statement (PostgreSQL: parsed and planned once per pooled
   * connection — planning the card's query cost more than running it; PGlite: a plain query).
   * `name` must identify the SQL text: one name, one statement, for the life of the process.
   */
  prepared<R>(name: string, query: CompiledQuery<R>): Promise<R[]>;
  /** Cheap liveness probe for /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Escapes one value for COPY text format (tab-separated, \N for null). */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyLine(values: unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? '\t' : '') + copyValue(values[i]);
  return out + '\n';
}
