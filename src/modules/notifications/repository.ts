// All SQL of the notifications module.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Q = Kysely<DB> | Transaction<DB>;

export interface NewNotification {
  kind: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject?: string | null;
  body: string;
  order_id?: number | null;
  customer_id?: number | null;
}

export async function insert(q: Q, rows: NewNotification[]) {
  if (!rows.length) return;
  await q.insertInto('notifications').values(rows.map((r) => ({
    kind: r.kind, channel: r.channel, recipient: r.recipient, subject: r.subject ?? null, body: r.body,
    order_id: r.order_id ?? null, customer_id: r.customer_id ?? null,
  }))).execute();
}

export interface ClaimedRow {
  id: number; kind: string; channel: 'email' | 'sms'; recipient: string; subject: string | null; body: string; attempts: number;
}

/** Leases up to `limit` due rows for `leaseSeconds` (skip locked: nodes never claim the same row). */
export async function claim(q: Q, limit: number, leaseSeconds: number): Promise<ClaimedRow[]> {
  const r = await sql<ClaimedRow>`
    update notifications set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
    where id in (
      select id from notifications where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at, id limit ${limit} for update skip locked)
    returning id, kind, channel, recipient, subject, body, attempts`.execute(q);
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

/** One statement for a whole pass's successes. */
export async function markSent(q: Q, rows: { id: number; provider_id: string }[]) {
  if (!rows.length) return;
  await sql`
    update notifications n set status = 'sent', sent_at = now(), provider_id = nullif(v.pid, ''), last_error = null
    from (select unnest(${rows.map((r) => r.id)}::bigint[]) as id, unnest(${rows.map((r) => r.provider_id)}::text[]) as pid) v
    where n.id = v.id`.execute(q);
}

export const markFailed = (q: Q, id: number, error: string, final: boolean, retryInSeconds: number) =>
  q.updateTable('notifications')
    .set({
      status: final ? 'failed' : 'pending', last_error: error.slice(0, 1000),
      next_attempt_at: new Date(Date.now() + retryInSeconds * 1000),
    })
    .where('id', '=', id).execute();

export const nextDue = (q: Q) =>
  q.selectFrom('notifications').select(sql<Date>`min(next_attempt_at)`.as('at')).where('status', '=', 'pending')
    .executeTakeFirst();

export const list = (q: Q, f: { order_id?: number; customer_id?: number; limit: number }) => {
  let s = q.selectFrom('notifications').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.order_id) s = s.where('order_id', '=', f.order_id);
  if (f.customer_id) s = s.where('customer_id', '=', f.customer_id);
  return s.execute();
};
