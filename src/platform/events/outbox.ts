// Transactional outbox: events are rows written in the same transaction as the change they
// describe, so an event exists if and only if its change committed.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { EventMap, EventName } from './event-map.js';

export async function publish<E extends EventName>(
  tx: Kysely<DB> | Transaction<DB>,
  topic: E,
  key: string,
  payload: EventMap[E],
): Promise<void> {
  await tx
    .insertInto('outbox')
    .values({
      topic,
      key,
      payload: JSON.stringify(payload),
      headers: JSON.stringify({ event_id: randomUUID(), occurred_at: new Date().toISOString() }),
    })
    .execute();
}

export async function publishMany<E extends EventName>(
  tx: Kysely<DB> | Transaction<DB>,
  topic: E,
  events: { key: string; payload: EventMap[E] }[],
): Promise<void> {
  if (!events.length) return;
  const occurred = new Date().toISOString();
  await tx
    .insertInto('outbox')
    .values(
      events.map((e) => ({
        topic,
        key: e.key,
        payload: JSON.stringify(e.payload),
        headers: JSON.stringify({ event_id: randomUUID(), occurred_at: occurred }),
      })),
    )
    .execute();
}
