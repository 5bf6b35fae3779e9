// Lines of an NDJSON stream, numbered from 1, with backpressure: the next chunk is read only when
// the consumer asks for more, so a 2 GB file costs one chunk of memory, not 2 GB.
import { StringDecoder } from 'node:string_decoder';

export interface Line {
  /** 1-based line number in the file */
  no: number;
  text: string;
  /** bytes consumed so far (for progress) */
  bytes: number;
  /** the line was longer than the limit; `text` is empty */
  tooLong?: boolean;
}

export async function* readLines(input: AsyncIterable<Buffer | string>, maxLineBytes = 4 * 1024 * 1024): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let skipping = false; // inside an over-long line: drop text until its newline
  let no = 0;
  let bytes = 0;
  let first = true;
  for await (const chunk of input) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM from Windows editors
      first = false;
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      start = nl + 1;
      no++;
      if (skipping) {
        skipping = false;
        yield { no, text: '', bytes, tooLong: true };
        pending = '';
        continue;
      }
      const full = pending ? pending + piece : piece;
      pending = '';
      yield { no, text: full.endsWith('\r') ? full.slice(0, -1) : full, bytes };
    }
    if (!skipping) {
      pending += text.slice(start);
      if (pending.length > maxLineBytes) {
        skipping = true;
        pending = '';
      }
    }
  }
  const rest = (skipping ? '' : pending) + decoder.end();
  if (skipping) yield { no: no + 1, text: '', bytes, tooLong: true };
  else if (rest) yield { no: no + 1, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, bytes };
}
