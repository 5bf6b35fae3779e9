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

export interface WarmupReport {
  seconds: number;
  /** false when maxSeconds ran out before throughput levelled off */
  steady: boolean;
  /** requests per second in each window, in order: the warm-up curve */
  windows_per_s: number[];
}

export interface WarmupOptions {
  minSeconds: number;
  maxSeconds: number;
  windowSeconds?: number;
  block?: number;
  tolerance?: number;
}

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

/** true when the last `block` windows are no more than `tolerance` faster than the `block` before them */
export function levelledOff(windows: number[], block: number, tolerance: number): boolean {
  if (windows.length < 2 * block) return false;
  const last = mean(windows.slice(-block));
  const before = mean(windows.slice(-2 * block, -block));
  return last <= before * (1 + tolerance);
}

export async function warmUntilSteady(round: () => Promise<number>, o: WarmupOptions): Promise<WarmupReport> {
  const windowMs = (o.windowSeconds ?? 5) * 1000;
  const block = o.block ?? 3;
  const tolerance = o.tolerance ?? 0.05;
  const windows: number[] = [];
  const start = performance.now();
  if (o.maxSeconds <= 0) return { seconds: 0, steady: false, windows_per_s: windows };
  let windowStart = start;
  let requests = 0;
  for (;;) {
    requests += await round();
    const now = performance.now();
    if (now - windowStart < windowMs) continue;
    windows.push(Math.round((requests * 1000) / (now - windowStart)));
    windowStart = now;
    requests = 0;
    const seconds = (now - start) / 1000;
    const report = (steady: boolean): WarmupReport => ({ seconds: Math.round(seconds), steady, windows_per_s: windows });
    if (seconds >= o.minSeconds && levelledOff(windows, block, tolerance)) return report(true);
    if (seconds >= o.maxSeconds) return report(false);
  }
}
