import pino, { type Logger } from 'pino';

// Secrets never reach the logs: auth headers and anything named like a token or password are redacted.
export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.adminToken',
  'config.adminToken',
  'config.database.url',
  'config.redisUrl',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}
