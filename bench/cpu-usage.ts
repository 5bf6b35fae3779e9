// CPU seconds spent by the processes under test, so a benchmark on a shared machine can report CPU
// per request next to its latencies: rps and p95 move with whatever else runs on the cores, the CPU
// a request costs much less. Linux only (/proc); elsewhere the readings are null.
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';

const TICKS_PER_S = 100; // USER_HZ: 100 on every mainstream Linux build

/** utime + stime of a process in seconds, or null when it cannot be read (not Linux, gone, another host). */
export function processCpuSeconds(pid: number): number | null {
  try {
    // the fields after the parenthesised command name (which may contain spaces): state is field 3
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** CPU seconds of each PostgreSQL backend connected to `database` (a server on this machine), by pid. */
export async function postgresCpuSeconds(db: Kysely<any>, database: string): Promise<Map<number, number> | null> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`.execute(db);
  const out = new Map<number, number>();
  for (const r of rows) {
    const s = processCpuSeconds(r.pid);
    if (s === null) return null;
    out.set(r.pid, s);
  }
  return out;
}

/** CPU seconds the backends present in both readings spent between them (pools open and close
 *  connections: a backend gone by the second reading, or new in it, is left out). */
export function postgresCpuBetween(from: Map<number, number> | null, to: Map<number, number> | null): number | null {
  if (!from || !to) return null;
  let total = 0;
  for (const [pid, s] of to) if (from.has(pid)) total += s - from.get(pid)!;
  return total;
}
