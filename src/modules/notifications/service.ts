// Notifications: messages are queued in the transaction of their cause (an order, a status change,
// a reset request) and sent after commit by a dispatcher that leases rows, retries with backoff
// and gives up after MAX_ATTEMPTS — so a message exists iff its cause committed, and a slow SMTP
// server never holds a checkout open.
import type { Kysely, Transaction } from 'kysely';
import path from 'node:path';
import type { PlatformDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { fileMailer, fileSmsProvider, httpSmsProvider, smtpMailer, type Mailer, type SmsProvider } from './ports.js';
import * as repo from './repository.js';

export type NotificationMessage = repo.NewNotification;

export interface NotificationsService {
  readonly mailer: Mailer;
  readonly sms: SmsProvider;
  /** queues messages inside the caller's transaction */
  enqueue(tx: Kysely<DB> | Transaction<DB>, messages: NotificationMessage[]): Promise<void>;
  /** starts a dispatch pass soon (after the caller's commit); never throws */
  kick(): void;
  /** runs dispatch passes until nothing is due; resolves with the number sent (tests, CLI) */
  flush(): Promise<number>;
  /** newest first */
  log(filter: { order_id?: number; customer_id?: number; limit?: number }): Promise<NotificationEntry[]>;
  close(): Promise<void>;
}

export interface NotificationEntry {
  id: number;
  kind: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NotificationsOptions {
  mailer?: Mailer;
  sms?: SmsProvider;
}

const MAX_ATTEMPTS = 5;
const LEASE_SECONDS = 120;
const backoff = (attempt: number) => Math.min(3600, 30 * 2 ** (attempt - 1));

export function createNotificationsService(deps: PlatformDeps, opts: NotificationsOptions = {}): NotificationsService {
  const { config, log } = deps;
  const db = deps.db.kysely;
  const outDir = path.join(config.varDir, 'mail');
  const mailer = opts.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : fileMailer(outDir, config.mailFrom));
  const sms = opts.sms ?? (config.smsGateway
    ? httpSmsProvider(config.smsGateway.url, config.smsGateway.token)
    : fileSmsProvider(path.join(outDir, 'sms.log')));

  let running: Promise<number> | null = null;
  let again = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let closed = false;

  async function pass(): Promise<number> {
    let sent = 0;
    for (;;) {
      const rows = await repo.claim(db, 20, LEASE_SECONDS);
      if (!rows.length) break;
      const ok: { id: number; provider_id: string }[] = [];
      await Promise.all(rows.map(async (n) => {
        try {
          const id = n.channel === 'email'
            ? await mailer.send({ to: n.recipient, subject: n.subject ?? '', text: n.body })
            : await sms.send(n.recipient, n.body);
          ok.push({ id: n.id, provider_id: id });
        } catch (err) {
          const final = n.attempts >= MAX_ATTEMPTS;
          log.warn({ err, notification_id: n.id, channel: n.channel, attempt: n.attempts, final }, 'notification not delivered');
          await repo.markFailed(db, n.id, (err as Error).message ?? String(err), final, backoff(n.attempts));
        }
      }));
      await repo.markSent(db, ok);
      sent += ok.length;
    }
    scheduleRetry();
    return sent;
  }

  function scheduleRetry() {
    if (closed || retryTimer) return;
    void repo.nextDue(db).then((r) => {
      if (!r?.at || closed || retryTimer) return;
      const wait = Math.max(1000, new Date(r.at).getTime() - Date.now());
      retryTimer = setTimeout(() => { retryTimer = null; service.kick(); }, wait);
      retryTimer.unref();
    }).catch(() => {});
  }

  async function run(): Promise<number> {
    let total = 0;
    do {
      again = false;
      total += await pass();
    } while (again && !closed);
    return total;
  }

  const service: NotificationsService = {
    mailer,
    sms,
    enqueue: (tx, messages) => repo.insert(tx, messages),
    kick() {
      if (closed) return;
      if (running) { again = true; return; }
      running = run().catch((err) => { log.warn({ err }, 'notification dispatch failed'); return 0; })
        .finally(() => { running = null; });
    },
    async flush() {
      let total = 0;
      while (running) total += await running;
      running = run().finally(() => { running = null; });
      return total + (await running);
    },
    async log(f) {
      return (await repo.list(db, { ...f, limit: f.limit ?? 50 })).map((r) => ({
        id: Number(r.id), kind: r.kind, channel: r.channel, recipient: r.recipient, subject: r.subject, status: r.status,
        attempts: r.attempts, last_error: r.last_error, created_at: new Date(r.created_at).toISOString(),
        sent_at: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      }));
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await running?.catch(() => 0);
      mailer.close();
    },
  };
  return service;
}
