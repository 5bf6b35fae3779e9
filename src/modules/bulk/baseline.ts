// The products rows of a generated catalog as COPY text, exactly as the fast loader renders them
// into an empty catalog — for the benchmark's raw-COPY baseline (same columns, same data).
import { Chunk } from './copy-text.js';
import { TokenCache } from '../products/index.js';
import { PRODUCT_COLUMNS, renderProduct } from './render.js';
import { generateCatalog, type GenerateOptions } from './generator/index.js';
import { treeLiteral, type StructureIds } from './structure-load.js';

export { PRODUCT_COLUMNS };

/** Chunks of products COPY text (generated ids = database ids, as in an empty catalog). */
export function* productCopyChunks(opts: GenerateOptions, chunkSize = 10_000): Generator<Buffer> {
  const c = generateCatalog(opts);
  const identity = (n: number) => Int32Array.from({ length: n + 1 }, (_, i) => i);
  const ids: StructureIds = {
    category: identity(c.categories.length),
    brand: identity(c.brands.length),
    tag: identity(c.tags.length),
    created: { categories: 0, attributes: 0, brands: 0 },
  };
  const chunk = new Chunk();
  const tokens = new TokenCache();
  let offerId = 1;
  for (let i = 0; i < c.productCount; i++) {
    const p = c.product(i);
    // the generator's values are what the matrix validator returns for them (the loader checks that)
    renderProduct(chunk, ids, p, p.attributes, i + 1, offerId, treeLiteral(c, ids, p.category_ids), tokens);
    offerId += p.offers.length;
    if (chunk.size >= chunkSize || i === c.productCount - 1) {
      const b = chunk.products.bytes();
      yield Buffer.from(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
      chunk.reset();
    }
  }
}
