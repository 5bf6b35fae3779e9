// Предложения → offers, set-based: Предложения arrive one by one from the stream and are written in
// batches (one transaction per batch); a batch the database refuses is halved until the one bad
// Предложение is found and reported, and the rest lands. Every price type's price is kept in
// offer_prices; offers.price is the retail type's (ONEC_EXCHANGE_PRICE_TYPE), the price the shop sells at.
import { publish } from '../../platform/events/outbox.js';
import { warehouseCode } from './import-classifier.js';
import type { CmlOffer, CmlPriceType } from './parse-catalog.js';
import * as repo from './repository.js';
import { announceOffers, existingOffers, writeOffers, type OfferWrite, type TypePrice, type WrittenOffers } from './repository-offers.js';
import type { ImportContext } from './report.js';

export const OFFER_BATCH = 1000;
/** up to this many Предложения a file announces each offer; above, one catalog.bulk_imported */
export const ANNOUNCE_EACH_UP_TO = 500;

const MAX_STOCK = 2_147_483_647;

/** The retail price type: ONEC_EXCHANGE_PRICE_TYPE by Ид or name, else the first one 1C defined. */
export function pickPriceType(types: repo.PriceTypeRow[], wanted: string | null): repo.PriceTypeRow | null {
  if (!wanted) return types[0] ?? null;
  const w = wanted.trim().toLowerCase();
  return types.find((t) => t.id.toLowerCase() === w || t.name.toLowerCase() === w) ?? null;
}

/** SQLSTATE classes that belong to a row's data (22 data exception, 23 integrity, 54 limits). */
const rowLevel = (e: unknown) => /^(22|23|54)/.test(String((e as { code?: unknown })?.code ?? ''));

export class OfferImporter {
  private batch: CmlOffer[] = [];
  private retail: repo.PriceTypeRow | null = null;
  private types = new Map<string, repo.PriceTypeRow>();
  private codes = new Map<string, string>();
  private used = new Set<string>();
  private newWarehouses: { id: string; name: string; code: string }[] = [];
  private unknown = 0;
  private written = 0;

  private constructor(
    private readonly ctx: ImportContext,
    private readonly announceEach: boolean,
  ) {}

  static async start(ctx: ImportContext, fileTypes: CmlPriceType[], expected: number): Promise<OfferImporter> {
    const imp = new OfferImporter(ctx, expected <= ANNOUNCE_EACH_UP_TO);
    const types = await repo.priceTypes(ctx.db);
    // a file's own ТипыЦен come first: "the first price type" means the first of the file when it has them
    const ordered = [...fileTypes.map((f) => types.find((t) => t.id === f.id)!).filter(Boolean), ...types.filter((t) => !fileTypes.some((f) => f.id === t.id))];
    imp.retail = pickPriceType(ordered, ctx.config.onecExchange?.priceType ?? null);
    imp.types = new Map(types.map((t) => [t.id, t]));
    imp.codes = await repo.warehouseCodes(ctx.db);
    imp.used = new Set(imp.codes.values());
    return imp;
  }

  async add(o: CmlOffer): Promise<void> {
    this.batch.push(o);
    if (this.batch.length >= OFFER_BATCH) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    const { report } = this.ctx;
    if (this.newWarehouses.length) await repo.upsertWarehouses(this.ctx.db, this.newWarehouses);
    if (this.unknown) report.notes.push(`${this.unknown} offers refer to products that were never imported`);
    if (!this.retail && (report.offers.created + report.offers.updated + report.offers.skipped) > 0) {
      report.notes.push(`price type "${this.ctx.config.onecExchange?.priceType ?? '(first)'}" is not defined: prices left unchanged`);
    }
    if (!this.announceEach && this.written > 0) {
      await publish(this.ctx.db, 'catalog.bulk_imported', 'commerceml', { products: 0, offers: this.written });
    }
  }

  private codeOf(id: string): string {
    let c = this.codes.get(id);
    if (!c) {
      c = warehouseCode({ id, name: '' }, this.used);
      this.codes.set(id, c);
      this.newWarehouses.push({ id, name: id, code: c });
    }
    return c;
  }

  private async flush(): Promise<void> {
    const offers = this.batch;
    this.batch = [];
    if (!offers.length) return;
    const { ctx } = this;
    await ctx.tick();
    const productRefs = await repo.refsOf(ctx.db, 'product', [...new Set(offers.map((o) => o.productId))]);
    const known = offers.filter((o) => {
      if (productRefs.has(o.productId)) return true;
      this.unknown++;
      ctx.report.offers.skipped++;
      if (this.unknown <= 5) ctx.problem('offer', o.id, 'no product with this Ид was imported (send its Товар in import.xml first)');
      else ctx.report.problem_count++;
      return false;
    });
    const existing = await existingOffers(ctx.db, known.map((o) => ({ product_id: productRefs.get(o.productId)!, source_ref: o.characteristicId })));
    const rows = new Map<string, { o: CmlOffer; w: OfferWrite }>();
    const removals: number[] = [];
    for (const o of known) {
      const productId = productRefs.get(o.productId)!;
      const key = `${productId}\t${o.characteristicId}`;
      const id = existing.get(key) ?? null;
      if (o.deleted) {
        if (id !== null) removals.push(id);
        rows.delete(key);
        continue;
      }
      const w = this.toWrite(o, id, productId);
      if (w) rows.set(key, { o, w }); // a repeated Предложение: the last one wins, as if applied in order
    }
    await this.write([...rows.values()]);
    for (const id of removals) {
      try {
        await ctx.services.offers.remove(id);
        ctx.report.offers.removed++;
      } catch (e) {
        ctx.problem('offer', String(id), e);
      }
    }
  }

  /** One Предложение → the row to write, or null (reported) when there is nothing it can do. */
  private toWrite(o: CmlOffer, id: number | null, productId: number): OfferWrite | null {
    const { ctx } = this;
    const negative = o.prices.find((p) => p.amount < 0);
    if (negative) {
      ctx.report.offers.skipped++;
      ctx.problem('offer', o.id, `price ${negative.amount / 100} of type ${negative.typeId} is negative`);
      return null;
    }
    const prices: TypePrice[] = o.prices.map((p) => ({
      type_id: p.typeId, type_name: this.types.get(p.typeId)?.name ?? p.typeId, price: p.amount, currency: p.currency,
    }));
    const price = this.retail ? o.prices.find((p) => p.typeId === this.retail!.id) : undefined;
    let stock: Record<string, number> | null = null;
    if (o.stock) {
      stock = {};
      for (const [wh, q] of Object.entries(o.stock)) {
        const code = this.codeOf(wh);
        stock[code] = Math.min(MAX_STOCK, (stock[code] ?? 0) + Math.max(0, Math.floor(q))); // 1C allows negative rests
      }
    } else if (o.quantity !== null) {
      stock = { main: Math.min(MAX_STOCK, Math.max(0, Math.floor(o.quantity))) };
    }
    const total = stock ? Object.values(stock).reduce((a, b) => a + b, 0) : null;
    if (id === null && !price) {
      ctx.report.offers.skipped++;
      ctx.problem('offer', o.id, `no price of type "${this.retail?.name ?? '?'}" yet, so no offer to put stock on`);
      return null;
    }
    if (id !== null && !price && !stock && !prices.length) return null;
    return {
      id, product_id: productId, source_ref: o.characteristicId, price: price?.amount ?? null, currency: price?.currency ?? null,
      stock, stock_total: total, prices,
    };
  }

  /** One transaction; a refused batch is halved until the Предложение the database rejects is alone. */
  private async write(rows: { o: CmlOffer; w: OfferWrite }[]): Promise<void> {
    if (!rows.length) return;
    const { ctx } = this;
    let out: WrittenOffers;
    try {
      out = await ctx.db.transaction().execute(async (tx) => {
        const w = await writeOffers(tx, rows.map((r) => r.w));
        if (this.announceEach) await announceOffers(tx, w);
        return w;
      });
    } catch (e) {
      if (!rowLevel(e)) throw e;
      if (rows.length === 1) {
        ctx.report.offers.skipped++;
        ctx.problem('offer', rows[0]!.o.id, `the database refused it (${String((e as { code?: unknown }).code)}): ${(e as Error).message}`);
        return;
      }
      const mid = rows.length >> 1;
      await this.write(rows.slice(0, mid));
      await this.write(rows.slice(mid));
      return;
    }
    const inserted = rows.filter((r) => r.w.id === null).length;
    ctx.report.offers.created += inserted;
    ctx.report.offers.updated += rows.length - inserted;
    this.written += out.created.length + out.changed.length;
    // THE best-offer rule belongs to the offers service: applied to the batch's products after commit
    const touched = [...new Set([...out.created, ...out.changed].map((o) => o.product_id))];
    if (touched.length) await ctx.services.offers.recomputeBestOffers(touched);
  }
}
