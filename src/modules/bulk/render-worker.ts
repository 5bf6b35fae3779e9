// The product renderer on a thread of its own: the main thread keeps the COPY streams and the
// matrix queries moving while this one generates, validates and renders (measured: the single
// thread was the load's critical path). Protocol:
//   in:  prepare {options} (generate the skeleton while the main thread plans), init {ids, combos,
//        chunkSize}, matrix {k, matrix} in combo order, ack (a chunk was stored)
//   out: chunk {RenderedChunk, counts} (at most two unacknowledged), done {counts, problems}
import { parentPort } from 'node:worker_threads';
import { compileMatrixValidator, type EffectiveMatrix } from '../attributes/index.js';
import { generateCatalog, type GeneratedCatalog, type GenerateOptions } from './generator/index.js';
import { Renderer } from './render.js';
import type { StructureIds } from './structure-load.js';

export interface WorkerInit {
  type: 'init';
  ids: StructureIds;
  /** product indexes per category set, in rendering order */
  combos: Int32Array[];
  chunkSize: number;
}

const port = parentPort!;
const matrices = new Map<number, EffectiveMatrix>();
let wantMatrix: { k: number; resolve: (m: EffectiveMatrix) => void } | null = null;
let outstanding = 0;
let wantAck: (() => void) | null = null;

const matrix = (k: number) =>
  new Promise<EffectiveMatrix>((resolve) => {
    const m = matrices.get(k);
    if (m) {
      matrices.delete(k);
      resolve(m);
    } else wantMatrix = { k, resolve };
  });

let catalog: GeneratedCatalog | null = null;

async function run(init: WorkerInit) {
  const c = catalog!;
  const r = new Renderer(c, init.ids, init.chunkSize);
  const send = async () => {
    if (outstanding >= 2) await new Promise<void>((resolve) => (wantAck = resolve));
    const chunk = r.take();
    outstanding++;
    const buffers = [chunk.products, chunk.links, chunk.offers, chunk.taggings, chunk.listing].map((b) => b.buffer as ArrayBuffer);
    port.postMessage({ type: 'chunk', chunk, counts: r.counts }, buffers);
  };
  for (let k = 0; k < init.combos.length; k++) {
    const validate = compileMatrixValidator(await matrix(k));
    for (const i of init.combos[k]!) if (r.render(i, validate)) await send();
  }
  await send();
  port.postMessage({ type: 'done', counts: r.counts, problems: r.problems });
}

type Message = { type: 'prepare'; options: GenerateOptions } | WorkerInit | { type: 'matrix'; k: number; matrix: EffectiveMatrix } | { type: 'ack' };

port.on('message', (m: Message) => {
  if (m.type === 'prepare') {
    catalog = generateCatalog(m.options);
  } else if (m.type === 'init') {
    run(m).catch((e) => port.postMessage({ type: 'error', message: (e as Error).stack ?? String(e) }));
  } else if (m.type === 'matrix') {
    if (wantMatrix?.k === m.k) {
      const w = wantMatrix;
      wantMatrix = null;
      w.resolve(m.matrix);
    } else matrices.set(m.k, m.matrix);
  } else if (m.type === 'ack') {
    outstanding--;
    const w = wantAck;
    wantAck = null;
    w?.();
  }
});
