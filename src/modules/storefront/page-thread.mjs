// Worker entry in plain JavaScript, so it starts whichever way the process loads TypeScript: with
// `--import tsx` the hooks may not reach worker threads, so tsx is registered here when needed.
try {
  await import('./page-thread.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./page-thread.ts?tsx'); // a fresh specifier: the failed import is cached
}
