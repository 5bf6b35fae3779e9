// A Kafka message → validated body + metadata. Metadata travels in headers; a simple producer may omit
// them, so each has a documented fallback (docs/kafka.md):
//   event_id       header `event_id` → body `event_id` → `<topic>:<partition>:<offset>` (stable on redelivery)
//   occurred_at    header `occurred_at` (ISO 8601) → body `occurred_at` → the Kafka record timestamp
//   source_version header `source_version` (integer, e.g. 1C's data version) → body → none (occurred_at decides)
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import type { KafkaMessage } from '../../platform/kafka/index.js';

/** The metadata and body of one message (its key, headers and raw value stay on `msg`). */
export interface Envelope<T> {
  msg: KafkaMessage;
  topic: string;
  offset: bigint;
  event_id: string;
  occurred_at: Date;
  source_version: string | null;
  body: T;
}

export interface Rejection {
  code: string;
  reason: string;
}

export type Parsed<T> = { ok: true; env: Envelope<T> } | { ok: false; msg: KafkaMessage; rejection: Rejection };

const ajv = new Ajv.default({ allErrors: false, strict: false });
addFormats.default(ajv);
const compiled = new WeakMap<TSchema, ValidateFunction>();

function validator(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(schema)));
  return v;
}

const INTEGER = /^-?\d{1,18}$/;

export function parse<T>(msg: KafkaMessage, schema: TSchema, logicalTopic: string): Parsed<T> {
  const raw = msg.value ?? '';
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (e) {
    return { ok: false, msg, rejection: { code: 'BAD_JSON', reason: `not JSON: ${(e as Error).message}` } };
  }
  const validate = validator(schema);
  if (!validate(body)) {
    const reason = ajv.errorsText(validate.errors, { dataVar: logicalTopic });
    return { ok: false, msg, rejection: { code: 'SCHEMA_VIOLATION', reason } };
  }
  // headers read in place (no per-message copy: this runs for every price and stock event)
  const headers = msg.headers;
  const b = body as Record<string, unknown>;
  const str = (name: string) => {
    const h = headers?.get(name);
    if (h !== undefined && h !== null) return String(h);
    const v = b[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  };

  const occurredRaw = str('occurred_at');
  const occurred = occurredRaw !== undefined ? new Date(occurredRaw) : new Date(Number(msg.timestamp));
  if (Number.isNaN(occurred.getTime())) {
    return { ok: false, msg, rejection: { code: 'BAD_HEADER', reason: `occurred_at "${occurredRaw}" is not an ISO 8601 time` } };
  }
  const sv = str('source_version');
  if (sv !== undefined && !INTEGER.test(sv.trim())) {
    return { ok: false, msg, rejection: { code: 'BAD_HEADER', reason: `source_version "${sv}" is not an integer` } };
  }
  return {
    ok: true,
    env: {
      msg,
      topic: msg.topic,
      offset: msg.offset,
      event_id: str('event_id') ?? `${msg.topic}:${msg.partition}:${msg.offset}`,
      occurred_at: occurred,
      source_version: sv === undefined ? null : sv.trim(),
      body: body as T,
    },
  };
}

/**
 * Compares two source versions, integers as validated by parse (`-?\d{1,18}`, trimmed): negative, zero
 * or positive like a - b. By sign, length and digits, without BigInt: the apply path compares one or
 * two versions per event, and parsing both into BigInts cost more than the comparison.
 */
export function compareVersions(a: string, b: string): number {
  const x = digits(a);
  const y = digits(b);
  const na = x !== '' && a.charCodeAt(0) === 45; // '-', and "-0" is zero
  const nb = y !== '' && b.charCodeAt(0) === 45;
  if (na !== nb) return na ? -1 : 1;
  const c = x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
  return na ? -c : c;
}

/** the magnitude's digits without leading zeros ("" for zero) */
function digits(v: string): string {
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  while (i < v.length && v.charCodeAt(i) === 48) i++;
  return i === 0 ? v : v.slice(i);
}

/** Is `a` newer than `b` under the staleness rule (source_version when both have one, else time)? */
export function newer(a: Pick<Envelope<unknown>, 'source_version' | 'occurred_at' | 'offset'>, b: typeof a): boolean {
  if (a.source_version !== null && b.source_version !== null) return compareVersions(a.source_version, b.source_version) > 0;
  const d = a.occurred_at.getTime() - b.occurred_at.getTime();
  return d !== 0 ? d > 0 : a.offset > b.offset;
}
