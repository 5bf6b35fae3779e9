// Schema changes for PostgreSQL search engine latency at 1M (issue 4). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
