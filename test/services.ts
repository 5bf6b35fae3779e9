// Which real services a suite needs, and whether they answer. Locally an absent service is a skip
// that names its variable; under CI=true it is a failure, so CI can never pass by skipping.
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export const KAFKA_BROKERS = (process.env.TEST_KAFKA_BROKERS || process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
export const OPENSEARCH_URL = process.env.TEST_OPENSEARCH_URL || process.env.OPENSEARCH_URL || 'http://127.0.0.1:9200';

/** Returns false when `probe` succeeds, else the skip reason; throws under CI. */
export async function requireService(name: string, variable: string, probe: () => Promise<unknown>): Promise<string | false> {
  try {
    await probe();
    return false;
  } catch (e) {
    const reason = `${name} is not reachable (${variable}): ${(e as Error).message}`;
    if (IN_CI) throw new Error(`CI=true and ${reason}`);
    return reason;
  }
}

/** The OpenSearch node at OPENSEARCH_URL, for suites that build indices of their own. */
export function requireOpenSearch(): Promise<string | false> {
  return requireService('OpenSearch', 'OPENSEARCH_URL', async () => {
    const res = await fetch(`${OPENSEARCH_URL}/_cluster/health`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  });
}
