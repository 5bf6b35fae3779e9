// COPY text rendered straight into UTF-8 buffers. Building a 15 MB string per chunk and converting
// it afterwards cost more CPU than generating the products (measured), so rows are written into a
// growable Buffer as they are produced, and two chunks alternate (one rendering, one in flight).
import { copyValue } from '../../platform/db/database.js';

/** COPY text escaping only when needed: most strings have no backslash, tab or newline. */
export const esc = (s: string) => (s.includes('\\') || s.includes('\t') || s.includes('\n') || s.includes('\r') ? copyValue(s) : s);

export class CopyText {
  private buf = Buffer.allocUnsafe(1 << 20);
  length = 0;

  write(s: string) {
    if (this.length + s.length * 3 > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + s.length * 3));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    this.length += this.buf.write(s, this.length);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** One chunk of products with their category links, offers, taggings and listing rows. */
export class Chunk {
  products = new CopyText();
  links = new CopyText();
  offers = new CopyText();
  taggings = new CopyText();
  listing = new CopyText();
  size = 0;

  reset() {
    this.products.length = this.links.length = this.offers.length = this.taggings.length = this.listing.length = this.size = 0;
  }
}
