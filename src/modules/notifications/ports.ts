// Delivery ports: a Mailer (SMTP through nodemailer, or .eml files under var/ by default) and an
// SmsProvider (an HTTP gateway, or a log file under var/ by default).
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'file';
  /** resolves with the provider's message id once the message was accepted */
  send(msg: MailMessage): Promise<string>;
  close(): void;
}

export interface SmsProvider {
  readonly kind: 'http' | 'file';
  send(to: string, text: string): Promise<string>;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(m) {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      return String(info.messageId);
    },
    close: () => transport.close(),
  };
}

/** Runs a write into `dir`, making the directory only when the write finds it missing (first use, or
 *  removed since): a checkout's two messages cost their writes, not a mkdir each as well. */
async function inDir<T>(dir: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(dir, { recursive: true });
    return write();
  }
}

/** Embedded default: each message is written as an .eml file (RFC 822, openable in any mail client). */
export function fileMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'file',
    async send(m) {
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(info.messageId).replace(/[^\w.-]/g, '')}.eml`;
      await inDir(dir, () => writeFile(path.join(dir, name), info.message as Buffer));
      return String(info.messageId);
    },
    close: () => transport.close(),
  };
}

/**
 * The HTTP gateway protocol: `POST <SMS_GATEWAY_URL>` with `Authorization: Bearer <token>` and JSON
 * `{to: "+79…", text}`; a 2xx answer with JSON `{id}` means accepted. Anything else is a failure
 * (the notification is retried by the dispatcher).
 */
export function httpSmsProvider(url: string, token: string | null, timeoutMs = 10_000): SmsProvider {
  return {
    kind: 'http',
    async send(to, text) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ to, text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}: ${body.slice(0, 200)}`);
      try {
        return String((JSON.parse(body) as { id?: unknown }).id ?? '');
      } catch {
        return '';
      }
    },
  };
}

export function fileSmsProvider(file: string): SmsProvider {
  return {
    kind: 'file',
    async send(to, text) {
      const line = `${JSON.stringify({ at: new Date().toISOString(), to, text })}\n`;
      await inDir(path.dirname(file), () => appendFile(file, line));
      return '';
    },
  };
}
