// CommerceML catalog documents (import.xml, offers.xml and the package files import___, offers___,
// prices___, rests___) → plain typed data. Pure: no I/O, unknown elements ignored.
import { attr, child, isTrue, list, text, texts, type XNode } from './xml.js';

export interface CmlGroup {
  id: string;
  name: string;
  description: string | null;
  deleted: boolean;
  children: CmlGroup[];
}

export type CmlPropertyType = 'string' | 'number' | 'reference' | 'datetime' | 'boolean';

export interface CmlProperty {
  id: string;
  name: string;
  type: CmlPropertyType;
  multiple: boolean;
  deleted: boolean;
  /** Справочник variants: ИдЗначения → Значение */
  values: { id: string; value: string }[];
}

export interface CmlPriceType {
  id: string;
  name: string;
  currency: string;
}

export interface CmlWarehouse {
  id: string;
  name: string;
}

export interface CmlProduct {
  id: string;
  article: string;
  barcode: string;
  name: string;
  description: string | null;
  groupIds: string[];
  images: string[];
  /** property Ид → values as written (a Справочник value is its ИдЗначения) */
  properties: { id: string; values: string[] }[];
  requisites: Record<string, string>;
  manufacturer: string;
  deleted: boolean;
}

export interface CmlOfferPrice {
  typeId: string;
  /** minor units */
  amount: number;
  currency: string;
}

export interface CmlOffer {
  /** as written: product Ид or productИд#characteristicИд */
  id: string;
  productId: string;
  characteristicId: string;
  name: string;
  prices: CmlOfferPrice[];
  /** Количество or Остатки/Остаток/Количество (a total); null when the file says nothing about it */
  quantity: number | null;
  /** warehouse Ид → quantity; null when the file names no warehouse */
  stock: Record<string, number> | null;
  deleted: boolean;
}

export interface CmlCatalogDocument {
  schemaVersion: string;
  classifier: {
    id: string;
    name: string;
    onlyChanges: boolean;
    groups: CmlGroup[];
    properties: CmlProperty[];
    priceTypes: CmlPriceType[];
    warehouses: CmlWarehouse[];
  } | null;
  catalog: { id: string; onlyChanges: boolean; hasGoods: boolean; products: CmlProduct[] } | null;
  offers: {
    id: string;
    onlyChanges: boolean;
    priceTypes: CmlPriceType[];
    warehouses: CmlWarehouse[];
    offers: CmlOffer[];
  } | null;
  documents: XNode[];
}

/** "руб", "RUR", "643" and "RUB" all mean roubles; other codes are taken as ISO 4217. */
export function normalizeCurrency(raw: string, fallback = 'RUB'): string {
  const s = raw.trim().toUpperCase();
  if (!s) return fallback;
  if (['RUB', 'RUR', 'РУБ', 'РУБ.', '643', 'РУБЛЬ'].includes(s)) return 'RUB';
  return /^[A-Z]{3}$/.test(s) ? s : fallback;
}

/** "1 234,50" → 123450 kopecks; NaN when not a number. */
export function parseMoney(raw: string): number {
  const n = parseDecimal(raw);
  return Number.isFinite(n) ? Math.round(n * 100) : NaN;
}

export function parseDecimal(raw: string): number {
  const s = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return s === '' ? NaN : Number(s);
}

const onlyChanges = (n: XNode | undefined) => isTrue(attr(n, 'СодержитТолькоИзменения'));
const markedDeleted = (n: XNode) => isTrue(text(n, 'ПометкаУдаления')) || /^удал[её]н$/i.test(attr(n, 'Статус'));

function groups(container: XNode | undefined): CmlGroup[] {
  return list(child(container, 'Группы')?.['Группа']).map((g) => ({
    id: text(g, 'Ид'),
    name: text(g, 'Наименование'),
    description: text(g, 'Описание') || null,
    deleted: markedDeleted(g),
    children: groups(g),
  })).filter((g) => g.id);
}

const PROPERTY_TYPES: Record<string, CmlPropertyType> = {
  строка: 'string', число: 'number', справочник: 'reference', время: 'datetime', датавремя: 'datetime', дата: 'datetime',
  булево: 'boolean',
};

function properties(container: XNode | undefined): CmlProperty[] {
  const props = child(container, 'Свойства');
  // 2.04-era files name the element СвойствоНоменклатуры
  return [...list(props?.['Свойство']), ...list(props?.['СвойствоНоменклатуры'])].map((p) => {
    const variants = child(p, 'ВариантыЗначений');
    const declared = text(p, 'ТипЗначений').toLowerCase();
    const values = list(variants?.['Справочник']).map((v) => ({ id: text(v, 'ИдЗначения'), value: text(v, 'Значение') }))
      .filter((v) => v.id && v.value);
    return {
      id: text(p, 'Ид'),
      name: text(p, 'Наименование'),
      type: PROPERTY_TYPES[declared] ?? (values.length ? 'reference' : 'string'),
      multiple: isTrue(text(p, 'Множественное')),
      deleted: markedDeleted(p),
      values,
    };
  }).filter((p) => p.id && p.name);
}

function priceTypes(container: XNode | undefined): CmlPriceType[] {
  return list(child(container, 'ТипыЦен')?.['ТипЦены']).map((t) => ({
    id: text(t, 'Ид'),
    name: text(t, 'Наименование'),
    currency: normalizeCurrency(text(t, 'Валюта')),
  })).filter((t) => t.id);
}

function warehouses(container: XNode | undefined): CmlWarehouse[] {
  return list(child(container, 'Склады')?.['Склад']).map((w) => ({ id: text(w, 'Ид'), name: text(w, 'Наименование') }))
    .filter((w) => w.id);
}

/** One Товар element → its data (also used on the elements the stream reader cuts out). */
export function product(t: XNode): CmlProduct {
  const requisites: Record<string, string> = {};
  for (const r of list(child(t, 'ЗначенияРеквизитов')?.['ЗначениеРеквизита'])) {
    const name = text(r, 'Наименование');
    if (name) requisites[name] = texts(r, 'Значение').join('; ');
  }
  const manufacturer = child(t, 'Изготовитель');
  return {
    id: text(t, 'Ид'),
    article: text(t, 'Артикул'),
    barcode: text(t, 'Штрихкод'),
    name: text(t, 'Наименование') || requisites['Полное наименование'] || '',
    description: text(t, 'Описание') || null,
    groupIds: texts(child(t, 'Группы'), 'Ид'),
    images: texts(t, 'Картинка'),
    properties: list(child(t, 'ЗначенияСвойств')?.['ЗначенияСвойства']).map((v) => ({
      id: text(v, 'Ид'),
      values: texts(v, 'Значение'),
    })).filter((v) => v.id),
    requisites,
    manufacturer: manufacturer ? text(manufacturer, 'Наименование') : text(t, 'ТорговаяМарка'),
    deleted: markedDeleted(t),
  };
}

/** One Предложение; `defaultCurrency` is the currency of each ТипЦены by Ид. */
export function offer(o: XNode, defaultCurrency: Map<string, string>): CmlOffer {
  const id = text(o, 'Ид');
  const [productId = '', characteristicId = ''] = id.split('#');
  const prices: CmlOfferPrice[] = [];
  for (const p of list(child(o, 'Цены')?.['Цена'])) {
    const typeId = text(p, 'ИдТипаЦены');
    const amount = parseMoney(text(p, 'ЦенаЗаЕдиницу'));
    if (!typeId || !Number.isFinite(amount)) continue;
    prices.push({ typeId, amount, currency: normalizeCurrency(text(p, 'Валюта'), defaultCurrency.get(typeId) ?? 'RUB') });
  }
  let quantity: number | null = null;
  let stock: Record<string, number> | null = null;
  const add = (wh: string, q: number) => {
    if (!wh || !Number.isFinite(q)) return;
    stock ??= {};
    stock[wh] = (stock[wh] ?? 0) + q;
  };
  const q = text(o, 'Количество');
  if (q !== '') quantity = parseDecimal(q);
  // <Склад ИдСклада=".." КоличествоНаСкладе=".."/> (2.07+)
  for (const s of list(o['Склад'])) add(attr(s, 'ИдСклада'), parseDecimal(attr(s, 'КоличествоНаСкладе')));
  // Остатки/Остаток/Склад{Ид,Количество} or Остатки/Остаток/Количество (package rests___)
  for (const r of list(child(o, 'Остатки')?.['Остаток'])) {
    const whs = list(r['Склад']);
    for (const s of whs) add(text(s, 'Ид'), parseDecimal(text(s, 'Количество')));
    if (!whs.length && text(r, 'Количество') !== '') quantity = (quantity ?? 0) + parseDecimal(text(r, 'Количество'));
  }
  return {
    id, productId, characteristicId, name: text(o, 'Наименование'), prices,
    quantity: quantity !== null && Number.isFinite(quantity) ? quantity : null, stock, deleted: markedDeleted(o),
  };
}

export function parseCatalogDocument(root: XNode): CmlCatalogDocument {
  const cls = child(root, 'Классификатор');
  const cat = child(root, 'Каталог');
  const pack = child(root, 'ПакетПредложений') ?? child(root, 'ИзмененияПакетаПредложений');
  const packPriceTypes = priceTypes(pack);
  const clsPriceTypes = priceTypes(cls);
  const currencyByType = new Map([...clsPriceTypes, ...packPriceTypes].map((t) => [t.id, t.currency]));
  const goods = child(cat, 'Товары');
  return {
    schemaVersion: attr(root, 'ВерсияСхемы'),
    classifier: cls
      ? {
          id: text(cls, 'Ид'), name: text(cls, 'Наименование'), onlyChanges: onlyChanges(cls), groups: groups(cls),
          properties: properties(cls), priceTypes: clsPriceTypes, warehouses: warehouses(cls),
        }
      : null,
    catalog: cat
      ? {
          id: text(cat, 'Ид'), onlyChanges: onlyChanges(cat), hasGoods: goods !== undefined,
          products: list(goods?.['Товар']).map(product).filter((p) => p.id),
        }
      : null,
    offers: pack
      ? {
          id: text(pack, 'Ид'),
          onlyChanges: onlyChanges(pack) || child(root, 'ИзмененияПакетаПредложений') !== undefined,
          priceTypes: packPriceTypes, warehouses: warehouses(pack),
          offers: list(child(pack, 'Предложения')?.['Предложение']).map((o) => offer(o, currencyByType)).filter((o) => o.id),
        }
      : null,
    documents: [...list(root['Документ']), ...list(root['Контейнер']).flatMap((c) => list(c['Документ']))],
  };
}
