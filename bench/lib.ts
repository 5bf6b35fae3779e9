// Helpers every benchmark shares: command-line numbers, percentiles, rounding, a seeded PRNG, the bench database.
import pg from 'pg';
import { createDatabase } from '../src/platform/db/postgres.js';

/** `--name N` options of this process (underscores allowed: 1_000_000); flags by `has`; lists by `list`. */
export function cliArgs(argv = process.argv.slice(2)) {
  return {
    num(name: string, fallback: number, opts: { integer?: boolean } = {}): number {
      const i = argv.indexOf(`--${name}`);
      if (i < 0) return fallback;
      const n = Number(String(argv[i + 1]).replace(/_/g, ''));
      const ok = opts.integer === false ? Number.isFinite(n) : Number.isInteger(n);
      if (!ok || n < 0) throw new Error(`--${name} needs a non-negative ${opts.integer === false ? 'number' : 'integer'}`);
      return n;
    },
    has: (flag: string) => argv.includes(`--${flag}`),
    /** `--name a,b` where every item is one of `allowed`; all of them when the option is absent. */
    list<T extends string>(name: string, allowed: readonly T[]): T[] {
      const i = argv.indexOf(`--${name}`);
      if (i < 0) return [...allowed];
      const given = String(argv[i + 1] ?? '').split(',').filter(Boolean);
      const bad = given.filter((x) => !(allowed as readonly string[]).includes(x));
      if (!given.length || bad.length) throw new Error(`--${name} takes a comma-separated list of ${allowed.join(', ')}${bad.length ? ` (not: ${bad.join(', ')})` : ''}`);
      return given as T[];
    },
  };
}

/** The p-th percentile (nearest rank below) of the samples; NaN when there are none. */
export function percentile(xs: number[], p: number): number {
  const s = Float64Array.from(xs).sort();
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
}

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Seeded so two runs ask for the same products, categories and words. */
export function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

/**
 * The PostgreSQL server settings that move the numbers most (memory, JIT), recorded with every
 * result: the packaged default shared_buffers (128 MB) makes a random 1M-catalog card read most of its
 * pages from the OS instead of PostgreSQL's own cache.
 */
export async function postgresSettings(query: (text: string) => Promise<{ name: string; setting: string; unit: string | null }[]>) {
  const rows = await query(
    `select name, setting, unit from pg_settings
      where name in ('server_version', 'shared_buffers', 'effective_cache_size', 'work_mem', 'jit', 'random_page_cost', 'synchronous_commit', 'max_connections', 'autovacuum')`,
  );
  const out: Record<string, string> = {};
  for (const r of rows) {
    // 8kB-page and kB settings as MB, so the JSON reads like postgresql.conf
    const n = Number(r.setting);
    out[r.name] = r.unit === '8kB' ? `${Math.round((n * 8) / 1024)}MB` : r.unit === 'kB' ? `${Math.round(n / 1024)}MB` : r.unit ? `${r.setting}${r.unit}` : r.setting;
  }
  return out;
}

/** The URL a benchmark works in: with --fresh, database `name` (re)created on the server of DATABASE_URL;
 *  without, DATABASE_URL itself, which must exist — a missing one ends the run with what to do instead
 *  of the driver's stack trace. */
export async function benchDatabase(given: string, fresh: boolean, name: string, bench: string): Promise<string> {
  if (fresh) return createDatabase(given, name);
  const probe = new pg.Client({ connectionString: given });
  try {
    await probe.connect();
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e;
    console.error(`${bench}: the database of DATABASE_URL does not exist (${(e as Error).message}); add --fresh to create ${name} on that server`);
    process.exit(2);
  } finally {
    await probe.end().catch(() => {});
  }
  return given;
}
