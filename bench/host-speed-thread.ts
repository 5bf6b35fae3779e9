// The sampler thread of host-speed.ts sampleHostSpeed() (started through host-speed-worker.mjs): the
// workload at `scale` (after a few untimed rounds) once right away and then every `everyMs`, its CPU ms
// kept; on each message from the parent, the summary of the samples since the previous one goes back.
import { parentPort, workerData } from 'node:worker_threads';
import { hostProbe, summarize, threadSched } from './host-speed.js';

const { everyMs, scale } = workerData as { everyMs: number; scale: number };
let cpu: number[] = [];
let mark = threadSched()?.run_ms ?? 0;
const tick = () => {
  const reading = hostProbe(scale, 1);
  if (reading.cpu_ms !== null) cpu.push(reading.cpu_ms);
};
// a new thread runs the workload cold: the first rounds compile it, and are not samples
for (let i = 0; i < 10; i++) hostProbe(scale, 1);
tick();
setInterval(tick, everyMs);
parentPort!.on('message', () => {
  // this thread's CPU since the last window (start-up included in the first), so the parent can take
  // it off its own process's count
  const now = threadSched()?.run_ms ?? 0;
  parentPort!.postMessage(summarize(cpu, now - mark));
  cpu = [];
  mark = now;
});
