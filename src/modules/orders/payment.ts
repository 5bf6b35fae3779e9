// The PaymentProvider port. Today both methods are paid on delivery, so the provider only says which
// methods exist and what an order starts with; an online provider (ЮKassa, CloudPayments…) will
// implement `start` to return a redirect URL and confirm payments from its webhook later.
import type { PaymentMethod } from './types.js';

export interface PaymentStart {
  /** initial orders.payment_status */
  payment_status: 'pending' | 'awaiting_payment';
  /** where to send the buyer to pay online; null for payment on delivery */
  redirect_url: string | null;
}

export interface PaymentProvider {
  readonly code: string;
  methods(): readonly PaymentMethod[];
  start(order: { number: string; total: number; currency: string; method: PaymentMethod }): Promise<PaymentStart>;
}

export const offlinePaymentProvider: PaymentProvider = {
  code: 'offline',
  methods: () => ['cash_on_delivery', 'card_on_delivery'],
  start: async () => ({ payment_status: 'pending', redirect_url: null }),
};
