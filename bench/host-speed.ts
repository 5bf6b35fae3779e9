// How fast this host runs right now, apart from how busy it is. A fixed single-threaded workload is timed
// by the CPU time its own thread got (/proc/thread-self/schedstat), not by the clock: a busy machine
// makes it wait for a core (reported apart, as wait_ms) but does not make it use more CPU, while a
// slower host — a neighbour on the hypervisor, a lower clock — does. On this 2-core VM that CPU time
// has read 60 ms and, a minute later, 88 ms with nothing else running, and every process's CPU per
// request moved with it (docs/infra.md): a bench's numbers mean little without it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface SchedTimes {
  /** CPU time this thread has run, ms */
  run_ms: number;
  /** time it spent runnable, waiting for a core, ms */
  wait_ms: number;
}

/** This thread's scheduler times so far; null where /proc/thread-self/schedstat is missing (not Linux). */
export function threadSched(): SchedTimes | null {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return run === undefined || wait === undefined || Number.isNaN(run) ? null : { run_ms: run / 1e6, wait_ms: wait / 1e6 };
  } catch {
    return null;
  }
}

const DOC = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Товар номер ${i}`, price: i * 137, tags: ['a', 'b', 'c'] })) };
const BLOCK = Buffer.alloc(1024 * 1024, 7);

/** The workload: JSON round trips and string building (what rendering a page spends its time on) plus
 *  SHA-256 over 16 MB (native code), `scale` times; ~60 ms at scale 1 on this machine. */
function work(scale: number): void {
  let n = 0;
  for (let i = 0; i < Math.round(400 * scale); i++) {
    n += (JSON.parse(JSON.stringify(DOC)) as typeof DOC).items.map((x) => `<li>${x.name}: ${x.price}</li>`).join('').length;
  }
  const h = createHash('sha256');
  for (let i = 0; i < Math.max(1, Math.round(16 * scale)); i++) h.update(BLOCK);
  h.digest();
  if (n === 0) throw new Error('unreachable: keeps the loop from being optimised away');
}

export interface ProbeReading {
  /** elapsed, ms: what the probe took by the clock (contention included) */
  wall_ms: number;
  /** CPU time the probing thread got, ms: the host's speed (null off Linux) */
  cpu_ms: number | null;
  /** time it waited runnable for a core, ms: how busy the machine was (null off Linux) */
  wait_ms: number | null;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** The workload timed `rounds` times on this thread; the round with the least CPU time (else the
 *  quickest by the clock) is the reading. */
export function hostProbe(scale = 1, rounds = 3): ProbeReading {
  let best: ProbeReading | null = null;
  for (let round = 0; round < rounds; round++) {
    const s0 = threadSched();
    const t0 = performance.now();
    work(scale);
    const wall = performance.now() - t0;
    const s1 = threadSched();
    const reading: ProbeReading = {
      wall_ms: r1(wall),
      cpu_ms: s0 && s1 ? r1(s1.run_ms - s0.run_ms) : null,
      wait_ms: s0 && s1 ? r1(s1.wait_ms - s0.wait_ms) : null,
    };
    const key = (x: ProbeReading) => x.cpu_ms ?? x.wall_ms;
    if (!best || key(reading) < key(best)) best = reading;
  }
  return best!;
}

export interface HostSpeedSummary {
  samples: number;
  /** the probe's CPU ms per sample at SAMPLE_SCALE (×4 ≈ one hostProbe at scale 1): lowest, median, highest */
  cpu_ms_min: number | null;
  cpu_ms_median: number | null;
  cpu_ms_max: number | null;
  /** CPU the sampler itself used, ms (callers take it off the process's CPU) */
  own_cpu_ms: number;
}

/** A sample is 1/4 of the workload (~15 ms), one a second: ~1.5 % of one core. */
export const SAMPLE_SCALE = 1 / 4;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : null;
};

/** Summarizes the CPU ms of the samples (exported for the worker and for tests). */
export function summarize(cpu: number[], ownCpuMs: number): HostSpeedSummary {
  return {
    samples: cpu.length,
    cpu_ms_min: cpu.length ? r1(Math.min(...cpu)) : null,
    cpu_ms_median: cpu.length ? r1(median(cpu)!) : null,
    cpu_ms_max: cpu.length ? r1(Math.max(...cpu)) : null,
    own_cpu_ms: r1(ownCpuMs),
  };
}

export interface HostSpeedSampler {
  /** the samples since the previous window() (or the start), and the CPU the sampler used meanwhile */
  window(): Promise<HostSpeedSummary>;
  stop(): Promise<void>;
}

/**
 * Samples the host's speed on a worker thread while phases run, so that each phase's numbers carry the
 * speed the host had meanwhile (not only before and after the run): window() at a phase's start and
 * end. The samples run beside the phase's work, never on its event loop; start it before the first
 * phase, as its thread's start-up (loading and compiling) costs ~0.3 s of CPU.
 */
export function sampleHostSpeed(everyMs = 1000): HostSpeedSampler {
  const worker = new Worker(new URL('./host-speed-worker.mjs', import.meta.url), { workerData: { everyMs, scale: SAMPLE_SCALE } });
  let failed: Error | null = null;
  const waiting: { resolve: (s: HostSpeedSummary) => void; reject: (e: Error) => void }[] = [];
  worker.on('message', (m: HostSpeedSummary) => {
    waiting.shift()?.resolve(m);
    if (!waiting.length) worker.unref();
  });
  worker.once('error', (e) => {
    failed = e;
    for (const w of waiting.splice(0)) w.reject(e);
  });
  // an idle sampler must not keep a finished process alive (a window asked for does, until answered)
  worker.unref();
  return {
    window() {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.ref();
        worker.postMessage('window');
      });
    },
    async stop() {
      await worker.terminate();
    },
  };
}
