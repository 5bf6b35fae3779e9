// Schema changes for Kafka price/stock apply throughput (issue 3). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
