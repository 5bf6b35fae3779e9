// The 1C "exchange with site" protocol (type=catalog|sale, mode=checkauth|init|file|import|query|
// success): sessions, answers and their order. Parsing, mapping and SQL live in the other files.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { OnecExchangeConfig } from '../../config.js';
import type { PlatformDeps } from '../../platform/context.js';
import { advance, catalogImport, saleImport, settleJobs, type JobDeps, type OrderStatusPort } from './jobs.js';
import * as repo from './repository.js';
import type { CatalogServices } from './report.js';
import { ordersXml } from './sale.js';
import { SessionFiles, UnsafeNameError, safeName } from './storage.js';

export const COOKIE_NAME = 'vitrina_1c';
/** orders per mode=query answer; the rest follow in the next exchange after mode=success */
const QUERY_LIMIT = 500;
/** upload directories of sessions idle this long are removed at the next checkauth */
const SESSION_DAYS = 3;

export interface ExchangeRequest {
  type: string;
  mode: string;
  filename?: string | undefined;
  version?: string | undefined;
  /** unix seconds (mode=deactivate) */
  timestamp?: string | undefined;
  /** from the cookie or the sessid query parameter */
  sessionId?: string | undefined;
  authorization?: string | undefined;
  body?: Buffer | undefined;
}

export interface ExchangeReply {
  status: number;
  /** plain-text protocol answer, or an XML document for mode=query */
  body: string;
  xml?: boolean;
  setCookie?: string;
}

export interface CommerceMlService {
  handle(req: ExchangeRequest): Promise<ExchangeReply>;
  /** waits for running imports (shutdown, tests) */
  settle(): Promise<void>;
}

export interface CommerceMlModuleDeps extends CatalogServices {
  /** resolved at use: the orders module may be absent */
  orders: () => OrderStatusPort | null;
}

const text = (body: string, status = 200): ExchangeReply => ({ status, body });
const failure = (reason: string, status = 200): ExchangeReply => text(`failure\n${reason.replace(/\n+/g, ' ')}`, status);

function credentialsMatch(header: string | undefined, cfg: OnecExchangeConfig): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return false;
  const eq = (a: string, b: string) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  };
  // both compared always, so timing tells nothing about which one was wrong
  const user = eq(decoded.slice(0, i), cfg.user);
  const pass = eq(decoded.slice(i + 1), cfg.password);
  return user && pass;
}

export function createCommerceMlService(deps: PlatformDeps, mod: CommerceMlModuleDeps): CommerceMlService {
  const cfg = deps.config.onecExchange;
  if (!cfg) throw new Error('the CommerceML exchange is not configured (ONEC_EXCHANGE_USER / ONEC_EXCHANGE_PASSWORD)');
  const db = deps.db.kysely;
  const uploadRoot = path.join(deps.config.varDir, '1c_exchange');
  const jobDeps: JobDeps = { deps, services: mod, orders: mod.orders, uploadRoot };
  const waitMs = cfg.importWaitMs;

  async function checkauth(req: ExchangeRequest): Promise<ExchangeReply> {
    if (!req.authorization) return failure('no Basic credentials received (a proxy may strip the Authorization header)', 401);
    if (!credentialsMatch(req.authorization, cfg!)) return failure('wrong login or password', 401);
    const id = randomBytes(18).toString('base64url');
    for (const stale of await repo.dropStaleSessions(db, SESSION_DAYS)) new SessionFiles(uploadRoot, stale).remove();
    await repo.createSession(db, id, req.type === 'sale' ? 'sale' : 'catalog');
    new SessionFiles(uploadRoot, id).reset();
    deps.log.info({ session: id, type: req.type }, 'commerceml session started');
    return {
      status: 200,
      body: `success\n${COOKIE_NAME}\n${id}\nsessid=${id}\ntimestamp=${Math.floor(Date.now() / 1000)}\n`,
      setCookie: id,
    };
  }

  async function file(sessionId: string, req: ExchangeRequest): Promise<ExchangeReply> {
    if (!req.filename) return failure('filename is required');
    const files = new SessionFiles(uploadRoot, sessionId);
    const size = await files.append(req.filename, req.body ?? Buffer.alloc(0));
    deps.log.debug({ session: sessionId, filename: req.filename, chunk: req.body?.length ?? 0, size }, 'commerceml chunk stored');
    return text('success\n');
  }

  async function importFile(sessionId: string, type: 'catalog' | 'sale', req: ExchangeRequest, wait = waitMs): Promise<ExchangeReply> {
    if (!req.filename) return failure('filename is required');
    const filename = safeName(req.filename);
    const work = type === 'catalog' ? catalogImport : saleImport;
    const a = await advance(jobDeps, sessionId, filename, (files, report, tick) => work(jobDeps, files, filename, report, tick), wait);
    return text(`${a.state}\n${a.message}`);
  }

  async function query(): Promise<ExchangeReply> {
    // read and mark pending in one transaction: a concurrent success cannot commit a half-read state
    const xml = await db.transaction().execute(async (tx) => {
      const snap = await repo.ordersChangedSince(tx, QUERY_LIMIT);
      await repo.setPending(tx, snap.orders.map((o) => Number(o.id)));
      return ordersXml(snap);
    });
    return { status: 200, body: xml, xml: true };
  }

  /**
   * Bitrix's package-mode removal: goods whose Товар no file sent since `timestamp` (the one checkauth
   * gave) are archived. Without a timestamp nothing is archived.
   */
  async function deactivate(req: ExchangeRequest): Promise<ExchangeReply> {
    const ts = Number(req.timestamp);
    if (!req.timestamp || !Number.isFinite(ts) || ts <= 0) return text('success\nno timestamp: nothing deactivated');
    let archived = 0;
    for (const id of await repo.productsNotSeenSince(db, new Date(ts * 1000))) {
      const p = await mod.products.ref(id).catch(() => null);
      if (p?.status !== 'published') continue;
      await mod.products.setStatus(id, 'archived');
      archived++;
    }
    return text(`success\narchived ${archived} products not sent since ${new Date(ts * 1000).toISOString()}`);
  }

  async function sale(sessionId: string, saleVersion: string | null, req: ExchangeRequest): Promise<ExchangeReply> {
    switch (req.mode) {
      case 'init':
        new SessionFiles(uploadRoot, sessionId).reset();
        await repo.clearJobs(db, sessionId);
        await repo.setSaleVersion(db, sessionId, req.version?.slice(0, 20) || null);
        return text(`zip=no\nfile_limit=${cfg!.fileLimit}${req.version ? `\nsessid=${sessionId}\nversion=2.05` : ''}\n`);
      case 'query':
        return query();
      case 'success':
        await repo.commitPending(db);
        return text('success\n');
      case 'file': {
        const stored = await file(sessionId, req);
        // the old protocol (no version at init) applies the file at once and answers success with
        // notes; the new one stores it and applies it at mode=import
        if (saleVersion || !/\.xml$/i.test(req.filename ?? '')) return stored;
        const applied = await importFile(sessionId, 'sale', req, 30_000);
        return applied.body.startsWith('progress') ? stored : applied;
      }
      case 'import':
        return importFile(sessionId, 'sale', req);
      default:
        return failure(`unknown mode "${req.mode}"`);
    }
  }

  async function catalog(sessionId: string, req: ExchangeRequest): Promise<ExchangeReply> {
    switch (req.mode) {
      case 'init':
        new SessionFiles(uploadRoot, sessionId).reset();
        await repo.clearJobs(db, sessionId);
        return text(`zip=${cfg!.zip ? 'yes' : 'no'}\nfile_limit=${cfg!.fileLimit}\n`);
      case 'file':
        return file(sessionId, req);
      case 'import':
        return importFile(sessionId, 'catalog', req);
      case 'deactivate':
        return deactivate(req);
      case 'complete':
        return text('success\n');
      default:
        return failure(`unknown mode "${req.mode}"`);
    }
  }

  return {
    async handle(req) {
      if (req.type !== 'catalog' && req.type !== 'sale') return failure(`unknown type "${req.type}"`);
      if (req.mode === 'checkauth') return checkauth(req);
      const session = req.sessionId && /^[A-Za-z0-9_-]{8,64}$/.test(req.sessionId) ? await repo.touchSession(db, req.sessionId) : undefined;
      if (!session) return failure('not authorized: call mode=checkauth first', 401);
      try {
        return req.type === 'catalog' ? await catalog(session.id, req) : await sale(session.id, session.sale_version, req);
      } catch (e) {
        if (e instanceof UnsafeNameError) return failure(e.message, 400);
        throw e;
      }
    },
    settle: settleJobs,
  };
}
