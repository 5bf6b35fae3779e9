// Schema changes for catalog import and card at 1M (issue 2). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
