// An app with the exchange switched on, on a suite database and a temporary VITRINA_VAR_DIR, plus a
// small 1C client that speaks the protocol over inject() the way 1C does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import iconv from 'iconv-lite';
import { loadConfig } from '../../config.js';
import { buildApp } from '../../app.js';
import { memoryCache } from '../../platform/cache/memory.js';
import { EventBus } from '../../platform/events/relay.js';
import { createLogger } from '../../platform/logging.js';
import { createMetrics } from '../../platform/metrics.js';
import type { PlatformDeps } from '../../platform/context.js';
import type { Services } from '../../services.js';
import { createTestDatabase, type DbKind, type TestDatabase } from '../../../test/db.js';

export const USER = 'onec';
export const PASSWORD = 's3cret-пароль';

export interface ExchangeApp {
  app: FastifyInstance;
  services: Services;
  deps: PlatformDeps;
  testDb: TestDatabase;
  varDir: string;
  close(): Promise<void>;
}

export async function createExchangeApp(kind: DbKind, env: Record<string, string> = {}): Promise<ExchangeApp> {
  const testDb = await createTestDatabase(kind);
  const varDir = mkdtempSync(path.join(tmpdir(), 'vitrina-cml-'));
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', VITRINA_VAR_DIR: varDir,
    ONEC_EXCHANGE_USER: USER, ONEC_EXCHANGE_PASSWORD: PASSWORD, ...env,
  });
  const log = createLogger(config.logLevel);
  const deps: PlatformDeps = { config, db: testDb.db, cache: memoryCache(1000, 60), log, bus: new EventBus(testDb.db, log), metrics: createMetrics() };
  const { app, services } = await buildApp(deps);
  await app.ready();
  return {
    app, services, deps, testDb, varDir,
    async close() {
      await app.close();
      await testDb.drop();
      rmSync(varDir, { recursive: true, force: true });
    },
  };
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
export const textOf = (r: LightMyRequestResponse) => iconv.decode(r.rawPayload, 'win1251');

/** Plays 1C: checkauth, then every call with the session cookie. */
export class OneC {
  cookie = '';
  constructor(readonly app: FastifyInstance, readonly type: 'catalog' | 'sale', readonly url = '/1c_exchange') {}

  call(mode: string, extra: Record<string, string> = {}, body?: Buffer, method: 'GET' | 'POST' = body ? 'POST' : 'GET') {
    const qs = new URLSearchParams({ type: this.type, mode, ...extra }).toString();
    return this.app.inject({
      method, url: `${this.url}?${qs}`,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(body ? { 'content-type': 'application/octet-stream' } : {}) },
      ...(body ? { payload: body } : {}),
    });
  }

  async checkauth(user = USER, password = PASSWORD) {
    const r = await this.app.inject({ method: 'GET', url: `${this.url}?type=${this.type}&mode=checkauth`, headers: { authorization: basic(user, password) } });
    const lines = textOf(r).split('\n');
    if (lines[0] === 'success') this.cookie = `${lines[1]}=${lines[2]}`;
    return { r, lines };
  }

  async init(extra: Record<string, string> = {}) {
    return textOf(await this.call('init', extra));
  }

  /** mode=file in chunks of `chunk` bytes, as 1C cuts files larger than file_limit. */
  async upload(filename: string, bytes: Buffer, chunk = bytes.length || 1) {
    const answers: string[] = [];
    for (let i = 0; i < Math.max(bytes.length, 1); i += chunk) {
      answers.push(textOf(await this.call('file', { filename }, bytes.subarray(i, i + chunk))));
    }
    return answers;
  }

  /** mode=import repeated while the answer is progress, as 1C does; returns every answer. */
  async import(filename: string, maxCalls = 600) {
    const answers: string[] = [];
    for (let i = 0; i < maxCalls; i++) {
      const a = textOf(await this.call('import', { filename }));
      answers.push(a);
      if (!a.startsWith('progress')) return { last: a, answers };
      await new Promise((r) => setTimeout(r, 200));
    }
    return { last: answers.at(-1)!, answers };
  }

  /** upload + import */
  async send(filename: string, bytes: Buffer, chunk?: number) {
    const up = await this.upload(filename, bytes, chunk);
    if (up.some((a) => !a.startsWith('success'))) return { last: up.find((a) => !a.startsWith('success'))!, answers: up };
    return this.import(filename);
  }
}

/** A minimal zip writer (deflated entries), as 1C packs an exchange when init answered zip=yes. */
export function makeZip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const packed = deflateRawSync(f.data);
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
