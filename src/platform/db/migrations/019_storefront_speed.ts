// Schema changes for storefront product/category page speed and facets (issue 5). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
