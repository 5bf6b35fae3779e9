// type=sale: our orders → a CommerceML 2.05 document for mode=query (the Bitrix shape 1C's standard
// "exchange with site" handler reads), and 1C's Документ changes → order status changes.
import type { OrdersSnapshot } from './repository.js';
import { child, isTrue, list, text, type XNode } from './xml.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // characters XML 1.0 forbids (control codes) would make 1C reject the whole file
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const money = (kopecks: number) => (Number(kopecks) / 100).toFixed(2);
const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const localTime = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** Our status → the Bitrix letter 1C's handler knows ("[N] Принят"), with its label. */
const STATUS_OUT: Record<string, { code: string; label: string }> = {
  created: { code: 'N', label: 'Оформлен' },
  accepted: { code: 'N', label: 'Принят' },
  assembled: { code: 'A', label: 'Собран' },
  shipped: { code: 'S', label: 'Передан в доставку' },
  delivered: { code: 'F', label: 'Доставлен' },
  cancelled: { code: 'C', label: 'Отменён' },
};

function requisites(pairs: [string, string][], indent: string): string {
  if (!pairs.length) return '';
  const items = pairs.map(([n, v]) =>
    `${indent}  <ЗначениеРеквизита><Наименование>${esc(n)}</Наименование><Значение>${esc(v)}</Значение></ЗначениеРеквизита>`);
  return `${indent}<ЗначенияРеквизитов>\n${items.join('\n')}\n${indent}</ЗначенияРеквизитов>\n`;
}

/** The mode=query answer: one Документ per order, Ид = our order number (what 1C sends back). */
export function ordersXml(snap: OrdersSnapshot, now = new Date()): string {
  const items = new Map<number, OrdersSnapshot['items']>();
  for (const i of snap.items) items.set(i.order_id, [...(items.get(i.order_id) ?? []), i]);
  const customers = new Map(snap.customers.map((c) => [c.id, c]));
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="${now.toISOString().slice(0, 19)}" ФорматДаты="ДФ=yyyy-MM-dd; ДЛФ=DT" ФорматВремени="ДФ=ЧЧ:мм:сс; ДЛФ=T" РазделительДатаВремя="T" ФорматСуммы="ЧЦ=18; ЧДЦ=2; ЧРД=." ФорматКоличества="ЧЦ=18; ЧДЦ=2; ЧРД=.">`,
  ];
  for (const o of snap.orders) {
    const created = new Date(o.created_at);
    const c = o.customer_id !== null ? customers.get(o.customer_id) : undefined;
    const name = o.contact_name || [c?.first_name, c?.last_name].filter(Boolean).join(' ') || o.email || 'Покупатель';
    const status = STATUS_OUT[o.status] ?? { code: o.status, label: o.status };
    const delivery = o.delivery as { method?: string; address?: { city?: string; line1?: string; line2?: string; postcode?: string }; pickup_point?: string };
    const address = delivery.address ? [delivery.address.postcode, delivery.address.city, delivery.address.line1, delivery.address.line2].filter(Boolean).join(', ') : '';
    const lines = (items.get(o.id) ?? []).map((i) => {
      const guid = i.product_id !== null ? snap.productGuids.get(i.product_id) : undefined;
      return [
        '      <Товар>',
        `        <Ид>${esc(guid ?? i.sku)}</Ид>`,
        `        <Артикул>${esc(i.sku)}</Артикул>`,
        `        <Наименование>${esc(i.name)}</Наименование>`,
        '        <БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>',
        `        <ЦенаЗаЕдиницу>${money(i.price)}</ЦенаЗаЕдиницу>`,
        `        <Количество>${i.quantity}</Количество>`,
        `        <Сумма>${money(i.total)}</Сумма>`,
        requisites([['ВидНоменклатуры', 'Товар'], ['ТипНоменклатуры', 'Товар']], '        ').trimEnd(),
        '      </Товар>',
      ].join('\n');
    });
    if (Number(o.delivery_cost) > 0) {
      lines.push([
        '      <Товар>', '        <Ид>ORDER_DELIVERY</Ид>', '        <Наименование>Доставка заказа</Наименование>',
        '        <БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>',
        `        <ЦенаЗаЕдиницу>${money(o.delivery_cost)}</ЦенаЗаЕдиницу>`, '        <Количество>1</Количество>',
        `        <Сумма>${money(o.delivery_cost)}</Сумма>`,
        requisites([['ВидНоменклатуры', 'Услуга'], ['ТипНоменклатуры', 'Услуга']], '        ').trimEnd(), '      </Товар>',
      ].join('\n'));
    }
    out.push([
      '  <Документ>',
      `    <Ид>${esc(o.number)}</Ид>`,
      `    <Номер>${esc(o.number)}</Номер>`,
      `    <Дата>${localDate(created)}</Дата>`,
      '    <ХозОперация>Заказ товара</ХозОперация>',
      '    <Роль>Продавец</Роль>',
      `    <Валюта>${esc(o.currency === 'RUB' ? 'руб' : o.currency)}</Валюта>`,
      '    <Курс>1</Курс>',
      `    <Сумма>${money(o.total)}</Сумма>`,
      '    <Контрагенты>',
      '      <Контрагент>',
      `        <Ид>${esc(c?.external_ref ?? (o.customer_id !== null ? `customer-${o.customer_id}` : `guest-${o.number}`))}</Ид>`,
      `        <Наименование>${esc(name)}</Наименование>`,
      `        <ПолноеНаименование>${esc(name)}</ПолноеНаименование>`,
      '        <Роль>Покупатель</Роль>',
      address ? `        <АдресРегистрации><Представление>${esc(address)}</Представление></АдресРегистрации>` : '',
      '        <Контакты>',
      o.email ? `          <Контакт><Тип>Почта</Тип><Значение>${esc(o.email)}</Значение></Контакт>` : '',
      o.phone ? `          <Контакт><Тип>ТелефонРабочий</Тип><Значение>${esc(o.phone)}</Значение></Контакт>` : '',
      '        </Контакты>',
      '      </Контрагент>',
      '    </Контрагенты>',
      `    <Время>${localTime(created)}</Время>`,
      `    <Комментарий>${esc(o.comment ?? '')}</Комментарий>`,
      '    <Товары>',
      ...lines,
      '    </Товары>',
      requisites([
        ['Метод оплаты', o.payment_method],
        ['Заказ оплачен', o.payment_status === 'paid' ? 'true' : 'false'],
        ['Способ доставки', delivery.method === 'pickup' ? `Самовывоз${delivery.pickup_point ? `: ${delivery.pickup_point}` : ''}` : 'Курьер'],
        ['Отменен', o.status === 'cancelled' ? 'true' : 'false'],
        ['Финальный статус', o.status === 'delivered' || o.status === 'cancelled' ? 'true' : 'false'],
        ['Статус заказа', `[${status.code}] ${status.label}`],
        ['Статуса заказа ИД', status.code],
        ['Дата изменения статуса', new Date(o.updated_at).toISOString().slice(0, 19).replace('T', ' ')],
        ['Сайт', 'Vitrina'],
      ], '    ').trimEnd(),
      '  </Документ>',
    ].filter((l) => l !== '').join('\n'));
  }
  out.push('</КоммерческаяИнформация>', '');
  return out.join('\n');
}

// ── 1C → site ──

export interface StatusChange {
  order_ref: string;
  /** our status, or null when 1C's status has no mapping */
  status: string | null;
  raw_status: string;
  occurred_at: Date;
  comment: string | null;
}

/**
 * 1C status names vary by configuration; Bitrix letters and the common Russian names are mapped,
 * anything else is reported, never guessed.
 */
const STATUS_IN: [RegExp, string][] = [
  [/^c$|отмен/i, 'cancelled'],
  [/^f$|доставлен|выполнен|завершен|закрыт/i, 'delivered'],
  [/^s$|отгружен|передан в доставку|в пути|отправлен/i, 'shipped'],
  [/^a$|собран|комплектац/i, 'assembled'],
  [/^n$|^p$|принят|согласован|оплачен|в работе|к выполнению|открыт/i, 'accepted'],
];

export function mapStatus(raw: string): string | null {
  const s = raw.replace(/^\[([A-Za-z]+)\]\s*/, '').trim();
  const letter = /^\[([A-Za-z]+)\]/.exec(raw.trim())?.[1];
  for (const [re, status] of STATUS_IN) if ((letter && re.test(letter)) || re.test(s)) return status;
  return null;
}

/** "11.02.2021 18:45:21", "2021-02-11T18:45:21", "2021-02-11" + Время → a Date (as UTC; 1C sends no zone). */
export function parseCmlDate(date: string, time = ''): Date | null {
  let m = /^(\d{2})\.(\d{2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(date.trim());
  if (m) return new Date(Date.UTC(+m[3]!, +m[2]! - 1, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(date.trim());
  if (!m) return null;
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(time.trim());
  const [h, mi, s] = m[4] ? [m[4], m[5], m[6]] : t ? [t[1], t[2], t[3]] : ['0', '0', '0'];
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(h ?? 0), +(mi ?? 0), +(s ?? 0)));
}

/** Order Документы of a 1C file → status changes (documents without a status change are listed with status null). */
export function statusChanges(documents: XNode[], now = new Date()): StatusChange[] {
  const out: StatusChange[] = [];
  for (const d of documents) {
    const op = text(d, 'ХозОперация');
    if (op && !/заказ товара/i.test(op)) continue; // payments and shipments of a 3.1 Контейнер
    const req: Record<string, string> = {};
    for (const r of list(child(d, 'ЗначенияРеквизитов')?.['ЗначениеРеквизита'])) req[text(r, 'Наименование')] = text(r, 'Значение');
    const ref = text(d, 'Номер') || text(d, 'Ид');
    if (!ref) continue;
    const cancelled = isTrue(req['Отменен'] ?? '') || isTrue(req['ПометкаУдаления'] ?? '');
    const raw = req['Статус заказа'] || req['Статуса заказа ИД'] || (isTrue(req['Отгружен'] ?? '') ? 'Отгружен' : '') ||
      (isTrue(req['Проведен'] ?? '') ? 'Принят' : '');
    const status = cancelled ? 'cancelled' : raw ? mapStatus(raw) : null;
    const when = parseCmlDate(req['Дата изменения статуса'] ?? '') ?? parseCmlDate(text(d, 'Дата'), text(d, 'Время')) ?? now;
    const number1c = req['Номер по 1С'];
    out.push({
      order_ref: ref,
      status,
      raw_status: cancelled ? 'Отменен' : raw,
      occurred_at: when,
      comment: [number1c ? `1С № ${number1c}` : '', text(d, 'Комментарий')].filter(Boolean).join('; ') || null,
    });
  }
  return out;
}
