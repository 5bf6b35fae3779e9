// Bytes → XML tree for CommerceML files: encoding from the BOM or the prolog (UTF-8 or windows-1251),
// entity processing off (a DOCTYPE is refused outright, so no external entity is ever resolved),
// elements matched by local name whatever the namespace.
import iconv from 'iconv-lite';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class CmlFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CmlFormatError';
  }
}

/** A parsed element: attributes under "@name", text under "#text", children by local name. */
export type XNode = Record<string, unknown>;

/** The encoding of a file from its first bytes (BOM, then the prolog's encoding="…"), and the BOM's length. */
export function detectEncoding(head: Buffer): { encoding: string; bom: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 200).toString('latin1'));
  const enc = m?.[1]?.toLowerCase() ?? 'utf-8';
  if (enc === 'utf-8' || enc === 'utf8') return { encoding: 'utf-8', bom: 0 };
  if (!iconv.encodingExists(enc)) throw new CmlFormatError(`unsupported encoding "${m?.[1]}"`);
  return { encoding: enc, bom: 0 };
}

/** Detects the encoding (BOM, then the prolog's encoding="…") and decodes to a string without BOM. */
export function decodeXml(bytes: Buffer): string {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  return encoding === 'utf-8' ? body.toString('utf8') : iconv.decode(body, encoding);
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Only the five predefined entities and numeric references; nothing a document declares. */
export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return ENTITY[name] ?? all;
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Parses a CommerceML document; throws CmlFormatError naming the line of malformed XML. */
export function parseXml(bytes: Buffer): { root: XNode; rootName: string } {
  return parseXmlText(decodeXml(bytes));
}

/** parseXml for text already decoded (the skeleton of a streamed file). */
export function parseXmlText(text: string): { root: XNode; rootName: string } {
  if (/<!DOCTYPE/i.test(text.slice(0, 4096)) || /<!ENTITY/i.test(text)) {
    throw new CmlFormatError('DOCTYPE and entity declarations are not accepted in CommerceML files');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new CmlFormatError(`malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  const doc = parser.parse(text) as XNode;
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('@') && k !== '#text');
  if (!rootName) throw new CmlFormatError('the file has no root element');
  if (rootName !== 'КоммерческаяИнформация') {
    throw new CmlFormatError(`the root element is <${rootName}>, not <КоммерческаяИнформация>`);
  }
  const root = doc[rootName];
  return { root: typeof root === 'object' && root !== null ? (root as XNode) : {}, rootName };
}

/**
 * One element cut out of a streamed file (a Товар, a Предложение) → its node. The chunk was
 * checked by the stream reader; entity processing is off here as everywhere.
 */
export function parseFragment(xml: string): XNode {
  const doc = parser.parse(xml) as XNode;
  const name = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('@') && k !== '#text');
  const node = name ? doc[name] : undefined;
  return typeof node === 'object' && node !== null ? (node as XNode) : { '#text': node === undefined ? '' : String(node) };
}

// ── Accessors: CommerceML elements may repeat or not, carry attributes or not; these flatten that. ──

export function list(v: unknown): XNode[] {
  if (v === undefined || v === null || v === '') return [];
  const a = Array.isArray(v) ? v : [v];
  return a.map((x) => (typeof x === 'object' && x !== null ? (x as XNode) : { '#text': String(x) }));
}

export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node ? list(node[name])[0] : undefined;
}

/** Text of a child element (or of the node itself when name is omitted); '' when absent. */
export function text(node: XNode | undefined, name?: string): string {
  if (!node) return '';
  const v = name === undefined ? node : node[name];
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return '';
  if (typeof first === 'object') {
    const t = (first as XNode)['#text'];
    return t === undefined || t === null ? '' : unescapeXml(String(t)).trim();
  }
  return unescapeXml(String(first)).trim();
}

/** Every text of a repeated child element. */
export function texts(node: XNode | undefined, name: string): string[] {
  if (!node) return [];
  const v = node[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => text({ x }, 'x')).filter((s) => s !== '');
}

export function attr(node: XNode | undefined, name: string): string {
  const v = node?.[`@${name}`];
  return v === undefined || v === null ? '' : unescapeXml(String(v)).trim();
}

export const isTrue = (s: string) => /^(true|истина|да|1)$/i.test(s.trim());
