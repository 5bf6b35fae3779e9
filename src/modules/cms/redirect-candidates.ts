// Which rows of the redirects table may answer a requested URL, most specific first.
// Old shops (OpenCart/ocStore and their kin) route through one script with query parameters, and the
// same page is reached with extra ones: `index.php?route=product/product&path=20_27&product_id=42`,
// `…&search=phone&product_id=42`, `…&utm_source=x`. An importer stores each page once, under its
// identifying parameters (`route` plus the `*_id` ones, or `route` plus `path` for a category), so the
// request is also tried reduced to those; then the bare path.
export function redirectCandidates(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0) return [url];
  const path = url.slice(0, q);
  const out = [url];
  const params = new URLSearchParams(url.slice(q + 1));
  const route = params.get('route');
  if (route !== null) {
    const ids = [...params].filter(([k]) => k.endsWith('_id'));
    const keep: [string, string][] = [['route', route], ...(ids.length ? ids : params.has('path') ? [['path', params.get('path')!] as [string, string]] : [])];
    // built by hand: URLSearchParams would encode the "/" of the route, which stored rows keep as is
    const reduced = `${path}?${keep.map(([k, v]) => `${k}=${v}`).join('&')}`;
    if (!out.includes(reduced)) out.push(reduced);
  }
  out.push(path);
  return out;
}
