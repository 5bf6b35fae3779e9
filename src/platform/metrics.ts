import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests that build several apps do not collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vitrina_' });
  const httpDuration = new Histogram({
    name: 'vitrina_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const importedRows = new Counter({
    name: 'vitrina_import_rows_total',
    help: 'Rows of bulk imports by outcome',
    labelNames: ['entity', 'outcome'] as const,
    registers: [registry],
  });
  return { registry, httpDuration, importedRows };
}

export type Metrics = ReturnType<typeof createMetrics>;
