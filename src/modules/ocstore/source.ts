// The live ocStore database, read-only: one mysql2 connection in a READ ONLY session, the schema
// read from information_schema (SELECTs are built from the columns that exist), and every check
// that must fail before anything is written (reachable, prefix, language, required tables).
import mysql from 'mysql2/promise';
import { AppError } from '../../platform/errors.js';
import { validTimeZone } from './text.js';

export type Row = Record<string, unknown>;

export interface SourceOptions {
  /** mysql://user:pass@host:port/db */
  url: string;
  prefix?: string;
  /** language code, e.g. ru-ru (default: the shop's config_language) */
  language?: string;
  /** time zone of the naive DATETIMEs (default: config_timezone, else UTC) */
  timeZone?: string;
}

export interface ShopInfo {
  series: '3.x' | '2.x';
  prefix: string;
  database: string;
  languageId: number;
  languageCode: string;
  /** an English language other than the chosen one, for *_en names */
  englishId: number | null;
  languages: { id: number; code: string }[];
  settings: Map<string, string>;
  currency: string;
  customerGroupId: number;
  timeZone: string;
  blog: boolean;
  seoProPaths: boolean;
  addSlash: boolean;
}

/** Tables without which no shop can be imported. */
const REQUIRED = ['product', 'product_description', 'product_to_category', 'category', 'category_description', 'language', 'setting'];

const q = (name: string) => '`' + name.replace(/`/g, '``') + '`';

export class Source {
  private tables = new Set<string>();
  private columns = new Map<string, Set<string>>();
  private prefix = '';
  info!: ShopInfo;

  private constructor(
    private readonly conn: mysql.Connection,
    private readonly database: string,
  ) {}

  static async open(opts: SourceOptions): Promise<Source> {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new AppError('OCSTORE_SOURCE_UNREACHABLE', `--mysql must be a URL like mysql://user:pass@host:3306/shop, got "${opts.url}"`, 'mysql');
    }
    if (!['mysql:', 'mariadb:'].includes(url.protocol)) throw new AppError('OCSTORE_SOURCE_UNREACHABLE', '--mysql must start with mysql://', 'mysql');
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!database) throw new AppError('OCSTORE_SOURCE_UNREACHABLE', '--mysql must name the database: mysql://user:pass@host:3306/<db>', 'mysql');
    let conn: mysql.Connection;
    try {
      conn = await mysql.createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username || 'root'),
        password: decodeURIComponent(url.password),
        database,
        charset: 'utf8mb4',
        // zero dates would come back as 1899-11-30 otherwise (silent corruption)
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        connectTimeout: 10_000,
      });
      await conn.query('SET SESSION TRANSACTION READ ONLY');
    } catch (e) {
      throw new AppError('OCSTORE_SOURCE_UNREACHABLE', `cannot read the ocStore database at ${url.hostname}:${url.port || 3306}/${database}: ${(e as Error).message}`, 'mysql');
    }
    const src = new Source(conn, database);
    try {
      await src.inspect(opts);
    } catch (e) {
      await src.close();
      throw e;
    }
    return src;
  }

  private async inspect(opts: SourceOptions) {
    const [cols] = await this.conn.query<mysql.RowDataPacket[]>(
      'SELECT TABLE_NAME t, COLUMN_NAME c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?',
      [this.database],
    );
    const all = new Map<string, Set<string>>();
    for (const r of cols) {
      const t = String(r.t);
      if (!all.has(t)) all.set(t, new Set());
      all.get(t)!.add(String(r.c));
    }
    const prefix = opts.prefix ?? 'oc_';
    if (!all.has(`${prefix}product`)) {
      const found = [...all.keys()].filter((t) => t.endsWith('product_description')).map((t) => t.slice(0, -'product_description'.length));
      throw new AppError(
        'OCSTORE_SCHEMA_MISMATCH',
        `no table ${prefix}product in ${this.database}` + (found.length ? `; did you mean --prefix ${found.map((p) => p || "''").join(' or ')}?` : '; this does not look like an ocStore database'),
        'prefix',
      );
    }
    this.prefix = prefix;
    for (const [t, c] of all) if (t.startsWith(prefix)) {
      this.tables.add(t.slice(prefix.length));
      this.columns.set(t.slice(prefix.length), c);
    }
    const series = this.tables.has('seo_url') ? '3.x' : this.tables.has('url_alias') ? '2.x' : null;
    const missing = REQUIRED.filter((t) => !this.tables.has(t));
    if (!series) missing.push('seo_url (3.x) or url_alias (2.x)');
    if (missing.length) {
      throw new AppError('OCSTORE_SCHEMA_MISMATCH', `the ocStore database lacks table(s) ${missing.map((t) => prefix + t).join(', ')} (an older or foreign schema)`, 'prefix');
    }
    const settings = new Map<string, string>();
    for (const r of await this.all(`SELECT \`key\` k, value v FROM ${this.t('setting')} WHERE store_id = 0`)) settings.set(String(r.k), String(r.v ?? ''));
    const languages = (await this.all(`SELECT language_id id, code FROM ${this.t('language')} ORDER BY sort_order, language_id`)).map((r) => ({
      id: Number(r.id),
      code: String(r.code),
    }));
    const code = opts.language ?? settings.get('config_language') ?? languages[0]?.code;
    const lang = languages.find((l) => l.code.toLowerCase() === String(code).toLowerCase());
    if (!lang) {
      throw new AppError('OCSTORE_LANGUAGE_NOT_FOUND', `language "${code}" is not in ${prefix}language (has: ${languages.map((l) => l.code).join(', ') || 'none'})`, 'language');
    }
    const english = languages.find((l) => l.id !== lang.id && /^en/i.test(l.code));
    const tz = opts.timeZone ?? settings.get('config_timezone') ?? 'UTC';
    if (!validTimeZone(tz)) throw new AppError('OCSTORE_SCHEMA_MISMATCH', `unknown time zone "${tz}"`, 'timezone');
    const currency = (settings.get('config_currency') || 'RUB').toUpperCase();
    this.info = {
      series: series!,
      prefix,
      database: this.database,
      languageId: lang.id,
      languageCode: lang.code,
      englishId: english?.id ?? null,
      languages,
      settings,
      currency: /^[A-Z]{3}$/.test(currency) ? currency : 'RUB',
      customerGroupId: Number(settings.get('config_customer_group_id') || 1),
      timeZone: tz,
      blog: this.tables.has('article') && this.tables.has('article_description'),
      seoProPaths: settings.get('config_seo_pro') === '1' || settings.get('config_seo_url_include_path') === '1',
      addSlash: settings.get('config_seopro_addslash') === '1',
    };
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  hasColumn(table: string, column: string): boolean {
    return this.columns.get(table)?.has(column) ?? false;
  }

  /** Quoted, prefixed table name. */
  t(table: string): string {
    return q(this.prefix + table);
  }

  /** `alias.column` when the column exists, else `fallback AS column` (SELECTs built from the real schema). */
  col(table: string, alias: string, column: string, fallback = "''"): string {
    return this.hasColumn(table, column) ? `${alias}.${q(column)}` : `${fallback} AS ${q(column)}`;
  }

  async all(sql: string, params: unknown[] = []): Promise<Row[]> {
    const [rows] = await this.conn.query<mysql.RowDataPacket[]>(sql, params);
    return rows as Row[];
  }

  /** Rows of a possibly large result one by one (mysql2 streams it; memory stays flat). */
  async *stream(sql: string, params: unknown[] = []): AsyncGenerator<Row> {
    const raw = (this.conn as unknown as { connection: import('mysql2').Connection }).connection;
    const stream = raw.query(sql, params).stream({ highWaterMark: 1000 });
    for await (const row of stream) yield row as Row;
  }

  async count(table: string): Promise<number> {
    if (!this.has(table)) return 0;
    const r = await this.all(`SELECT COUNT(*) n FROM ${this.t(table)}`);
    return Number(r[0]?.n ?? 0);
  }

  /**
   * Keyset pages of `select` (which must end in a WHERE … > ? condition on `key`, with ORDER BY key
   * LIMIT ?): the next page is read while the caller writes the current one, and only one page is in memory.
   */
  async *pages(select: (after: number, limit: number) => [string, unknown[]], key: string, size: number): AsyncGenerator<Row[]> {
    let after = -1;
    const read = (a: number) => {
      const [sql, params] = select(a, size);
      return this.all(sql, params);
    };
    let next: Promise<Row[]> | null = read(after);
    while (next) {
      const page: Row[] = await next;
      if (!page.length) return;
      after = Number(page[page.length - 1]![key]);
      next = page.length < size ? null : read(after);
      next?.catch(() => {}); // surfaced when awaited
      yield page;
    }
  }

  async close() {
    await this.conn.end().catch(() => {});
  }
}
