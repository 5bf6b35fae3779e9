// Pure checkout rules: stock allocation across warehouses, validation of delivery and payment,
// and the request fingerprint of an idempotency key.
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.js';
import { normalizeEmail, normalizePhone } from '../customers/index.js';
import type { OrderDelivery } from '../../platform/db/schema-commerce.js';
import { PICKUP_POINTS } from './delivery.js';
import type { PaymentProvider } from './payment.js';
import type { DeliveryInput, PaymentMethod } from './types.js';

export interface Allocation {
  warehouse: string;
  quantity: number;
}

/**
 * Takes `quantity` from a warehouse → quantity map: the preferred warehouse (the pickup point)
 * first, then the fullest ones, so an order splits across as few warehouses as possible.
 * Null when the total is short.
 */
export function allocate(stock: Record<string, number>, quantity: number, preferred?: string | null):
  { allocations: Allocation[]; stock: Record<string, number>; total: number } | null {
  const entries = Object.entries(stock).filter(([, q]) => q > 0)
    .sort(([a, qa], [b, qb]) => (a === preferred ? -1 : b === preferred ? 1 : qb - qa || a.localeCompare(b)));
  let left = quantity;
  const allocations: Allocation[] = [];
  const next = { ...stock };
  for (const [code, q] of entries) {
    if (!left) break;
    const take = Math.min(q, left);
    allocations.push({ warehouse: code, quantity: take });
    next[code] = q - take;
    left -= take;
  }
  if (left > 0) return null;
  return { allocations, stock: next, total: Object.values(next).reduce((s, q) => s + q, 0) };
}

export interface Contact { name: string; email: string; phone: string }

export function checkContact(c: { name?: string; email?: string; phone?: string }): Contact {
  const name = (c.name ?? '').trim();
  if (!name || name.length > 200) throw new AppError('CONTACT_INVALID', 'Укажите имя получателя.', 'contact.name');
  return {
    name,
    email: normalizeEmail(c.email ?? '', 'contact.email'),
    phone: normalizePhone(c.phone ?? '', 'contact.phone'),
  };
}

export function checkDelivery(d: DeliveryInput): OrderDelivery {
  if (d.method === 'pickup') {
    const point = PICKUP_POINTS.find((p) => p.code === d.pickup_point);
    if (!point) {
      throw new AppError('CHECKOUT_INVALID', `Выберите пункт выдачи: ${PICKUP_POINTS.map((p) => p.code).join(', ')}.`, 'delivery.pickup_point');
    }
    return { method: 'pickup', pickup_point: point.code, pickup_address: point.address };
  }
  if (d.method === 'courier') {
    const a = d.address;
    if (!a?.city?.trim()) throw new AppError('CHECKOUT_INVALID', 'Укажите город доставки.', 'delivery.address.city');
    if (!a.line1?.trim()) throw new AppError('CHECKOUT_INVALID', 'Укажите улицу, дом и квартиру.', 'delivery.address.line1');
    if (a.postcode && !/^\d{6}$/.test(a.postcode.trim())) {
      throw new AppError('CHECKOUT_INVALID', 'Почтовый индекс — шесть цифр.', 'delivery.address.postcode');
    }
    return {
      method: 'courier',
      address: {
        city: a.city.trim(), line1: a.line1.trim(),
        ...(a.line2?.trim() ? { line2: a.line2.trim() } : {}),
        ...(a.postcode?.trim() ? { postcode: a.postcode.trim() } : {}),
        ...(a.region?.trim() ? { region: a.region.trim() } : {}),
      },
    };
  }
  throw new AppError('CHECKOUT_INVALID', 'Способ доставки: pickup или courier.', 'delivery.method');
}

export function checkPayment(method: string, provider: PaymentProvider): PaymentMethod {
  if (!(provider.methods() as readonly string[]).includes(method)) {
    throw new AppError('CHECKOUT_INVALID', `Способ оплаты: ${provider.methods().join(' или ')}.`, 'payment_method');
  }
  return method as PaymentMethod;
}

/** Stable fingerprint of a checkout request (key order does not matter). */
export function fingerprint(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon)
      : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}
