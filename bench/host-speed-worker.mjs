// Worker entry in plain JavaScript: the host-speed sampler (host-speed-thread.ts).
import { importTs } from '../src/platform/threads/import-ts.mjs';

await importTs(new URL('./host-speed-thread.ts', import.meta.url));
