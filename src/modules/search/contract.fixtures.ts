// A small hand-written catalog for the engine contract suite: enough Russian and English text,
// brands, categories and typed attributes to pin down morphology, typos, facets and sorting.
import type { SearchDocument } from './engine.js';

// categories: 1 Электроника > 2 Смартфоны, 3 Ноутбуки, 4 Наушники; 10 Бытовая техника > 11 Чайники;
// 20 Обувь > 21 Кроссовки
const CATEGORIES: Record<number, { name: string; slug: string }> = {
  1: { name: 'Электроника', slug: 'elektronika' },
  2: { name: 'Смартфоны', slug: 'smartfony' },
  3: { name: 'Ноутбуки', slug: 'noutbuki' },
  4: { name: 'Наушники', slug: 'naushniki' },
  10: { name: 'Бытовая техника', slug: 'bytovaya-tehnika' },
  11: { name: 'Чайники', slug: 'chayniki' },
  20: { name: 'Обувь', slug: 'obuv' },
  21: { name: 'Кроссовки', slug: 'krossovki' },
};
const PARENT: Record<number, number> = { 2: 1, 3: 1, 4: 1, 11: 10, 21: 20 };

const BRANDS: Record<string, string> = {
  Samsung: 'samsung', Apple: 'apple', Xiaomi: 'xiaomi', Lenovo: 'lenovo', Sony: 'sony', Bosch: 'bosch',
  Tefal: 'tefal', Nike: 'nike', Adidas: 'adidas',
};

const COLORS: Record<string, string> = { black: 'черный', blue: 'синий', white: 'белый', red: 'красный' };

let seq = 0;
function doc(
  category: number,
  brand: string,
  name: string,
  attributes: SearchDocument['attributes'],
  extra: Partial<SearchDocument> = {},
): SearchDocument {
  const id = ++seq;
  const ids = [PARENT[category]!, category];
  const trail = ids.map((c) => ({ id: c, ...CATEGORIES[c]! }));
  const text = Object.entries(attributes)
    .map(([code, v]) => (code === 'color' ? COLORS[String(v)] : code === 'features' && Array.isArray(v) ? v.join(' ') : ''))
    .filter(Boolean)
    .join(' ');
  return {
    product_id: id,
    sku: `FX-${String(id).padStart(3, '0')}`,
    slug: `fx-${id}`,
    name,
    description: `${name} — надежный выбор для повседневного использования. Официальная гарантия производителя.`,
    brand,
    brand_slug: BRANDS[brand]!,
    category_ids: ids,
    primary_category_id: category,
    category_path: trail.map((c) => c.name).join(' / '),
    category_trail: trail,
    attributes,
    attribute_text: text,
    price: 100_000 * id,
    currency: 'RUB',
    in_stock: id % 3 !== 0,
    popularity: (id * 7) % 11,
    created_at: new Date(Date.UTC(2025, 0, 1) + id * 86_400_000).toISOString(),
    ...extra,
  };
}

export const FIXTURE_DOCS: SearchDocument[] = [
  doc(2, 'Samsung', 'Смартфон Samsung Galaxy S24 8/256 ГБ синий', { color: 'blue', storage: 256, nfc: true }), // 1
  doc(2, 'Samsung', 'Смартфон Samsung Galaxy A55 8/128 ГБ черный', { color: 'black', storage: 128, nfc: true }), // 2
  doc(2, 'Apple', 'Смартфон Apple iPhone 15 256 ГБ синий', { color: 'blue', storage: 256, nfc: true }), // 3
  doc(2, 'Apple', 'Смартфон Apple iPhone 15 Pro 512 ГБ белый', { color: 'white', storage: 512, nfc: true }), // 4
  doc(2, 'Xiaomi', 'Смартфон Xiaomi Redmi Note 13 6/128 ГБ черный', { color: 'black', storage: 128, nfc: false }), // 5
  doc(2, 'Xiaomi', 'Смартфон Xiaomi Redmi 13C 4/64 ГБ синий', { color: 'blue', storage: 64, nfc: false }), // 6
  doc(3, 'Lenovo', 'Ноутбук Lenovo IdeaPad 5 16 ГБ/512 ГБ серый', { ram: 16, storage: 512 }), // 7
  doc(3, 'Apple', 'Ноутбук Apple MacBook Air 13 M3 8/256 ГБ', { ram: 8, storage: 256 }), // 8
  doc(3, 'Samsung', 'Ноутбук Samsung Galaxy Book4 16/512 ГБ', { ram: 16, storage: 512 }), // 9
  doc(4, 'Sony', 'Наушники Sony WH-1000XM5 беспроводные черные', { color: 'black', features: ['ANC', 'Bluetooth'] }), // 10
  doc(4, 'Apple', 'Wireless Headphone Apple AirPods Max', { color: 'white', features: ['ANC'] }), // 11
  doc(4, 'Xiaomi', 'Наушники Xiaomi Buds 5 белые', { color: 'white', features: ['Bluetooth'] }), // 12
  doc(11, 'Bosch', 'Чайник электрический Bosch TWK 3A011 красный', { color: 'red', volume: 1.7 }), // 13
  doc(11, 'Tefal', 'Чайник Tefal Element KI2808 белый', { color: 'white', volume: 1.5 }), // 14
  doc(11, 'Xiaomi', 'Чайник Xiaomi Mi Electric Kettle черный', { color: 'black', volume: 1.5 }), // 15
  doc(21, 'Nike', 'Кроссовки Nike Air Zoom Pegasus беговые мужские', { color: 'black' }), // 16
  doc(21, 'Adidas', 'Кроссовки Adidas Ultraboost Light женские белые', { color: 'white' }), // 17
  doc(21, 'Nike', 'Кроссовки Nike Revolution 7 синие', { color: 'blue' }), // 18
];

export const FIXTURE_VOCABULARY = {
  synonyms: [
    ['смартфон', 'телефон', 'мобильник'],
    ['samsung', 'самсунг'],
    ['xiaomi', 'сяоми', 'ксиоми'],
  ],
  stopWords: ['купить', 'недорого'],
};

export const skus = (ids: number[]) => ids.map((id) => FIXTURE_DOCS[id - 1]!.sku);
