// HTML rendering: Eta templates under views/ (compiled once and cached), the helpers every template
// gets, and the shared layout data (navigation, session, cart count, CSRF token, SEO head).
import path from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonLd, Seo } from './seo.js';

const VIEWS = path.join(import.meta.dirname, 'views');

export const eta = new Eta({ views: VIEWS, cache: true, autoEscape: true, autoTrim: false });

const formatters = new Map<string, Intl.NumberFormat>();
/** 129990 kopecks, RUB → "1 299,90 ₽"; whole roubles drop the kopecks. */
export function money(minor: number | null | undefined, currency: string | null = 'RUB'): string {
  if (minor === null || minor === undefined) return '—';
  const cur = currency ?? 'RUB';
  const whole = minor % 100 === 0;
  const key = `${cur}:${whole}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: cur, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 });
    formatters.set(key, f);
  }
  return f.format(minor / 100);
}

const dateFmt = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Moscow' });
const dateTimeFmt = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' });
export const date = (d: string | Date | null | undefined) => (d ? dateFmt.format(new Date(d)) : '');
export const dateTime = (d: string | Date | null | undefined) => (d ? dateTimeFmt.format(new Date(d)) : '');

/** "1 товар", "2 товара", "5 товаров". */
export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

/** A script-safe JSON for <script type="application/ld+json">: "<" can never close the tag. */
export const jsonScript = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export interface LayoutData {
  seo: Seo;
  h1?: string;
  jsonld?: JsonLd[];
  nav: { name: string; path: string }[];
  user: { customer_id: number } | null;
  cartCount: number;
  csrf: string;
  q?: string;
}

export const helpers = { money, date, dateTime, plural, jsonScript };

export function render(template: string, data: Record<string, unknown>): string {
  return eta.render(template, { ...data, h: helpers });
}

export function sendHtml(reply: FastifyReply, html: string, status = 200) {
  return reply.status(status).header('content-type', 'text/html; charset=utf-8').send(html);
}

export type LayoutSource = (req: FastifyRequest, reply: FastifyReply) => Promise<Omit<LayoutData, 'seo' | 'h1' | 'jsonld'>>;
