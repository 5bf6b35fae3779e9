// Demo content written next to the demo catalog: the pages every shop has and a few blog posts.
// Idempotent: existing slugs are left alone, so a second run (or an edited page) is never overwritten.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { slugify } from '../../platform/text/slug.js';
import * as repo from './repository.js';

const PAGES = [
  {
    slug: 'o-kompanii', title: 'О компании', position: 0,
    meta_description: 'Витрина — интернет-магазин электроники, бытовой техники и товаров для дома с доставкой по всей России.',
    body_html: '<p>«Витрина» работает с 2012 года. Мы продаём только оригинальные товары от официальных поставщиков и производителей.</p><p>Наши склады находятся в Москве и Санкт-Петербурге, поэтому большинство заказов мы доставляем на следующий день.</p>',
  },
  {
    slug: 'dostavka-i-oplata', title: 'Доставка и оплата', position: 1,
    meta_description: 'Курьерская доставка и самовывоз. Оплата наличными или картой при получении.',
    body_html: '<h2>Доставка</h2><ul><li>Курьером — от 1 дня, бесплатно при заказе от 5 000 ₽.</li><li>Самовывоз из пунктов выдачи — бесплатно.</li></ul><h2>Оплата</h2><p>Наличными или банковской картой при получении заказа.</p>',
  },
  {
    slug: 'vozvrat', title: 'Возврат и обмен', position: 2,
    meta_description: 'Вернуть или обменять товар надлежащего качества можно в течение 14 дней.',
    body_html: '<p>Товар надлежащего качества можно вернуть в течение 14 дней, если сохранены его товарный вид и упаковка.</p><p>Для возврата свяжитесь с нами по телефону 8 800 000-00-00.</p>',
  },
  {
    slug: 'kontakty', title: 'Контакты', position: 3,
    meta_description: 'Телефон, адрес и часы работы интернет-магазина «Витрина».',
    body_html: '<p>Телефон: 8 800 000-00-00 (бесплатно по России)</p><p>E-mail: shop@vitrina.example</p><p>Адрес: Москва, ул. Примерная, д. 1</p>',
  },
];

const CATEGORIES = [
  { slug: 'obzory', name: 'Обзоры' },
  { slug: 'sovety', name: 'Советы покупателям' },
];

const POSTS = [
  {
    slug: 'kak-vybrat-smartfon', title: 'Как выбрать смартфон в 2026 году', category: 'sovety', days: 2,
    excerpt: 'Память, камера, аккумулятор: на что смотреть в первую очередь.',
    body_html: '<p>Начните с объёма встроенной памяти: 128 ГБ сегодня — разумный минимум.</p><p>Затем сравните ёмкость аккумулятора и наличие NFC для оплаты телефоном.</p>',
    tags: ['Смартфоны', 'Советы'],
  },
  {
    slug: 'obzor-noutbukov-dlya-ucheby', title: 'Обзор ноутбуков для учёбы', category: 'obzory', days: 5,
    excerpt: 'Лёгкие, тихие и с хорошей батареей — пять моделей до 60 000 ₽.',
    body_html: '<p>Для учёбы важнее всего вес и время работы от батареи.</p><p>Мы сравнили пять моделей и выбрали лучшие.</p>',
    tags: ['Ноутбуки', 'Обзоры'],
  },
  {
    slug: 'uhod-za-bytovoy-tehnikoy', title: 'Уход за бытовой техникой', category: 'sovety', days: 9,
    excerpt: 'Простые правила, которые продлят жизнь стиральной машине и холодильнику.',
    body_html: '<p>Раз в месяц запускайте пустую стирку при 90 °C, а уплотнитель холодильника протирайте мыльным раствором.</p>',
    tags: ['Советы', 'Бытовая техника'],
  },
];

/** Writes the demo pages, blog categories and posts that are not there yet; returns how many were added. */
export async function seedDemoContent(db: Kysely<DB>): Promise<number> {
  let added = 0;
  await db.transaction().execute(async (tx) => {
    for (const p of PAGES) {
      if (await repo.findPage(tx, p.slug)) continue;
      await repo.insertPage(tx, { ...p, meta_title: null, status: 'published' });
      added++;
    }
    const categoryIds = new Map<string, number>();
    for (const c of CATEGORIES) {
      const found = await repo.findBlogCategory(tx, c.slug);
      categoryIds.set(c.slug, found ? found.id : await repo.insertBlogCategory(tx, { ...c, parent_id: null }));
    }
    for (const p of POSTS) {
      if (await repo.findPost(tx, p.slug)) continue;
      const id = await repo.insertPost(tx, {
        category_id: categoryIds.get(p.category) ?? null, slug: p.slug, title: p.title, excerpt: p.excerpt,
        body_html: p.body_html, cover_image: null, meta_title: null, meta_description: p.excerpt, status: 'published',
        published_at: new Date(Date.now() - p.days * 86_400_000),
      });
      await repo.setPostTags(tx, id, p.tags.map((name) => ({ name, slug: slugify(name, 100) })));
      added++;
    }
  });
  return added;
}
