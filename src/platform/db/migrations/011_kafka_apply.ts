// Schema changes for Kafka apply path at scale (issue 3). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
