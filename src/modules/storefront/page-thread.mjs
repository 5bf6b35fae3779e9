// Worker entry in plain JavaScript: a storefront page thread (page-thread.ts).
import { importTs } from '../../platform/threads/import-ts.mjs';

await importTs(new URL('./page-thread.ts', import.meta.url));
