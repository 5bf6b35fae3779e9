// Renders cacheable storefront pages on a worker thread.
//
// Why: the app answers from one thread. A page-cache hit costs it ~0.09 ms, a miss ~0.4 ms, and
// half of a miss is the template, its UTF-8 encoding and the ETag digest. On a busy shop with a
// long tail of products the misses queue every hit behind them (a batch of cards renders in one
// turn of the event loop). On the render thread that work runs beside the main thread, which keeps
// the routing, the database reads and the sends; the data goes over by structured clone, the
// encoded bytes come back transferred (not copied).
//
// `threads: 0` renders in-process (same results): for one-CPU hosts and for comparison benches.
import { Worker } from 'node:worker_threads';
import { encodePage, type EncodedPage } from './page-encoding.js';
import { render } from './render.js';

export interface RenderPool {
  render(template: string, data: Record<string, unknown>): Promise<EncodedPage>;
  close(): Promise<void>;
}

interface Pending { resolve(p: EncodedPage): void; reject(e: Error): void }
type Reply = { id: number; page?: EncodedPage; error?: string } | { ready: true };

export function createRenderPool(placeholder: string, threads: number): RenderPool {
  if (threads <= 0) {
    return {
      render: async (template, data) => encodePage(render(template, data), placeholder),
      close: async () => {},
    };
  }
  const workers: (Worker | null)[] = Array.from({ length: threads }, () => null);
  const pending = new Map<number, Pending>();
  const owner = new Map<number, number>(); // job id → worker slot, to fail a crashed thread's jobs
  let nextId = 0;
  let closed = false;

  function start(slot: number): Worker {
    const w = new Worker(new URL('./render-thread.mjs', import.meta.url), { workerData: { placeholder } });
    // an idle render thread must not keep a finished process (a CLI, a test) alive
    w.unref();
    w.on('message', (m: Reply) => {
      if ('ready' in m) return;
      const p = pending.get(m.id);
      pending.delete(m.id);
      owner.delete(m.id);
      if (!p) return;
      if (m.page) p.resolve({ parts: m.page.parts, etag: m.page.etag });
      else p.reject(new Error(`render thread: ${m.error}`));
    });
    // a crashed thread fails only the pages it had; the next render starts a new one
    const fail = (e: Error) => {
      if (workers[slot] !== w) return;
      workers[slot] = null;
      for (const [id, s] of owner) {
        if (s !== slot) continue;
        pending.get(id)?.reject(e);
        pending.delete(id);
        owner.delete(id);
      }
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`render thread exited with code ${code}`)));
    workers[slot] = w;
    return w;
  }

  return {
    render(template, data) {
      if (closed) return Promise.reject(new Error('render pool closed'));
      const id = nextId++;
      const slot = id % threads;
      const w = workers[slot] ?? start(slot);
      return new Promise<EncodedPage>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        owner.set(id, slot);
        try {
          w.postMessage({ id, template, data });
        } catch (e) {
          // data that cannot be cloned (a function in it) is a programming error: say which page
          pending.delete(id);
          owner.delete(id);
          reject(new Error(`render ${template}: ${(e as Error).message}`));
        }
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w?.terminate()));
      workers.fill(null);
    },
  };
}
