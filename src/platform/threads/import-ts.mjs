// Loads a TypeScript module from a worker thread's entry (plain JavaScript, so the entry starts
// whichever way the process loads TypeScript): with `--import tsx` the hooks may not reach worker
// threads, so tsx is registered here when the plain import cannot read a .ts file.
export async function importTs(url) {
  try {
    return await import(url.href);
  } catch (e) {
    if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { register } = await import('tsx/esm/api');
    register();
    return import(`${url.href}?tsx`); // a fresh specifier: the failed import is cached
  }
}
