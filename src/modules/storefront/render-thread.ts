// The render thread: templates + data in, encoded page out (see render-pool.ts for why).
import { parentPort, workerData } from 'node:worker_threads';
import { encodePage } from './page-encoding.js';
import { render } from './render.js';

interface Job { id: number; template: string; data: Record<string, unknown> }
const { placeholder } = workerData as { placeholder: string };

parentPort!.on('message', ({ id, template, data }: Job) => {
  try {
    const page = encodePage(render(template, data), placeholder);
    parentPort!.postMessage({ id, page }, page.parts.map((p) => p.buffer as ArrayBuffer));
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
