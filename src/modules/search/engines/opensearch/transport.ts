// HTTP to OpenSearch: one place for timeouts, bulk retries and the mapping of failures to
// SEARCH_UNAVAILABLE. Only `transport.request` is used, so moving to `@elastic/elasticsearch` is local.
import { errors, type Client } from '@opensearch-project/opensearch';
import { AppError } from '../../../../platform/errors.js';

export class Transport {
  constructor(
    private readonly client: Client,
    private readonly timeoutMs: number,
  ) {}

  async req(method: string, path: string, body?: unknown, querystring?: Record<string, unknown>, ignore?: number[]): Promise<any> {
    try {
      const params: any = { method, path, querystring };
      if (typeof body === 'string' || Buffer.isBuffer(body)) params.bulkBody = body;
      else if (body !== undefined) params.body = body;
      // reads answer a buyer and fail fast on a hung node; writes, rebuild steps and health waits may be slow
      const read = /\/_(search|msearch|count|alias|mapping|cat)\b/.test(path) && !path.startsWith('/_cluster');
      const requestTimeout = read ? this.timeoutMs : Math.max(this.timeoutMs, 120_000);
      const res = await this.client.transport.request(params, { requestTimeout, ...(ignore ? { ignore } : {}) });
      return res.body;
    } catch (e) {
      throw mapError(e);
    }
  }

  bulk(lines: string[]): Promise<void> {
    // encoded once here: given a string, the client measured its UTF-8 length for content-length and the
    // socket then encoded it again (~6 µs per document of a rebuild's 1.3 KB, measured at 1M)
    return lines.length ? this.bulkBody(ndjson(lines)) : Promise.resolve();
  }

  /** A _bulk request whose NDJSON body is already encoded (see ndjson). */
  async bulkBody(body: Buffer): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // only what the checks below read: the full answer is ~250 bytes per item (index, id, version,
      // shards, seq_no…) that the node serializes and this process parses for every document written
      const res = await this.req('POST', '/_bulk', body, { filter_path: 'errors,items.*.status,items.*.error,items.*._index' });
      if (!res.errors) return;
      // 409: a newer version is already in (see versioned()). 404 only for a `-building` alias that a
      // finished rebuild removed meanwhile (the live alias, written in the same request, has the change);
      // any other missing index is an error — never a silent loss (deleting an absent document is not an error)
      const failed = res.items
        .map((i: any) => Object.values(i)[0] as any)
        .filter((i: any) => i.error && i.status !== 409 && !(i.status === 404 && String(i._index).endsWith('-building')));
      if (!failed.length) return;
      // 429: the node's write queue is full — back off and resend (bulk items are idempotent upserts)
      if (failed.every((i: any) => i.status === 429) && attempt < 5) {
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
        continue;
      }
      throw new Error(`OpenSearch bulk: ${failed.length} items failed, first: ${JSON.stringify(failed[0].error)}`);
    }
  }
}

/** The lines as one NDJSON body, each line's UTF-8 written straight into one buffer. Joining them into a
 *  string first and encoding that was ~15% of a 1M rebuild's time in this process (CPU profile): the
 *  ~2.6 MB two-byte string (Cyrillic) is built, then encoded in one slow pass — 5x slower than writing
 *  each line (measured: 36–41 vs 6–7 ms per 2,000 documents). A UTF-16 unit never takes more than 3
 *  UTF-8 bytes, so the upper bound needs no measuring pass. */
export function ndjson(lines: string[]): Buffer {
  let chars = 0;
  for (const l of lines) chars += l.length;
  const buf = Buffer.allocUnsafe(chars * 3 + lines.length);
  let at = 0;
  for (const l of lines) {
    at += buf.write(l, at);
    buf[at++] = 0x0a;
  }
  return buf.subarray(0, at);
}

/** Every product write carries an external version = the wall-clock ms when its data was read, so a
 *  rebuild's batch read BEFORE an incremental change (or delete — its tombstone lives `gc_deletes`) can
 *  never overwrite it when it arrives later: OpenSearch answers 409 and the stale copy is dropped.
 *  Assumes the writers' clocks agree to within milliseconds (NTP). */
export function versioned(ms: number) {
  return { version: ms, version_type: 'external_gte' };
}

/** A node that is down, unreachable, overloaded or not yet recovered is SEARCH_UNAVAILABLE (503). */
export function mapError(e: unknown): Error {
  if (e instanceof AppError) return e;
  if (e instanceof errors.ConnectionError || e instanceof errors.TimeoutError || e instanceof errors.NoLivingConnectionsError) {
    return new AppError('SEARCH_UNAVAILABLE', `OpenSearch is not reachable: ${e.message}`);
  }
  if (e instanceof errors.ResponseError) {
    const type = e.body?.error?.type;
    if (e.statusCode === 503 || e.statusCode === 429 || type === 'index_not_found_exception') {
      return new AppError('SEARCH_UNAVAILABLE', `OpenSearch cannot answer: ${type ?? e.statusCode}`);
    }
    return new Error(`OpenSearch ${e.statusCode}: ${type}: ${e.body?.error?.reason ?? e.message}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
