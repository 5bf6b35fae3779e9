// Worker entry in plain JavaScript: the bulk loader's render thread (render-worker.ts).
import { importTs } from '../../platform/threads/import-ts.mjs';

await importTs(new URL('./render-worker.ts', import.meta.url));
