// contracts/kafka/*.schema.json: rendered from the TypeBox schemas (schemas.ts), so the files the 1C
// side reads cannot drift from what the consumers validate; contracts.test.ts compares them.
import { CONTRACTS } from './schemas.js';

export const CONTRACTS_DIR = 'contracts/kafka';

const HEADERS = {
  event_id: 'unique id of the event (UUID recommended); fallback: body event_id, then <topic>:<partition>:<offset>',
  occurred_at: 'ISO 8601 time of the change in the source system; fallback: body occurred_at, then the Kafka record timestamp',
  source_version: 'integer version of the entity in the source (e.g. 1C data version); optional — without it occurred_at orders events',
};

/** file name → JSON text (2-space indented, trailing newline) */
export function renderContracts(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(CONTRACTS)) {
    const [topic] = name.split(/\.(inbound|outbound)?\.?v\d+$/);
    const doc = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      ...JSON.parse(JSON.stringify(schema)),
      'x-topic': topic,
      'x-version': Number(/\.v(\d+)$/.exec(name)![1]),
      'x-headers': HEADERS,
    };
    out[`${name}.schema.json`] = `${JSON.stringify(doc, null, 2)}\n`;
  }
  return out;
}
