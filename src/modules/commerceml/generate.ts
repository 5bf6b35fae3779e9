// Synthetic CommerceML 2.07 files of any size for the tests and bench/commerceml.ts: an import.xml
// (classifier with nested groups and three kinds of property, N goods) and an offers.xml (three
// price types, two warehouses, one Предложение per good). Produced as text pieces so a million goods
// can be written to disk without building the whole document in memory.
import iconv from 'iconv-lite';

export const PRICE_TYPES = [
  { id: 'pt-retail', name: 'Розничная' },
  { id: 'pt-wholesale', name: 'Оптовая' },
  { id: 'pt-b2b', name: 'B2B Дилер' },
] as const;

export type Defect = 'no-name' | 'no-id' | 'bad-brand' | 'negative-price';

export interface GenerateOptions {
  goods: number;
  /** СодержитТолькоИзменения="false" on Каталог: goods absent from the file get archived */
  full?: boolean;
  /** goods left out of the file (by index) */
  omit?: (i: number) => boolean;
  /** broken goods or offers (by index) among the good ones */
  defects?: Map<number, Defect>;
}

const GROUPS = 8;
const COLORS = ['Чёрный', 'Белый', 'Красный', 'Синий', 'Зелёный'];
const BRANDS = ['Фабрика Север', 'ООО «Рога & Копыта»', 'Восток', 'Uno', 'Дельта'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const goodId = (i: number) => `good-${String(i).padStart(8, '0')}`;
export const goodSku = (i: number) => `АРТ-${i}`;
export const goodName = (i: number) => `Товар №${i} «Проверка» ёЁ`;

function good(i: number, defect: Defect | undefined): string {
  const id = defect === 'no-id' ? '' : `<Ид>${goodId(i)}</Ид>`;
  const name = defect === 'no-name' ? '' : `<Наименование>${esc(goodName(i))}</Наименование>`;
  const brand = defect === 'bad-brand' ? '---' : BRANDS[i % BRANDS.length]!;
  return `<Товар>${id}<Артикул>${esc(goodSku(i))}</Артикул>${name}<Группы><Ид>grp-${i % GROUPS}</Ид></Группы>`
    + `<Описание>Описание товара ${i}</Описание><Изготовитель><Ид>b${i % 5}</Ид><Наименование>${esc(brand)}</Наименование></Изготовитель>`
    + '<ЗначенияСвойств>'
    + `<ЗначенияСвойства><Ид>prop-color</Ид><Значение>color-${i % COLORS.length}</Значение></ЗначенияСвойства>`
    + `<ЗначенияСвойства><Ид>prop-weight</Ид><Значение>${(i % 50) / 10 + 0.5}</Значение></ЗначенияСвойства>`
    + `<ЗначенияСвойства><Ид>prop-material</Ид><Значение>Материал ${i % 7}</Значение></ЗначенияСвойства>`
    + '</ЗначенияСвойств></Товар>\n';
}

export function* importXml(opts: GenerateOptions, encoding = 'UTF-8'): Generator<string> {
  yield `<?xml version="1.0" encoding="${encoding}"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">\n`;
  let groups = '';
  for (let g = 0; g < GROUPS; g++) {
    // the last groups are children of the first: a tree, as 1C sends it
    if (g >= 2) continue;
    const kids = Array.from({ length: GROUPS }, (_, k) => k).filter((k) => k >= 2 && k % 2 === g)
      .map((k) => `<Группа><Ид>grp-${k}</Ид><Наименование>Группа ${k}</Наименование></Группа>`).join('');
    groups += `<Группа><Ид>grp-${g}</Ид><Наименование>Раздел ${g}</Наименование><Группы>${kids}</Группы></Группа>`;
  }
  const colors = COLORS.map((c, k) => `<Справочник><ИдЗначения>color-${k}</ИдЗначения><Значение>${c}</Значение></Справочник>`).join('');
  yield `<Классификатор><Ид>cls-gen</Ид><Наименование>Классификатор</Наименование><Группы>${groups}</Группы><Свойства>`
    + `<Свойство><Ид>prop-color</Ид><Наименование>Цвет</Наименование><ТипЗначений>Справочник</ТипЗначений><ВариантыЗначений>${colors}</ВариантыЗначений></Свойство>`
    + '<Свойство><Ид>prop-weight</Ид><Наименование>Вес, кг</Наименование><ТипЗначений>Число</ТипЗначений></Свойство>'
    + '<Свойство><Ид>prop-material</Ид><Наименование>Материал</Наименование><ТипЗначений>Строка</ТипЗначений></Свойство>'
    + '</Свойства></Классификатор>\n';
  yield `<Каталог СодержитТолькоИзменения="${opts.full ? 'false' : 'true'}"><Ид>cat-gen</Ид><ИдКлассификатора>cls-gen</ИдКлассификатора><Наименование>Каталог</Наименование><Товары>\n`;
  let piece = '';
  for (let i = 0; i < opts.goods; i++) {
    if (opts.omit?.(i)) continue;
    piece += good(i, opts.defects?.get(i));
    if (piece.length > 256 * 1024) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}</Товары></Каталог>\n</КоммерческаяИнформация>\n`;
}

/** Retail price of good i in kopecks; wholesale is 80 % of it, B2B 70 %. */
export const retailPrice = (i: number) => 10_000 + (i % 1000) * 100;

export function* offersXml(opts: GenerateOptions, encoding = 'UTF-8'): Generator<string> {
  yield `<?xml version="1.0" encoding="${encoding}"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.07">\n`;
  const types = PRICE_TYPES.map((t) => `<ТипЦены><Ид>${t.id}</Ид><Наименование>${t.name}</Наименование><Валюта>RUB</Валюта></ТипЦены>`).join('');
  yield `<ПакетПредложений СодержитТолькоИзменения="false"><Ид>pack-gen</Ид><Наименование>Предложения</Наименование><ИдКаталога>cat-gen</ИдКаталога>`
    + `<ТипыЦен>${types}</ТипыЦен><Склады><Склад><Ид>wh-msk-0001</Ид><Наименование>Москва</Наименование></Склад>`
    + '<Склад><Ид>wh-spb-0002</Ид><Наименование>Санкт-Петербург</Наименование></Склад></Склады><Предложения>\n';
  let piece = '';
  for (let i = 0; i < opts.goods; i++) {
    if (opts.omit?.(i)) continue;
    const retail = opts.defects?.get(i) === 'negative-price' ? -retailPrice(i) : retailPrice(i);
    const money = (k: number) => (k / 100).toFixed(2);
    const prices = [retail, Math.round(retailPrice(i) * 0.8), Math.round(retailPrice(i) * 0.7)]
      .map((p, k) => `<Цена><Представление>${money(p)} RUB за шт</Представление><ИдТипаЦены>${PRICE_TYPES[k]!.id}</ИдТипаЦены><ЦенаЗаЕдиницу>${money(p)}</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена>`)
      .join('');
    piece += `<Предложение><Ид>${goodId(i)}</Ид><Наименование>${esc(goodName(i))}</Наименование><Цены>${prices}</Цены>`
      + `<Количество>${(i % 9) + (i % 4)}</Количество><Склад ИдСклада="wh-msk-0001" КоличествоНаСкладе="${i % 9}"/>`
      + `<Склад ИдСклада="wh-spb-0002" КоличествоНаСкладе="${i % 4}"/></Предложение>\n`;
    if (piece.length > 256 * 1024) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}</Предложения></ПакетПредложений>\n</КоммерческаяИнформация>\n`;
}

/** The whole file as bytes (tests; the bench writes the pieces to disk). */
export function toBytes(pieces: Iterable<string>, encoding = 'UTF-8'): Buffer {
  const parts = [...pieces];
  return /^utf-?8$/i.test(encoding) ? Buffer.from(parts.join('')) : iconv.encode(parts.join(''), encoding);
}
