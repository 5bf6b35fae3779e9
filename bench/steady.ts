// Warm-up that lasts until the system under test stops getting faster, instead of a fixed time.
//
// Why: after a start, an OpenSearch node's JIT compilers compete with the queries for the 2 cores for
// minutes. Measured on the 1M catalog (2026-12-07, `jcmd <pid> PerfCounter.print`, java.ci.totalTime):
// 38 s of compile-thread CPU during the first ~30 s bench:search run after a node start, 22 s in the
// second, 13 s in the third and 4 s in the fourth. Meanwhile, the in-category p95 went 52.2 → 25.3 → 19.7 →
// 17.3 ms, and the node's CPU per request 4,030 → 1,790 → 970 → 785 µs. A fixed 10 s warm-up measured a
// node that had just started, not a running shop's.
//
// How: the caller runs rounds of a fixed kind of work and says how many requests each round made.
// Throughput is taken per window of `windowSeconds`. The warm-up ends after `minSeconds`, once the last
// `block` windows together are no more than `tolerance` faster than the `block` windows before them.
// At `maxSeconds` it ends anyway, reported as not steady. Blocks are compared, not single windows: while
// the JIT is still compiling, one 5 s window gains only a few per cent on the one before it.
// Throughput alone stopped too early once: on a node just started, the query mix of a few windows made a
// dip (1,282 → 1,066 requests/s) that read as levelled off after 84 s, while the node still spent
// 1,700 µs of CPU per in-category request against 620–840 when warm. So when the caller can read the
// system's own warming work (`background`: the JIT compiler threads' CPU seconds, cpu-usage.ts
// jitCpuSeconds), the last block must also show less than `maxBackground` cores of it.
// That is not the whole of it: in the fresh 1M run of that evening the JIT threads were down to
// 0.01–0.06 cores when the warm-up ended, and the node still spent 1,745 µs per in-category request.
// Not the node's caches: cleared (POST /_cache/clear) before the next run, that run cost 1,150 µs against
// 1,730 in the run before the clear. The compilers do resume in bursts when the work shifts (0.5 cores
// again in the first window of a run after the relevance queries of the one before), and the host's
// speed drifts; back-to-back runs of that node gave in-category p95 of 35.5 and 23.5 ms.

export interface WarmupReport {
  seconds: number;
  /** false when maxSeconds ran out before throughput levelled off */
  steady: boolean;
  /** requests per second in each window, in order: the warm-up curve */
  windows_per_s: number[];
  /** cores of `background` work in each window (absent without a `background` reader) */
  background_cores?: number[];
}

export interface WarmupOptions {
  minSeconds: number;
  maxSeconds: number;
  windowSeconds?: number;
  block?: number;
  tolerance?: number;
  /** cumulative CPU seconds of work that means "still warming" (a JVM's JIT); null when unreadable */
  background?: () => number | null | Promise<number | null>;
  /** the most `background` cores the last block may show and count as warm (default 0.05) */
  maxBackground?: number;
}

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

/** true when the last `block` windows are no more than `tolerance` faster than the `block` before them */
export function levelledOff(windows: number[], block: number, tolerance: number): boolean {
  if (windows.length < 2 * block) return false;
  const last = mean(windows.slice(-block));
  const before = mean(windows.slice(-2 * block, -block));
  return last <= before * (1 + tolerance);
}

/**
 * The warm-up's bookkeeping, for callers whose work does not come in rounds they can hand over (a
 * rebuild is one long stream of batches): `begin()` once, then `add(n)` after every unit of work; it
 * answers the report once the warm-up is over, else null.
 */
export class SteadyWatch {
  private readonly windowMs: number;
  private readonly block: number;
  private readonly tolerance: number;
  private readonly maxBackground: number;
  private readonly windows: number[] = [];
  private readonly backgroundCores: number[] = [];
  private start = 0;
  private windowStart = 0;
  private requests = 0;
  private busy: number | null = null;

  constructor(private readonly o: WarmupOptions) {
    this.windowMs = (o.windowSeconds ?? 5) * 1000;
    this.block = o.block ?? 3;
    this.tolerance = o.tolerance ?? 0.05;
    this.maxBackground = o.maxBackground ?? 0.05;
  }

  /** Starts the clock; null, or the report at once when there is no warm-up at all (maxSeconds ≤ 0). */
  async begin(): Promise<WarmupReport | null> {
    this.start = this.windowStart = performance.now();
    if (this.o.maxSeconds <= 0) return { seconds: 0, steady: false, windows_per_s: this.windows };
    this.busy = this.o.background ? await this.o.background() : null;
    return null;
  }

  /** Counts `requests` more units of work; the report once the warm-up is over, else null. */
  async add(requests: number): Promise<WarmupReport | null> {
    this.requests += requests;
    const now = performance.now();
    if (now - this.windowStart < this.windowMs) return null;
    this.windows.push(Math.round((this.requests * 1000) / (now - this.windowStart)));
    const busyNow = this.busy === null ? null : await this.o.background!();
    if (this.busy !== null && busyNow !== null) this.backgroundCores.push(Math.round(((busyNow - this.busy) * 1000 * 100) / (now - this.windowStart)) / 100);
    this.busy = busyNow;
    this.windowStart = now;
    this.requests = 0;
    const seconds = (now - this.start) / 1000;
    const b = this.block;
    const quiet = this.busy === null || (this.backgroundCores.length >= b && mean(this.backgroundCores.slice(-b)) <= this.maxBackground);
    if (seconds >= this.o.minSeconds && quiet && levelledOff(this.windows, b, this.tolerance)) return this.report(true);
    if (seconds >= this.o.maxSeconds) return this.report(false);
    return null;
  }

  /** The curve so far: for a warm-up that ended for a reason of its own (the work ran out). */
  report(steady: boolean): WarmupReport {
    return {
      seconds: Math.round((performance.now() - this.start) / 1000),
      steady,
      windows_per_s: this.windows,
      ...(this.backgroundCores.length ? { background_cores: this.backgroundCores } : {}),
    };
  }
}

export async function warmUntilSteady(round: () => Promise<number>, o: WarmupOptions): Promise<WarmupReport> {
  const watch = new SteadyWatch(o);
  let report = await watch.begin();
  while (!report) report = await watch.add(await round());
  return report;
}
