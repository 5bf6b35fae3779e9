// Worker entry in plain JavaScript (like src/modules/storefront/page-thread.mjs): with `--import tsx`
// the hooks may not reach worker threads, so tsx is registered here when needed.
try {
  await import('./host-speed-thread.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./host-speed-thread.ts?tsx'); // a fresh specifier: the failed import is cached
}
