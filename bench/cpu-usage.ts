// CPU seconds spent by the processes under test, so a benchmark on a shared machine can report CPU
// per request next to its latencies: rps and p95 move with whatever else runs on the cores, the CPU
// a request costs much less. Linux only (/proc); elsewhere the readings are null.
import { hostProbe } from './host-speed.js';
import { readdirSync, readFileSync } from 'node:fs';
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

/** Every process of this machine whose command name is `comm`: its parent's pid, its own CPU seconds
 *  (utime + stime) and those of children it has reaped (cutime + cstime); null off Linux. */
function processesNamed(comm: string): Map<number, { ppid: number; own: number; reaped: number }> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const out = new Map<number, { ppid: number; own: number; reaped: number }>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== comm) continue;
      // after the name: state ppid … utime(11) stime(12) cutime(13) cstime(14), 0-based from state
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), {
        ppid: Number(f[1]), own: (Number(f[11]) + Number(f[12])) / TICKS_PER_S, reaped: (Number(f[13]) + Number(f[14])) / TICKS_PER_S,
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** utime + stime summed over every process of this machine whose command name is `comm` (e.g.
 *  "postgres": backends, WAL writer, checkpointer…), or null off Linux. A process that exits between two
 *  readings takes its CPU with it, so the difference of two readings is a floor. */
export function commandCpuSeconds(comm: string): number | null {
  const procs = processesNamed(comm);
  if (!procs) return null;
  let total = 0;
  for (const p of procs.values()) total += p.own;
  return total;
}

/**
 * CPU seconds of a whole server whose processes are named `comm` (e.g. "postgres"), exited ones
 * included: the live processes' utime + stime, plus what the parent of them all (the postmaster) has
 * collected from children it reaped (cutime + cstime). A short-lived process (a parallel query worker,
 * a connection opened and closed meanwhile) is thus counted even when it is gone by the next reading —
 * the per-backend readings above miss exactly those. Null off Linux.
 */
export function serverCpuSeconds(comm: string): number | null {
  const procs = processesNamed(comm);
  if (!procs) return null;
  let total = 0;
  for (const p of procs.values()) total += p.own + (procs.has(p.ppid) ? 0 : p.reaped);
  return total;
}

/** A reader of the CPU seconds of the OpenSearch node at `url`: from /proc when that node runs on this
 *  machine (the pid its node info reports is a local process whose command line names opensearch),
 *  exact to the tick; otherwise from its stats API, which the node refreshes only once a second — too
 *  coarse for a phase of a few seconds (a 300-request suggest phase read 0). */
export async function openSearchCpuReader(url: string): Promise<() => Promise<number | null>> {
  const pid = await localOpenSearchPid(url);
  if (pid !== null) return async () => processCpuSeconds(pid);
  // another host, not Linux, or no node: the stats API answers or yields null
  return () => openSearchCpuSeconds(url);
}

/** The pid of the node at `url` when it runs on this machine (Linux), else null. */
export async function localOpenSearchPid(url: string): Promise<number | null> {
  try {
    const res = await fetch(new URL('/_nodes/_local/process', url));
    const body = (await res.json()) as { nodes: Record<string, { process?: { id?: number } }> };
    const pid = Object.values(body.nodes)[0]?.process?.id;
    if (typeof pid === 'number' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('opensearch')) return pid;
  } catch {
    // another host, not Linux, or no node
  }
  return null;
}

/**
 * CPU seconds a local JVM's JIT compiler threads have spent (HotSpot names them "C1 CompilerThread<n>" and
 * "C2 CompilerThread<n>", cut to 15 characters in /proc); null off Linux. A node just started compiles
 * for minutes: this says when it is done.
 */
export function jitCpuSeconds(pid: number): number | null {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      if (!/\((C1|C2) CompilerThre/.test(stat)) continue;
      const fields = stat.split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
    }
    return total;
  } catch {
    return null;
  }
}

/** CPU seconds an OpenSearch (or Elasticsearch) node has spent, from its own stats API — it may run
 *  on another host; null when it cannot be read. */
export async function openSearchCpuSeconds(url: string): Promise<number | null> {
  try {
    const res = await fetch(new URL('/_nodes/_local/stats/process', url));
    const body = (await res.json()) as { nodes: Record<string, { process?: { cpu?: { total_in_millis?: number } } }> };
    const ms = Object.values(body.nodes)[0]?.process?.cpu?.total_in_millis;
    return typeof ms === 'number' ? ms / 1000 : null;
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

/** Seconds of CPU time the hypervisor gave other guests while this machine's vCPUs wanted to run
 *  (the `steal` column of /proc/stat, all CPUs), since boot; null when it cannot be read. Read at the
 *  start and end of a run, it tells whether a slow run shared its cores with a noisy neighbour. */
export function stealSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    return Number(fields[8]) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** The machine's CPU ticks since boot, all CPUs: idle (idle + iowait) and total; null off Linux. Two
 *  readings give the share of the cores nobody used between them — whether a phase was CPU-bound
 *  (idle near 0: cut CPU per request) or waited on something else (idle left: more in parallel). */
export function machineTicks(): { idle: number; total: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    return { idle: f[3]! + f[4]!, total: f.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

export function idleShare(from: ReturnType<typeof machineTicks>, to: ReturnType<typeof machineTicks>): number | null {
  if (!from || !to || to.total <= from.total) return null;
  return (to.idle - from.idle) / (to.total - from.total);
}

/** Milliseconds a fixed single-threaded workload takes here by the clock, best of three (host-speed.ts
 *  hostProbe, which also says how much of it was the host's speed and how much waiting for a core).
 *  The same build on the same VM has shown runs with ~30 % more CPU per page than others; the probe,
 *  taken before and after the load, says whether the machine itself was slower in such a run. */
export function cpuProbeMs(): number {
  return hostProbe().wall_ms;
}
