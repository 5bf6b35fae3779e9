// Russian message templates, one function per message; each returns subject + plain-text body
// (SMS uses `sms`, short enough for one or two segments).
import { ORDER_STATUS_LABELS, PAYMENT_METHOD_LABELS, type OrderStatus } from '../orders/types.js';

export interface OrderFacts {
  number: string;
  contact_name: string;
  total: number;
  currency: string;
  payment_method: string;
  delivery: { method: string; pickup_point?: string; address?: { city?: string; line1?: string } };
  items: { name: string; quantity: number; price: number }[];
}

export const rub = (kopecks: number, currency = 'RUB') => {
  const s = (kopecks / 100).toLocaleString('ru-RU', { minimumFractionDigits: kopecks % 100 ? 2 : 0, maximumFractionDigits: 2 });
  return currency === 'RUB' ? `${s} ₽` : `${s} ${currency}`;
};

const hello = (name: string) => (name.trim() ? `Здравствуйте, ${name.trim()}!` : 'Здравствуйте!');

function deliveryLine(o: OrderFacts): string {
  if (o.delivery.method === 'pickup') return `Самовывоз: ${o.delivery.pickup_point ?? ''}`.trim();
  const a = o.delivery.address;
  return `Курьером: ${[a?.city, a?.line1].filter(Boolean).join(', ')}`;
}

export function orderCreatedMessage(o: OrderFacts) {
  const lines = o.items.map((i) => `• ${i.name} — ${i.quantity} шт. × ${rub(i.price, o.currency)}`);
  return {
    subject: `Заказ ${o.number} оформлен`,
    body: [
      hello(o.contact_name), '',
      `Спасибо за заказ! Мы получили заказ ${o.number} и скоро начнём его собирать.`, '',
      ...lines, '',
      `Итого: ${rub(o.total, o.currency)}`,
      `Оплата: ${PAYMENT_METHOD_LABELS[o.payment_method as keyof typeof PAYMENT_METHOD_LABELS] ?? o.payment_method}`,
      deliveryLine(o), '',
      'Мы сообщим, когда статус заказа изменится.',
    ].join('\n'),
    sms: `Заказ ${o.number} оформлен на ${rub(o.total, o.currency)}. Сообщим об изменении статуса.`,
  };
}

const STATUS_TEXT: Record<OrderStatus, string> = {
  created: 'оформлен',
  accepted: 'принят и передан в работу',
  assembled: 'собран и ждёт отправки',
  shipped: 'передан в доставку',
  delivered: 'доставлен. Спасибо за покупку!',
  cancelled: 'отменён',
};

export function statusChangedMessage(o: Pick<OrderFacts, 'number' | 'contact_name'>, status: OrderStatus, comment?: string | null) {
  return {
    subject: `Заказ ${o.number}: ${ORDER_STATUS_LABELS[status]}`,
    body: [
      hello(o.contact_name), '',
      `Ваш заказ ${o.number} ${STATUS_TEXT[status]}`,
      ...(comment ? ['', `Комментарий: ${comment}`] : []),
    ].join('\n'),
    sms: `Заказ ${o.number}: ${ORDER_STATUS_LABELS[status].toLowerCase()}.`,
  };
}

export function passwordResetMessage(p: { name: string; link: string; ttlMinutes: number }) {
  return {
    subject: 'Восстановление пароля',
    body: [
      hello(p.name), '',
      'Вы (или кто-то другой) запросили смену пароля. Чтобы задать новый пароль, откройте ссылку:',
      p.link, '',
      `Ссылка действует ${p.ttlMinutes} минут и работает один раз. Если вы не запрашивали смену пароля, просто проигнорируйте это письмо.`,
    ].join('\n'),
  };
}
