// Environment → one typed config, parsed once. Every bad variable is reported together,
// so an operator fixes a deployment in one pass instead of one crash per variable.
import path from 'node:path';

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number };

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
  opensearchUrl: string | null;
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
  REDIS_URL: 'redis://… switches the cache from in-process LRU to Redis',
  VITRINA_ADMIN_TOKEN: 'admin bearer token to ensure at start (otherwise one is generated on first start and printed once)',
  VITRINA_DEMO: 'generate demo data on first start when the catalog is empty: true | false (default true)',
  VITRINA_DEMO_CATEGORIES: 'categories in the demo catalog (default 1200)',
  VITRINA_DEMO_PRODUCTS: 'products in the demo catalog (default 20000)',
  VITRINA_DEMO_SEED: 'random seed of the demo catalog (default 42)',
  VITRINA_CACHE_MAX_ENTRIES: 'in-process LRU size (default 20000)',
  VITRINA_CACHE_TTL_SECONDS: 'cache entry lifetime (default 300)',
  KAFKA_BROKERS: 'comma-separated host:port list; reserved for the Kafka integration (not used by the catalog yet)',
  OPENSEARCH_URL: 'http://…; reserved for the OpenSearch search engine (not used by the catalog yet)',
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

  const config: Config = {
    env: nodeEnv as Config['env'],
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    logLevel,
    varDir,
    database: databaseUrl
      ? { kind: 'postgres', url: databaseUrl, poolSize: int('DATABASE_POOL_SIZE', 10, 1, 500) }
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
    opensearchUrl: url('OPENSEARCH_URL', ['http:', 'https:']),
    ...overrides,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
