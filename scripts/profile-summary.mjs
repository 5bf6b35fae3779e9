// `node scripts/profile-summary.mjs FILE [--top 40] [--from S] [--to S] [--callers NAME] [--depth 6] [--long-tasks MS]`
//
// Reads what `node --cpu-prof` (.cpuprofile) or scripts/heap-sample.mjs (.heapprofile) wrote and prints
// where the time or the allocated bytes went, by function (name file:line), self and inclusive — the
// question every performance session asks first, without opening DevTools.
// - a .cpuprofile also prints the thread's busy share per 5 s, so --from/--to (seconds since the
//   profile started) can cut it to one benchmark phase;
// - --callers NAME: the stacks (--depth frames up) that lead to a function, with their share;
// - --long-tasks MS: busy stretches of the thread longer than MS, each with its top frames — what a
//   request arriving then waited behind (GC pauses show as "(garbage collector)").
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '40' },
    from: { type: 'string', default: '0' },
    to: { type: 'string', default: '1e9' },
    callers: { type: 'string' },
    depth: { type: 'string', default: '6' },
    'long-tasks': { type: 'string' },
  },
});
const file = positionals[0];
if (!file) {
  console.error('usage: node scripts/profile-summary.mjs FILE.cpuprofile|FILE.heapprofile [--top N] [--from S] [--to S] [--callers NAME] [--long-tasks MS]');
  process.exit(2);
}
const top = Number(o.top);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
const pct = (x, total) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;

function print(title, m, total, unit) {
  console.log(`== ${title} (${unit})`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v, total)}  ${k}`);
}

/** Adds `amount` to the node's own label (self) and once to every distinct label on its stack (inclusive). */
function charge(stack, amount, self, inclusive) {
  self.set(stack[0], (self.get(stack[0]) ?? 0) + amount);
  for (const k of new Set(stack)) inclusive.set(k, (inclusive.get(k) ?? 0) + amount);
}

if (profile.samples && profile.timeDeltas) cpu(profile);
else if (profile.head) heap(profile);
else {
  console.error(`${file}: neither a .cpuprofile nor a .heapprofile`);
  process.exit(2);
}

function cpu(p) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id) => {
    const out = [];
    for (let c = id; c !== undefined; c = parent.get(c)) out.push(label(byId.get(c)));
    return out;
  };
  const from = Number(o.from) * 1e6;
  const to = Number(o.to) * 1e6;
  const self = new Map();
  const inclusive = new Map();
  const busyPer5s = new Map();
  const callers = new Map();
  const tasks = [];
  let task = null;
  let total = 0;
  let at = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    at += dt;
    const id = p.samples[i];
    const idle = byId.get(id).callFrame.functionName === '(idle)';
    if (!idle) busyPer5s.set(Math.floor(at / 5e6), (busyPer5s.get(Math.floor(at / 5e6)) ?? 0) + dt);
    if (at < from || at > to) continue;
    total += dt;
    const stack = stackOf(id);
    charge(stack, dt, self, inclusive);
    if (o.callers) {
      const i = stack.findIndex((k) => k.startsWith(`${o.callers} `));
      if (i >= 0) {
        const k = stack.slice(i + 1, i + 1 + Number(o.depth)).join(' < ');
        callers.set(k, (callers.get(k) ?? 0) + dt);
      }
    }
    if (o['long-tasks']) {
      if (idle) {
        if (task) tasks.push(task);
        task = null;
      } else {
        task ??= { start: at - dt, end: at, self: new Map() };
        task.end = at;
        task.self.set(stack[0], (task.self.get(stack[0]) ?? 0) + dt);
      }
    }
  }
  if (task) tasks.push(task);
  console.log(`busy share per 5 s: ${[...busyPer5s].map(([b, t]) => `${b * 5}s ${Math.round(t / 5e4)}%`).join(', ')}`);
  const unit = `${(total / 1e6).toFixed(1)} s sampled`;
  if (o.callers) return print(`stacks leading to ${o.callers}`, callers, total, unit);
  if (o['long-tasks']) {
    for (const t of tasks.filter((t) => t.end - t.start >= Number(o['long-tasks']) * 1000)) {
      const frames = [...t.self].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} ms`);
      console.log(`${(t.start / 1e6).toFixed(2)} s  ${((t.end - t.start) / 1000).toFixed(1)} ms busy: ${frames.join(' | ')}`);
    }
    return;
  }
  print('self', self, total, unit);
  print('inclusive', inclusive, total, unit);
}

function heap(p) {
  const bytes = new Map();
  for (const s of p.samples ?? []) bytes.set(s.nodeId, (bytes.get(s.nodeId) ?? 0) + s.size);
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  const walk = (n, stack) => {
    const here = [label(n), ...stack];
    // sampled allocations when the profile has them (GC'd objects included), else the live self size
    const own = bytes.size ? (bytes.get(n.id) ?? 0) : n.selfSize || 0;
    if (own) {
      total += own;
      charge(here, own, self, inclusive);
    }
    for (const c of n.children ?? []) walk(c, here);
  };
  walk(p.head, []);
  const unit = `${(total / 1e6).toFixed(0)} MB sampled`;
  print('self', self, total, unit);
  print('inclusive', inclusive, total, unit);
}
