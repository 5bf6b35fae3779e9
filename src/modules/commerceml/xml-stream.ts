// Streaming reader for catalog files of any size (a 1M-goods import.xml is gigabytes): the file is
// decoded chunk by chunk (UTF-8, UTF-16 or windows-1251 via iconv-lite's streaming decoder) and a
// small tag scanner cuts out each Товар (in Каталог/Товары) and Предложение (in a ПакетПредложений)
// as one string for fast-xml-parser, so memory holds one chunk plus one element. Everything else —
// the "skeleton": Классификатор, ТипыЦен, Склады, the attributes of Каталог — is kept as text and
// parsed whole at the end; it is small next to the goods.
//
// The scanner checks well-formedness itself (balanced tags, quoted attributes, one root, nothing
// after it) and, with `validate`, runs fast-xml-parser's validator on every element it cuts out, so
// a first pass can refuse a broken file before anything is written. A DOCTYPE or any other `<!`
// declaration is refused outright: no entity of the document is ever expanded or resolved.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import iconv from 'iconv-lite';
import { XMLValidator } from 'fast-xml-parser';
import { CmlFormatError, detectEncoding } from './xml.js';

export type RecordName = 'Товар' | 'Предложение';

export interface XmlRecord {
  name: RecordName;
  /** the element's text, start tag to end tag */
  xml: string;
  /** line of its start tag in the file (1-based) */
  line: number;
}

const ROOT = 'КоммерческаяИнформация';
/** the skeleton is kept in memory: a classifier bigger than this is not a classifier */
const MAX_SKELETON_CHARS = 256 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

const localName = (q: string) => {
  const i = q.indexOf(':');
  return i < 0 ? q : q.slice(i + 1);
};

function recordAt(stack: string[], name: string): RecordName | null {
  const parent = stack[stack.length - 1];
  const grand = stack[stack.length - 2];
  if (name === 'Товар' && parent === 'Товары' && grand === 'Каталог') return 'Товар';
  if (name === 'Предложение' && parent === 'Предложения' && (grand === 'ПакетПредложений' || grand === 'ИзмененияПакетаПредложений')) {
    return 'Предложение';
  }
  return null;
}

/** Index of the `>` closing the start tag at `lt`, skipping `>` inside quoted attribute values; -1 if not in `buf` yet. */
function startTagEnd(buf: string, lt: number): number {
  let from = lt + 1;
  for (;;) {
    const gt = buf.indexOf('>', from);
    if (gt < 0) return -1;
    let quote = '';
    for (let i = lt + 1; i < gt; i++) {
      const c = buf[i]!;
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
    }
    if (!quote) return gt;
    from = gt + 1;
  }
}

export class CmlStreamReader {
  /** local names of the elements opened at the top levels (e.g. "КоммерческаяИнформация/Каталог/Товары") */
  readonly paths = new Set<string>();
  readonly counts: Record<RecordName, number> = { Товар: 0, Предложение: 0 };
  rootName = '';
  private parts: string[] = [];
  private partsChars = 0;

  constructor(
    readonly file: string,
    private readonly opts: { validate: boolean },
  ) {}

  /** The document without its Товар and Предложение elements (complete after records() ended). */
  skeleton(): string {
    return this.parts.join('');
  }

  private keep(s: string) {
    if (!s) return;
    this.partsChars += s.length;
    if (this.partsChars > MAX_SKELETON_CHARS) {
      throw new CmlFormatError(`the file holds more than ${MAX_SKELETON_CHARS / 1048576} M characters outside Товары and Предложения`);
    }
    this.parts.push(s);
  }

  async *records(): AsyncGenerator<XmlRecord> {
    const head = Buffer.alloc(200);
    const fd = openSync(this.file, 'r');
    let headLen: number;
    try {
      headLen = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    const { encoding, bom } = detectEncoding(head.subarray(0, headLen));
    const decoder = iconv.getDecoder(encoding);
    const stream = createReadStream(this.file, { start: bom, highWaterMark: CHUNK_BYTES });

    const stack: string[] = []; // qualified names, to match end tags exactly
    const locals: string[] = [];
    let buf = '';
    let pos = 0;
    // the Товар or Предложение being cut out (set and cleared inside step)
    let rec = null as { name: RecordName; start: number; depth: number; line: number } | null;
    let rootClosed = false;
    // line bookkeeping without rescanning: lines before `cpos` of buf are `cline`
    let cpos = 0;
    let cline = 1;
    const lineAt = (p: number) => {
      for (let i = buf.indexOf('\n', cpos); i >= 0 && i < p; i = buf.indexOf('\n', i + 1)) cline++;
      cpos = p;
      return cline;
    };
    const fail = (p: number, msg: string): never => {
      const line = lineAt(p);
      const col = p - buf.lastIndexOf('\n', p - 1);
      throw new CmlFormatError(`malformed XML at line ${line}, column ${col}: ${msg}`);
    };

    // returns false when buf holds no complete construct at pos (more input needed)
    const step = (eof: boolean): XmlRecord | false | true => {
      const lt = buf.indexOf('<', pos);
      const textEnd = lt < 0 ? buf.length : lt;
      if (textEnd > pos) {
        const text = buf.slice(pos, textEnd);
        if (!stack.length && text.trim()) fail(pos, rootClosed ? 'text after the root element' : 'text before the root element');
        // whitespace between elements is dropped (values are trimmed anyway): a million goods leave no trace
        if (!rec && stack.length && text.trim()) this.keep(text);
        pos = textEnd;
      }
      if (lt < 0) return false;
      if (buf.length - lt < 9 && !eof) return false; // too short to tell <!-- from <![CDATA[ from <!DOCTYPE
      const c1 = buf[lt + 1];
      let end: number;
      if (c1 === '?') {
        end = buf.indexOf('?>', lt + 2);
        if (end < 0) return eof ? fail(lt, 'unterminated processing instruction') : false;
        pos = end + 2;
        return true;
      }
      if (buf.startsWith('<!--', lt)) {
        end = buf.indexOf('-->', lt + 4);
        if (end < 0) return eof ? fail(lt, 'unterminated comment') : false;
        pos = end + 3;
        return true;
      }
      if (buf.startsWith('<![CDATA[', lt)) {
        end = buf.indexOf(']]>', lt + 9);
        if (end < 0) return eof ? fail(lt, 'unterminated CDATA section') : false;
        if (!stack.length) fail(lt, 'CDATA outside the root element');
        if (!rec) this.keep(buf.slice(lt, end + 3));
        pos = end + 3;
        return true;
      }
      if (c1 === '!') throw new CmlFormatError('DOCTYPE and entity declarations are not accepted in CommerceML files');
      if (c1 === '/') {
        end = buf.indexOf('>', lt);
        if (end < 0) return eof ? fail(lt, 'unterminated end tag') : false;
        const q = buf.slice(lt + 2, end).trim();
        const open = stack[stack.length - 1];
        if (open === undefined) fail(lt, `</${q}> without a start tag`);
        if (q !== open) fail(lt, `</${q}> closes <${open}>`);
        stack.pop();
        locals.pop();
        if (!stack.length) rootClosed = true;
        pos = end + 1;
        if (rec && stack.length < rec.depth) {
          const r = { name: rec.name, xml: buf.slice(rec.start, pos), line: rec.line };
          rec = null;
          return this.emit(r);
        }
        if (!rec) this.keep(buf.slice(lt, pos));
        return true;
      }
      end = startTagEnd(buf, lt);
      if (end < 0) return eof ? fail(lt, 'unterminated start tag') : false;
      const m = /^<([^\s/>]+)/.exec(buf.slice(lt, Math.min(end + 1, lt + 300)));
      if (!m) fail(lt, 'a start tag without a name');
      const q = m![1]!;
      const name = localName(q);
      const selfClosing = buf[end - 1] === '/';
      if (!stack.length) {
        if (rootClosed) fail(lt, 'a second root element');
        if (name !== ROOT) throw new CmlFormatError(`the root element is <${name}>, not <${ROOT}>`);
        this.rootName = name;
      }
      pos = end + 1;
      const kind = rec ? null : recordAt(locals, name);
      if (kind) {
        this.counts[kind]++;
        if (selfClosing) return this.emit({ name: kind, xml: buf.slice(lt, pos), line: lineAt(lt) });
        rec = { name: kind, start: lt, depth: stack.length + 1, line: lineAt(lt) };
      } else if (!rec) {
        this.keep(buf.slice(lt, pos));
        if (locals.length < 3) this.paths.add([...locals, name].join('/'));
      }
      if (!selfClosing) {
        stack.push(q);
        locals.push(name);
      } else if (!stack.length) rootClosed = true;
      return true;
    };

    let eof = false;
    const chunks = stream[Symbol.asyncIterator]();
    while (!eof) {
      const next = await chunks.next();
      if (next.done) {
        eof = true;
        buf += decoder.end() ?? '';
      } else {
        buf += decoder.write(next.value as Buffer);
      }
      for (;;) {
        const r = step(eof);
        if (r === false) break;
        if (r !== true) yield r;
      }
      // drop what was consumed; an open record keeps its start
      const keepFrom = rec ? rec.start : pos;
      lineAt(keepFrom);
      buf = buf.slice(keepFrom);
      pos -= keepFrom;
      cpos -= keepFrom;
      if (rec) rec.start = 0;
    }
    if (stack.length) fail(buf.length, `unexpected end of file: <${stack[stack.length - 1]}> is not closed`);
    if (!this.rootName) throw new CmlFormatError('the file has no root element');
  }

  private emit(r: XmlRecord): XmlRecord {
    if (this.opts.validate) {
      const v = XMLValidator.validate(r.xml);
      if (v !== true) {
        throw new CmlFormatError(`malformed XML at line ${r.line + v.err.line - 1}, column ${v.err.col}: ${v.err.msg}`);
      }
    }
    return r;
  }
}
