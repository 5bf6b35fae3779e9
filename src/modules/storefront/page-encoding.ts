// A rendered page as the page cache keeps it and sends it: UTF-8 bytes split at the CSRF placeholder
// (the visitor's token goes between the parts on the way out) and a strong validator of the HTML.
import { createHash } from 'node:crypto';

export interface EncodedPage {
  parts: Uint8Array[];
  etag: string;
}

const encoder = new TextEncoder();

/** Each part is encoded into an ArrayBuffer of its own (TextEncoder, not the shared Buffer pool), so
 *  a render thread can transfer the parts to the main thread instead of copying them. */
export function encodePage(html: string, placeholder: string): EncodedPage {
  const parts = html.split(placeholder).map((x) => encoder.encode(x));
  // the digest of the HTML's UTF-8 bytes, from the parts already encoded (hashing the string would
  // encode the whole page a second time)
  const hash = createHash('sha1');
  const placeholderBytes = encoder.encode(placeholder);
  parts.forEach((p, i) => (i ? hash.update(placeholderBytes).update(p) : hash.update(p)));
  return { parts, etag: `"${hash.digest('base64url').slice(0, 22)}"` };
}
