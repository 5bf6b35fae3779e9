// Schema changes for catalog card latency (issue 2). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
