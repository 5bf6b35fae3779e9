// Rendering generated products into COPY chunks, shared by the in-thread loader and its worker.
import type { MatrixValidator } from '../attributes/index.js';
import { Chunk, esc } from './copy-text.js';
import type { GeneratedCatalog, GenOffer, GenProduct } from './generator/index.js';
import type { MatrixShape } from './matrix-shape.js';
import { treeLiteral, type StructureIds } from './structure-load.js';
import { TokenCache, tokenValues } from '../products/index.js';
import type { AttributeValue } from '../../platform/db/schema.js';

const SOURCE_RANK = { own: 1, seller: 2, supplier: 3 } as const;
/**
 * The offers module's best-offer order (in stock, lowest price, own → seller → supplier, lowest id),
 * applied while the rows are generated so the products arrive with best_* filled. The offers
 * service stays the authority: recomputeBestOffers(null) runs after the load and rewrites only rows
 * where it disagrees — none when the two agree, which saves rewriting every product row once more.
 */
function bestOfferIndex(offers: GenOffer[]): number {
  let best = -1;
  for (let i = 0; i < offers.length; i++) {
    if (best < 0) {
      best = i;
      continue;
    }
    const a = offers[i]!;
    const b = offers[best]!;
    const inA = a.stock_total > 0;
    const inB = b.stock_total > 0;
    if (inA !== inB ? inA : a.price !== b.price ? a.price < b.price : SOURCE_RANK[a.source] < SOURCE_RANK[b.source]) best = i;
  }
  return best;
}

/**
 * The COPY rows of one product (products, product_categories, offers, taggings and, when published,
 * its product_listing row with the same keys the triggers would compute), with best_* pre-filled.
 * `values` are the attribute values as validated; offer ids start at `firstOfferId`.
 */
export function renderProduct(b: Chunk, ids: StructureIds, p: GenProduct, values: Record<string, AttributeValue>, id: number, firstOfferId: number, tree: string, tokens: TokenCache): void {
  const bi = bestOfferIndex(p.offers);
  const best = p.offers[bi];
  const bestCols = best
    ? `${firstOfferId + bi}\t${best.price}\t${best.old_price ?? '\\N'}\t${best.currency}\t${best.stock_total > 0 ? 't' : 'f'}`
    : '\\N\t\\N\t\\N\t\\N\tf';
  b.products.write(
    `${id}\t${p.sku}\t${p.slug}\t${esc(p.name)}\t${esc(p.description)}\t${ids.brand[p.brand_id]}\t${p.status}\t` +
      `${ids.category[p.primary_category_id]}\t${tree}\t${esc(JSON.stringify(values))}\t${esc(JSON.stringify(p.images))}\t` +
      `${p.variant_group ?? '\\N'}\t${bestCols}\n`,
  );
  for (let k = 0; k < p.category_ids.length; k++) b.links.write(`${id}\t${ids.category[p.category_ids[k]!]}\t${k === 0 ? 't' : 'f'}\n`);
  let offerId = firstOfferId;
  for (const o of p.offers) {
    b.offers.write(`${offerId++}\t${id}\t${o.source}\t${o.source_ref}\t${o.price}\t${o.old_price ?? '\\N'}\t${o.currency}\t${JSON.stringify(o.stock)}\t${o.stock_total}\n`);
  }
  for (const t of p.tag_ids) b.taggings.write(`${ids.tag[t]}\tproduct\t${id}\n`);
  if (p.status === 'published') {
    let keys = tree.slice(0, -1);
    for (const [code, v] of Object.entries(values)) for (const s of tokenValues(v)) keys += `,${tokens.token(code, s)}`;
    b.listing.write(`${id}\t${keys}}\t${best ? best.price : '\\N'}\t${best && best.stock_total > 0 ? 't' : 'f'}\n`);
  }
  b.size++;
}

export const PRODUCT_COLUMNS =
  'id, sku, slug, name, description, brand_id, status, primary_category_id, category_tree_ids, attributes, images, variant_group, ' +
  'best_offer_id, best_price, best_old_price, best_currency, in_stock';

/** One chunk's COPY text per table (owned by the receiver: safe to transfer or keep). */
export interface RenderedChunk {
  products: Uint8Array;
  links: Uint8Array;
  offers: Uint8Array;
  taggings: Uint8Array;
  listing: Uint8Array;
  size: number;
}

export interface RenderCounts {
  generated: number;
  landed: number;
  offers: number;
  rejected: number;
}

// a copy (the chunk's buffers are reused); slicing the ArrayBuffer is one memcpy, unlike new Uint8Array(b)
const own = (b: Buffer) => new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));

export class Renderer {
  readonly counts: RenderCounts = { generated: 0, landed: 0, offers: 0, rejected: 0 };
  /** the first few products their matrix rejected (a generator/matrix drift to report) */
  readonly problems: { sku: string; problem: unknown }[] = [];
  private productId = 0;
  private offerId = 0;
  private readonly trees = new Map<string | number, string>();
  private readonly chunk = new Chunk();
  private readonly tokens = new TokenCache();

  constructor(
    private readonly c: GeneratedCatalog,
    private readonly ids: StructureIds,
    readonly chunkSize: number,
  ) {}

  /** Renders product #i; true when the chunk is full. */
  render(i: number, validate: MatrixValidator): boolean {
    const p = this.c.product(i);
    this.counts.generated++;
    const { values, problems } = validate(p.attributes);
    if (problems.length) {
      if (this.counts.rejected++ < 5) this.problems.push({ sku: p.sku, problem: problems[0] });
      return false;
    }
    const key = p.category_ids.length === 1 ? p.category_ids[0]! : p.category_ids.join('|');
    let tree = this.trees.get(key);
    if (!tree) this.trees.set(key, (tree = treeLiteral(this.c, this.ids, p.category_ids)));
    renderProduct(this.chunk, this.ids, p, values as Record<string, AttributeValue>, ++this.productId, this.offerId + 1, tree, this.tokens);
    this.offerId += p.offers.length;
    this.counts.landed++;
    this.counts.offers += p.offers.length;
    return this.chunk.size >= this.chunkSize;
  }

  take(): RenderedChunk {
    const c = this.chunk;
    const out = { products: own(c.products.bytes()), links: own(c.links.bytes()), offers: own(c.offers.bytes()), taggings: own(c.taggings.bytes()), listing: own(c.listing.bytes()), size: c.size };
    c.reset();
    return out;
  }
}

export interface Combo {
  /** database ids of the categories whose matrices stand for the products' categories */
  cats: number[];
  products: number[];
}

/**
 * Product indexes grouped by the categories their matrix comes from (see MatrixShape), so one
 * compiled validator is alive at a time and each matrix is fetched once.
 */
export function groupByMatrix(c: GeneratedCatalog, ids: StructureIds, shape: MatrixShape): Combo[] {
  const byKey = new Map<string, Combo>();
  for (let i = 0; i < c.productCount; i++) {
    const placed = c.placement(i).map((g) => ids.category[g]!);
    const cats = shape.categories(placed[0]!, placed);
    const key = cats.join('|');
    let combo = byKey.get(key);
    if (!combo) byKey.set(key, (combo = { cats, products: [] }));
    combo.products.push(i);
  }
  return [...byKey.values()].sort((a, b) => a.cats[0]! - b.cats[0]! || a.cats.length - b.cats.length || (a.cats[1] ?? 0) - (b.cats[1] ?? 0));
}
