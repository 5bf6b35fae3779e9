// Schema changes for storefront pages at scale (issue 5). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
