// Test and bench helpers: a MariaDB database of its own per suite, loaded from the real ocStore
// installer SQL, plus the customers, orders and reviews the demo data lacks (and some broken rows).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { ocstoreSha1 } from './text.js';

export const MYSQL_HOST = process.env.TEST_MYSQL_HOST || '127.0.0.1';
export const MYSQL_PORT = Number(process.env.TEST_MYSQL_PORT || 3306);
export const MYSQL_USER = process.env.TEST_MYSQL_USER || 'root';
export const MYSQL_PASSWORD = process.env.TEST_MYSQL_PASSWORD || '';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURES = path.resolve(root, '../shared/fixtures/ocstore');
export const INSTALLER = { '3.0': path.join(FIXTURES, 'opencart.sql'), '2.3': path.join(FIXTURES, '2.3/opencart.sql') } as const;

export const mysqlUrl = (db: string) =>
  `mysql://${encodeURIComponent(MYSQL_USER)}:${encodeURIComponent(MYSQL_PASSWORD)}@${MYSQL_HOST}:${MYSQL_PORT}/${db}`;

export async function adminConnection(db?: string): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: MYSQL_HOST, port: MYSQL_PORT, user: MYSQL_USER, password: MYSQL_PASSWORD, charset: 'utf8mb4', multipleStatements: true,
    ...(db ? { database: db } : {}),
  });
}

/** Creates `vitrina_<tag>_<random>` (utf8, like the installer expects). */
export async function createMysqlDatabase(tag: string): Promise<string> {
  const name = `vitrina_${tag}_${randomBytes(4).toString('hex')}`;
  const c = await adminConnection();
  await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8 COLLATE utf8_general_ci`);
  await c.end();
  return name;
}

export async function dropMysqlDatabase(name: string): Promise<void> {
  const c = await adminConnection();
  await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await c.end();
}

/** Loads an installer SQL file with the mysql client, the way the ocStore installer's own dump is loaded. */
export function loadSqlFile(db: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [`-h${MYSQL_HOST}`, `-P${MYSQL_PORT}`, `-u${MYSQL_USER}`, '--default-character-set=utf8', db];
    const child = spawn('mysql', args, { env: { ...process.env, MYSQL_PWD: MYSQL_PASSWORD }, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mysql exited ${code}: ${err}`))));
    child.stdin.on('error', reject);
    createReadStream(file).on('error', reject).pipe(child.stdin);
  });
}

export const KNOWN = {
  salt: 'aB3dE5gH9',
  password: 'ocstore-pass-1',
  md5Password: 'old-md5-pass',
};

/** Customers, addresses, orders, reviews, and broken rows (orphans, zero dates, status 0) for the tests. */
export function extrasSql(): string {
  const sha = ocstoreSha1(KNOWN.salt, KNOWN.password);
  return `
SET sql_mode = '';
INSERT INTO oc_customer (customer_id, customer_group_id, store_id, language_id, firstname, lastname, email, telephone, password, salt, newsletter, address_id, status, date_added) VALUES
 (1, 1, 0, 1, 'Иван', 'Петров', 'Ivan.Petrov@example.ru', '+79990000001', '${sha}', '${KNOWN.salt}', 1, 1, 1, '2020-03-01 10:00:00'),
 (2, 1, 0, 1, 'Olga', 'Md5', 'olga@example.ru', '+79990000002', MD5('${KNOWN.md5Password}'), '', 0, 0, 1, '0000-00-00 00:00:00'),
 (3, 1, 0, 1, 'Дубль', 'Почты', 'IVAN.PETROV@example.ru', '', '${sha}', '${KNOWN.salt}', 0, 0, 1, '2021-01-01 00:00:00'),
 (4, 1, 0, 1, 'Bcrypt', 'User', 'bcrypt@example.ru', '', '$2y$10$abcdefghijklmnopqrstuuM8sAvyYl6ZQ0cJ8v4m0E1JQ4Ew1L5eW', '', 0, 0, 1, '2021-01-01 00:00:00');
INSERT INTO oc_address (address_id, customer_id, firstname, lastname, company, address_1, address_2, city, postcode, country_id, zone_id, custom_field) VALUES
 (1, 1, 'Иван', 'Петров', '', 'ул. Тверская, 1', 'кв. 5', 'Москва', '125009', 176, 2761, ''),
 (2, 1, 'Иван', 'Петров', '', 'Невский пр., 10', '', 'Санкт-Петербург', '191186', 176, 0, ''),
 (3, 99, 'Нет', 'Клиента', '', 'ул. Ленина, 2', '', 'Казань', '420000', 176, 0, '');
INSERT INTO oc_order (order_id, invoice_prefix, store_id, store_name, store_url, customer_id, customer_group_id, firstname, lastname, email, telephone,
  payment_firstname, payment_lastname, payment_city, payment_address_1, payment_method, payment_code,
  shipping_firstname, shipping_lastname, shipping_city, shipping_address_1, shipping_postcode, shipping_method, shipping_code,
  comment, total, order_status_id, language_id, currency_id, currency_code, currency_value, date_added, date_modified) VALUES
 (1, 'INV-', 0, 'Shop', 'http://shop/', 1, 1, 'Иван', 'Петров', 'ivan.petrov@example.ru', '+79990000001',
  'Иван', 'Петров', 'Москва', 'ул. Тверская, 1', 'Оплата при доставке', 'cod',
  'Иван', 'Петров', 'Москва', 'ул. Тверская, 1', '125009', 'Курьер', 'flat.flat', 'Позвоните заранее', 215.0000, 5, 1, 1, 'RUB', 1, '2021-05-01 12:00:00', '2021-05-03 12:00:00'),
 (2, 'INV-', 0, 'Shop', 'http://shop/', 0, 1, 'Гость', '', 'guest@example.ru', '', '', '', '', '', 'Безнал', 'bank', '', '', '', '', '', '', '', '', 100.0000, 0, 1, 1, 'RUB', 1, '2021-06-01 12:00:00', '2021-06-01 12:00:00'),
 (3, 'INV-', 0, 'Shop', 'http://shop/', 555, 1, 'Пропавший', 'Клиент', 'lost@example.ru', '', '', '', '', '', 'Безнал', 'bank', '', '', '', '', '', '', '', '', 80.0000, 7, 1, 1, 'RUB', 1, '0000-00-00 00:00:00', '2021-07-02 09:00:00');
INSERT INTO oc_order_product (order_product_id, order_id, product_id, name, model, quantity, price, total, tax, reward) VALUES
 (1, 1, 42, 'Apple Cinema 30&quot;', 'Product 15', 2, 100.0000, 200.0000, 0, 0),
 (2, 2, 30, 'Canon EOS 5D', 'Product 3', 1, 100.0000, 100.0000, 0, 0),
 (3, 3, 9999, 'Удалённый товар', 'GONE-1', 1, 80.0000, 80.0000, 0, 0);
INSERT INTO oc_order_total (order_id, code, title, value, sort_order) VALUES
 (1, 'sub_total', 'Сумма', 200.0000, 1), (1, 'shipping', 'Доставка', 25.0000, 3), (1, 'coupon', 'Купон', -10.0000, 4), (1, 'total', 'Итого', 215.0000, 9),
 (3, 'sub_total', 'Сумма', 80.0000, 1), (3, 'total', 'Итого', 80.0000, 9);
INSERT INTO oc_order_history (order_id, order_status_id, notify, comment, date_added) VALUES
 (1, 1, 0, '', '2021-05-01 12:00:00'), (1, 2, 1, 'Заказ принят', '2021-05-02 12:00:00'), (1, 5, 1, '', '2021-05-03 12:00:00'),
 (3, 7, 0, 'Отменён клиентом', '2021-07-02 09:00:00');
INSERT INTO oc_review (review_id, product_id, customer_id, author, text, rating, status, date_added, date_modified) VALUES
 (1, 42, 1, 'Иван', 'Отличный монитор &quot;30&quot;', 5, 1, '2021-05-10 10:00:00', '2021-05-10 10:00:00'),
 (2, 9999, 0, 'Гость', 'Товара уже нет', 4, 1, '2021-05-10 10:00:00', '2021-05-10 10:00:00'),
 (3, 30, 0, 'Странный', 'Оценка 9', 9, 0, '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
 (4, 30, 0, 'Аня', 'На модерации', 3, 0, '0000-00-00 00:00:00', '0000-00-00 00:00:00');
INSERT INTO oc_category (category_id, parent_id, sort_order, status, date_added, date_modified) VALUES (900, 899, 0, 1, NOW(), NOW());
INSERT INTO oc_category_description (category_id, language_id, name, description, meta_title, meta_description, meta_keyword) VALUES (900, 1, 'Сирота', '', '', '', '');
INSERT INTO oc_product_to_category (product_id, category_id) VALUES (30, 777);
`;
}

/** A fresh MariaDB database holding the installer data of `series` plus extrasSql(). */
export async function loadShop(series: '3.0' | '2.3'): Promise<string> {
  const db = await createMysqlDatabase(series === '3.0' ? 'oc30' : 'oc23');
  await loadSqlFile(db, INSTALLER[series]);
  const c = await adminConnection(db);
  await c.query(extrasSql());
  await c.end();
  return db;
}

export async function mysqlUnavailable(): Promise<string | null> {
  try {
    const c = await adminConnection();
    await c.query('SELECT 1');
    await c.end();
    return null;
  } catch (e) {
    return `MariaDB/MySQL at ${MYSQL_HOST}:${MYSQL_PORT} (TEST_MYSQL_HOST) is not reachable: ${(e as Error).message}`;
  }
}
