// Environment → one typed config, parsed once. Every bad variable is reported together,
// so an operator fixes a deployment in one pass instead of one crash per variable.
import path from 'node:path';

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number; searchPoolSize: number };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  varDir: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  adminToken: string | null;
  demo: { onStart: boolean; categories: number; products: number; seed: number };
  cache: { maxEntries: number; ttlSeconds: number };
  kafkaBrokers: string[] | null;
  kafkaTopicPrefix: string;
  opensearchUrl: string | null;
  /** which SearchEngine serves /api/search: postgres (default) or opensearch (needs OPENSEARCH_URL) */
  searchEngine: 'postgres' | 'opensearch';
  /** absolute base URL of the storefront, for links in e-mails (password reset) */
  publicUrl: string;
  /** smtp(s)://user:pass@host:port; null = e-mails are written as .eml files under var/mail */
  smtpUrl: string | null;
  mailFrom: string;
  /** HTTP SMS gateway; null = SMS are appended to var/mail/sms.log */
  smsGateway: { url: string; token: string | null } | null;
  /** CommerceML 2 exchange with 1C ("обмен с сайтом"); null = endpoint disabled */
  onecExchange: OnecExchangeConfig | null;
  storefront: {
    /** threads that read and render anonymous product pages beside the main thread (server PostgreSQL only) */
    pageThreads: number;
    /** bytes of rendered pages the in-process page cache keeps, in MB (LRU beyond) */
    pageCacheMb: number;
  };
}

export interface OnecExchangeConfig {
  user: string;
  password: string;
  path: string;
  /** ТипЦены name or Ид used as the retail price; null = the first price type of the file */
  priceType: string | null;
  fileLimit: number;
  zip: boolean;
  /** how long mode=import waits for its job before answering progress */
  importWaitMs: number;
}

/** Every variable the platform reads, with its meaning; README's table is checked against this list. */
export const ENV_VARS = {
  NODE_ENV: 'development | production | test (default development)',
  HOST: 'interface to listen on (default 127.0.0.1)',
  PORT: 'HTTP port (default 3000)',
  LOG_LEVEL: 'pino level: fatal, error, warn, info, debug, trace, silent (default info)',
  VITRINA_VAR_DIR: 'directory for the embedded database, media and lock files (default ./var)',
  DATABASE_URL: 'postgres://… switches from embedded PGlite to server PostgreSQL',
  DATABASE_POOL_SIZE: 'connections in the PostgreSQL pool (default 10)',
  SEARCH_POOL_SIZE: 'connections of the PostgreSQL search engine\'s own pool, about the database server\'s cores (default 3)',
  REDIS_URL: 'redis://… switches the cache from in-process LRU to Redis',
  VITRINA_ADMIN_TOKEN: 'admin bearer token to ensure at start (otherwise one is generated on first start and printed once)',
  VITRINA_DEMO: 'generate demo data on first start when the catalog is empty: true | false (default true)',
  VITRINA_DEMO_CATEGORIES: 'categories in the demo catalog (default 1200)',
  VITRINA_DEMO_PRODUCTS: 'products in the demo catalog (default 20000)',
  VITRINA_DEMO_SEED: 'random seed of the demo catalog (default 42)',
  VITRINA_CACHE_MAX_ENTRIES: 'in-process LRU size (default 20000)',
  VITRINA_CACHE_TTL_SECONDS: 'cache entry lifetime (default 300)',
  STOREFRONT_PAGE_CACHE_MB: 'MB of rendered anonymous pages each app process keeps in memory (LRU; a product card is ~12 KB, so 192 MB holds ~16,000; default 192)',
  STOREFRONT_PAGE_THREADS: 'worker threads that read and render anonymous product pages missing from the page cache, beside the main thread; needs DATABASE_URL (default 1 with DATABASE_URL, 0 with the embedded database)',
  KAFKA_BROKERS: 'comma-separated host:port list; switches on the 1C Kafka consumers and the outbox → Kafka relay',
  KAFKA_TOPIC_PREFIX: 'prepended to every Kafka topic name, e.g. "prod." (default empty)',
  OPENSEARCH_URL: 'http://…; the OpenSearch (or Elasticsearch 7.10+/8) node the opensearch search engine talks to (SEARCH_ENGINE=opensearch; `vitrina search reindex` and bench:search use it too)',
  SEARCH_ENGINE: 'search engine: postgres (default) | opensearch (needs OPENSEARCH_URL)',
  VITRINA_PUBLIC_URL: 'absolute base URL of the storefront used in e-mail links (default http://localhost:PORT)',
  SMTP_URL: 'smtp://user:pass@host:port (or smtps://) sends e-mail through SMTP; unset = .eml files under var/mail',
  MAIL_FROM: 'sender of buyer e-mails (default "Vitrina <no-reply@localhost>")',
  SMS_GATEWAY_URL: 'http(s) URL of the SMS gateway (POST {to, text}); unset = SMS appended to var/mail/sms.log',
  SMS_GATEWAY_TOKEN: 'bearer token sent to the SMS gateway',
  ONEC_EXCHANGE_USER: 'login 1C uses for the CommerceML exchange; with ONEC_EXCHANGE_PASSWORD enables the endpoint',
  ONEC_EXCHANGE_PASSWORD: 'password of the CommerceML exchange (Basic auth at mode=checkauth)',
  ONEC_EXCHANGE_PATH: 'URL path of the CommerceML exchange (default /1c_exchange)',
  ONEC_EXCHANGE_PRICE_TYPE: 'ТипЦены name or Ид used as the retail price (default: the first price type)',
  ONEC_EXCHANGE_FILE_LIMIT: 'largest upload chunk in bytes announced to 1C at mode=init (default 8388608)',
  ONEC_EXCHANGE_ZIP: 'ask 1C to send zip archives: true | false (default false)',
  ONEC_EXCHANGE_IMPORT_WAIT_MS: 'how long mode=import waits for its background job before answering progress (default 2000)',
} as const;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name}=${JSON.stringify(raw)}: must be true or false`);
    return fallback;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (!raw) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name}: protocol must be one of ${protocols.join(', ')}`);
        return null;
      }
      return raw;
    } catch {
      problems.push(`${name}: not a valid URL`);
      return null;
    }
  };

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV=${JSON.stringify(nodeEnv)}: must be development, production or test`);
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL=${JSON.stringify(logLevel)}: unknown level`);
  }
  const varDir = path.resolve(env.VITRINA_VAR_DIR || 'var');
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const adminToken = env.VITRINA_ADMIN_TOKEN || null;
  if (adminToken !== null && adminToken.length < 16) {
    problems.push('VITRINA_ADMIN_TOKEN: must be at least 16 characters');
  }
  const kafka = env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((s) => s.trim()).filter(Boolean) : null;
  if (kafka) {
    for (const b of kafka) if (!/^[^:\s]+:\d+$/.test(b)) problems.push(`KAFKA_BROKERS: "${b}" is not host:port`);
  }
  if (env.KAFKA_TOPIC_PREFIX && !/^[A-Za-z0-9._-]{1,100}$/.test(env.KAFKA_TOPIC_PREFIX)) {
    problems.push('KAFKA_TOPIC_PREFIX: only letters, digits, ".", "_" and "-"');
  }

  const searchEngine = env.SEARCH_ENGINE || 'postgres';
  if (searchEngine !== 'postgres' && searchEngine !== 'opensearch') {
    problems.push(`SEARCH_ENGINE=${JSON.stringify(searchEngine)}: must be postgres or opensearch`);
  } else if (searchEngine === 'opensearch' && !env.OPENSEARCH_URL) {
    problems.push('SEARCH_ENGINE=opensearch needs OPENSEARCH_URL');
  }

  const onecExchange = (): OnecExchangeConfig | null => {
    const user = env.ONEC_EXCHANGE_USER || '';
    const password = env.ONEC_EXCHANGE_PASSWORD || '';
    if (!user && !password) return null;
    if (!user || !password) problems.push('ONEC_EXCHANGE_USER and ONEC_EXCHANGE_PASSWORD must be set together');
    const p = env.ONEC_EXCHANGE_PATH || '/1c_exchange';
    if (!/^\/[A-Za-z0-9_\-./]*$/.test(p)) problems.push(`ONEC_EXCHANGE_PATH=${JSON.stringify(p)}: must be a URL path starting with /`);
    return {
      user,
      password,
      path: p,
      priceType: env.ONEC_EXCHANGE_PRICE_TYPE || null,
      fileLimit: int('ONEC_EXCHANGE_FILE_LIMIT', 8 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
      zip: bool('ONEC_EXCHANGE_ZIP', false),
      importWaitMs: int('ONEC_EXCHANGE_IMPORT_WAIT_MS', 2000, 0, 60_000),
    };
  };

  // PGlite lives in the main thread's memory: a page thread cannot open it
  const pageThreads = int('STOREFRONT_PAGE_THREADS', databaseUrl ? 1 : 0, 0, 16);
  if (pageThreads > 0 && !databaseUrl) problems.push('STOREFRONT_PAGE_THREADS needs DATABASE_URL: the embedded database can be opened by one thread only');

  const config: Config = {
    env: nodeEnv as Config['env'],
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    logLevel,
    varDir,
    database: databaseUrl
      ? { kind: 'postgres', url: databaseUrl, poolSize: int('DATABASE_POOL_SIZE', 10, 1, 500), searchPoolSize: int('SEARCH_POOL_SIZE', 3, 1, 500) }
      : { kind: 'pglite', dataDir: path.join(varDir, 'pglite') },
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    adminToken,
    demo: {
      onStart: bool('VITRINA_DEMO', true),
      categories: int('VITRINA_DEMO_CATEGORIES', 1200, 10, 100_000),
      products: int('VITRINA_DEMO_PRODUCTS', 20_000, 0, 10_000_000),
      seed: int('VITRINA_DEMO_SEED', 42, 0, 2 ** 31 - 1),
    },
    cache: {
      maxEntries: int('VITRINA_CACHE_MAX_ENTRIES', 20_000, 10, 10_000_000),
      ttlSeconds: int('VITRINA_CACHE_TTL_SECONDS', 300, 1, 86_400),
    },
    kafkaBrokers: kafka,
    kafkaTopicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    opensearchUrl: url('OPENSEARCH_URL', ['http:', 'https:']),
    searchEngine: searchEngine as Config['searchEngine'],
    publicUrl: url('VITRINA_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${env.PORT || 3000}`,
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'Vitrina <no-reply@localhost>',
    smsGateway: ((u) => (u ? { url: u, token: env.SMS_GATEWAY_TOKEN || null } : null))(url('SMS_GATEWAY_URL', ['http:', 'https:'])),
    onecExchange: onecExchange(),
    storefront: { pageThreads, pageCacheMb: int('STOREFRONT_PAGE_CACHE_MB', 192, 1, 1024 * 1024) },
    ...overrides,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
