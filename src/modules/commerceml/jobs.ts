// mode=import as a background job: the first call starts it and every repeated call answers
// `progress` until it ends, then `success` or `failure` with the reason. The job's state is in
// cml_jobs, so a repeat that reaches another web node reads the same answer; a job whose worker
// stopped heart-beating is taken over.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PlatformDeps } from '../../platform/context.js';
import { importGroups, importPriceTypesAndWarehouses, importProperties } from './import-classifier.js';
import { GOODS_ONE_BY_ONE, importProducts } from './import-goods.js';
import { GoodsShape, importProductsBatched, type SourcedProduct } from './import-goods-batch.js';
import { OfferImporter } from './import-offers.js';
import { offer, parseCatalogDocument, product } from './parse-catalog.js';
import * as repo from './repository.js';
import { addProblem, emptyReport, summary, type CatalogServices, type ImportContext, type ImportReport } from './report.js';
import { statusChanges } from './sale.js';
import { SessionFiles, UnsafeNameError } from './storage.js';
import { CmlStreamReader } from './xml-stream.js';
import { CmlFormatError, parseFragment, parseXml, parseXmlText } from './xml.js';

export interface StatusChangeRequest {
  order_ref: string;
  status: string;
  occurred_at: Date;
  comment?: string | null;
  source: '1c';
}

/** The orders module's status entry point (services.orders.applyStatusChange), kept behind this port. */
export interface OrderStatusPort {
  applyStatusChange(input: StatusChangeRequest): Promise<unknown>;
}

export interface JobDeps {
  deps: PlatformDeps;
  services: CatalogServices;
  orders: () => OrderStatusPort | null;
  uploadRoot: string;
}

export type JobAnswer = { state: 'progress' | 'success' | 'failure'; message: string };

const STALE_SECONDS = 120;
/** order files are parsed whole (≈10–40× their size in memory); catalog files are streamed */
const MAX_XML_BYTES = 256 * 1024 * 1024;

function readXml(files: SessionFiles, filename: string): Buffer {
  if (!files.exists(filename)) throw new ImportFailure(`file ${filename} was not uploaded in this session`);
  const p = files.pathOf(filename);
  const size = statSync(p).size;
  if (size > MAX_XML_BYTES) {
    throw new ImportFailure(`file is ${Math.round(size / 1048576)} MB; at most ${MAX_XML_BYTES / 1048576} MB per file (set 1C to export in packages)`);
  }
  return readFileSync(p);
}
const running = new Map<string, Promise<void>>();

export class ImportFailure extends Error {}

/** The Товары of a checked file, read again one by one (the second pass). */
async function* streamGoods(file: string): AsyncGenerator<SourcedProduct> {
  for await (const rec of new CmlStreamReader(file, { validate: false }).records()) {
    if (rec.name === 'Товар') yield { p: product(parseFragment(rec.xml)), line: rec.line };
  }
}

export async function catalogImport(j: JobDeps, files: SessionFiles, filename: string, report: ImportReport, tick: (progress?: string) => Promise<void>) {
  const unpacked = await files.unpackArchives();
  if (unpacked.length) report.notes.push(`unpacked ${unpacked.length} files from the archive`);
  if (!files.exists(filename)) throw new ImportFailure(`file ${filename} was not uploaded in this session`);
  const file = files.pathOf(filename);
  // first pass: the whole file is checked (and its goods' groups and properties learnt) before
  // anything is written, so a broken file changes nothing whatever its size
  const reader = new CmlStreamReader(file, { validate: true });
  const shape = new GoodsShape();
  let few: SourcedProduct[] | null = [];
  for await (const rec of reader.records()) {
    if (rec.name !== 'Товар') continue;
    const p = product(parseFragment(rec.xml));
    shape.add(p);
    if (few && few.length >= GOODS_ONE_BY_ONE) few = null;
    few?.push({ p, line: rec.line });
    if (reader.counts.Товар % 1000 === 0) await tick(`checking the file: ${reader.counts.Товар} goods read`);
  }
  const doc = parseCatalogDocument(parseXmlText(reader.skeleton()).root);
  const base = path.basename(filename);
  const ctx: ImportContext = {
    platform: j.deps, db: j.deps.db.kysely, config: j.deps.config, services: j.services, report,
    resolveUpload: (rel) => (files.exists(rel) ? files.pathOf(rel) : null),
    mediaDir: path.join(j.deps.config.varDir, 'media'),
    packageFile: base.includes('___'),
    problem: (kind, id, reason) => addProblem(report, kind, id, reason),
    tick,
  };
  if (!doc.classifier && !doc.catalog && !doc.offers) {
    if (doc.documents.length) throw new ImportFailure('this file holds orders (Документ); send it with type=sale');
    report.notes.push('no Классификатор, Каталог or ПакетПредложений: nothing to import');
    return;
  }
  if (doc.classifier) {
    await importPriceTypesAndWarehouses(ctx, doc.classifier.priceTypes, doc.classifier.warehouses);
    await importGroups(ctx, doc.classifier.groups);
    await importProperties(ctx, doc.classifier.properties);
  }
  if (doc.catalog) {
    const hasGoods = reader.paths.has('КоммерческаяИнформация/Каталог/Товары');
    const full = !doc.catalog.onlyChanges && hasGoods && !ctx.packageFile;
    const catalogId = doc.catalog.id || doc.classifier?.id || '';
    if (few) {
      for (const { p, line } of few.filter((g) => !g.p.id)) {
        report.products.skipped++;
        ctx.problem('product', `line ${line}`, 'a Товар without Ид');
      }
      await importProducts(ctx, catalogId, few.map((g) => g.p).filter((p) => p.id), full);
    } else {
      await importProductsBatched(ctx, catalogId, streamGoods(file), shape, full, reader.counts.Товар);
    }
    if (!hasGoods) report.notes.push('Каталог has no Товары');
  }
  if (doc.offers) {
    await importPriceTypesAndWarehouses(ctx, doc.offers.priceTypes, doc.offers.warehouses);
    const currency = new Map((await repo.priceTypes(ctx.db)).map((t) => [t.id, t.currency]));
    for (const t of [...(doc.classifier?.priceTypes ?? []), ...doc.offers.priceTypes]) currency.set(t.id, t.currency);
    const offers = await OfferImporter.start(ctx, doc.offers.priceTypes, reader.counts.Предложение);
    let read = 0;
    for await (const rec of new CmlStreamReader(file, { validate: false }).records()) {
      if (rec.name !== 'Предложение') continue;
      const o = offer(parseFragment(rec.xml), currency);
      if (++read % 1000 === 0) await tick(`offers: ${read} of ${reader.counts.Предложение} read`);
      if (o.id) await offers.add(o);
      else {
        report.offers.skipped++;
        ctx.problem('offer', `line ${rec.line}`, 'a Предложение without Ид');
      }
    }
    await offers.finish();
  }
}

export async function saleImport(j: JobDeps, files: SessionFiles, filename: string, report: ImportReport, tick: () => Promise<void>) {
  await files.unpackArchives();
  const { root } = parseXml(readXml(files, filename));
  const changes = statusChanges(parseCatalogDocument(root).documents);
  const orders = j.orders();
  for (const c of changes) {
    await tick();
    if (!c.status) {
      report.orders.skipped++;
      addProblem(report, 'order', c.order_ref, c.raw_status ? `1C status "${c.raw_status}" has no mapping` : 'no status in the document');
      continue;
    }
    if (!orders) {
      report.orders.skipped++;
      addProblem(report, 'order', c.order_ref, 'order status changes are not available (the orders module is not installed)');
      continue;
    }
    try {
      const result = await orders.applyStatusChange({ order_ref: c.order_ref, status: c.status, occurred_at: c.occurred_at, comment: c.comment, source: '1c' });
      if (result === 'unknown_order') {
        report.orders.skipped++;
        addProblem(report, 'order', c.order_ref, 'no such order on the site');
      } else {
        report.orders.applied++;
        if (result === 'stale' || result === 'duplicate') report.notes.push(`order ${c.order_ref}: ${String(result)}`);
      }
    } catch (e) {
      report.orders.skipped++;
      addProblem(report, 'order', c.order_ref, e);
    }
  }
  if (!changes.length) report.notes.push('no order documents in the file');
}

/** Starts the job when it is not running yet, then answers from its recorded state. */
export async function advance(
  j: JobDeps, sessionId: string, filename: string,
  work: (files: SessionFiles, report: ImportReport, tick: (progress?: string) => Promise<void>) => Promise<void>, waitMs: number,
): Promise<JobAnswer> {
  const db = j.deps.db.kysely;
  const key = `${sessionId}\n${filename}`;
  if (!running.has(key) && (await repo.claimJob(db, sessionId, filename, STALE_SECONDS))) {
    const files = new SessionFiles(j.uploadRoot, sessionId);
    const report = emptyReport(filename);
    let last = Date.now();
    let items = 0;
    let note: string | undefined;
    const tick = async (progress?: string) => {
      items++;
      if (progress) note = progress;
      if (Date.now() - last < 2000) return;
      last = Date.now();
      await repo.heartbeat(db, sessionId, filename, note ?? `${items} items processed`);
    };
    const job = (async () => {
      try {
        await work(files, report, tick);
        await repo.finishJob(db, sessionId, filename, 'success', summary(report), report as never);
        j.deps.log.info({ session: sessionId, filename, report }, 'commerceml import finished');
      } catch (e) {
        const expected = e instanceof CmlFormatError || e instanceof ImportFailure || e instanceof UnsafeNameError;
        const reason = expected ? (e as Error).message : `import failed: ${(e as Error).message}`;
        if (!expected) j.deps.log.error({ err: e, session: sessionId, filename }, 'commerceml import crashed');
        await repo.finishJob(db, sessionId, filename, 'failure', `${filename}: ${reason}`, report as never).catch(() => {});
      }
    })().finally(() => running.delete(key));
    running.set(key, job);
  }
  const job = running.get(key);
  if (job && waitMs > 0) await Promise.race([job, new Promise((r) => setTimeout(r, waitMs).unref())]);
  const row = await repo.findJob(db, sessionId, filename);
  if (!row) return { state: 'failure', message: 'import state lost; repeat mode=init' };
  if (row.status === 'running') return { state: 'progress', message: row.message || `importing ${filename}` };
  return { state: row.status, message: row.message };
}

/** Waits for this process's jobs (graceful shutdown and tests). */
export async function settleJobs(): Promise<void> {
  await Promise.allSettled([...running.values()]);
}
