// Upload directory of an exchange session: VITRINA_VAR_DIR/1c_exchange/<session>. 1C's names are
// cleaned (no "..", no absolute paths, no script extensions), chunks are appended in one write
// each, and zip archives are unpacked with the same name rules (no zip-slip).
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export class UnsafeNameError extends Error {}

const FORBIDDEN_EXT = /\.(php\d?|phtml|phar|cgi|pl|py|sh|bash|exe|dll|bat|cmd|com|js|mjs|cjs|html?|xhtml|svgz?|htaccess)$/i;

/** 1C's `filename` → a relative path inside the session directory; throws UnsafeNameError. */
export function safeName(raw: string): string {
  const name = raw.replace(/\\/g, '/').trim();
  if (!name) throw new UnsafeNameError('filename is empty');
  if (name.includes('\0')) throw new UnsafeNameError('filename contains a NUL byte');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.startsWith('//')) {
    throw new UnsafeNameError(`absolute filename "${raw}" refused`);
  }
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new UnsafeNameError(`filename "${raw}" with ".." refused`);
  if (!parts.length) throw new UnsafeNameError('filename is empty');
  if (FORBIDDEN_EXT.test(name) || parts.some((p) => p.startsWith('.ht'))) throw new UnsafeNameError(`file type of "${raw}" refused`);
  if (name.length > 500) throw new UnsafeNameError('filename is too long');
  return parts.join('/');
}

export class SessionFiles {
  readonly dir: string;
  constructor(root: string, sessionId: string) {
    if (!/^[A-Za-z0-9_-]+$/.test(sessionId)) throw new UnsafeNameError('bad session id');
    this.dir = path.join(root, sessionId);
  }

  /** Absolute path of a cleaned name, checked to stay inside the directory. */
  pathOf(raw: string): string {
    const p = path.resolve(this.dir, safeName(raw));
    if (!p.startsWith(this.dir + path.sep)) throw new UnsafeNameError(`filename "${raw}" leaves the upload directory`);
    return p;
  }

  /** Empties the directory (mode=init starts a new exchange). */
  reset(): void {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * Appends one chunk. The body arrives whole (Fastify reads it before the handler runs), so an
   * interrupted request appends nothing and 1C's re-sent chunk lands exactly once.
   */
  async append(raw: string, body: Buffer): Promise<number> {
    const p = this.pathOf(raw);
    mkdirSync(path.dirname(p), { recursive: true });
    await appendFile(p, body);
    return statSync(p).size;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  exists(raw: string): boolean {
    try {
      return existsSync(this.pathOf(raw));
    } catch {
      return false;
    }
  }

  /** Unpacks every uploaded archive not unpacked yet; returns the names of the files it wrote. */
  async unpackArchives(): Promise<string[]> {
    if (!existsSync(this.dir)) return [];
    const written: string[] = [];
    for (const f of readdirSync(this.dir)) {
      if (!/\.zip$/i.test(f)) continue;
      const zip = path.join(this.dir, f);
      written.push(...(await this.unzip(zip)));
      renameSync(zip, `${zip}.unpacked`);
    }
    return written;
  }

  private unzip(file: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
        if (err || !zip) return reject(new Error(`not a valid zip archive: ${err?.message ?? 'unknown error'}`));
        const names: string[] = [];
        // yauzl itself refuses entry names that climb out or are absolute
        zip.on('error', (e: Error) => reject(new UnsafeNameError(`archive refused: ${e.message}`)));
        zip.on('end', () => resolve(names));
        zip.on('entry', (entry: yauzl.Entry) => {
          if (entry.fileName.endsWith('/')) return zip.readEntry();
          let dest: string;
          try {
            dest = this.pathOf(entry.fileName);
          } catch (e) {
            zip.close();
            return reject(new UnsafeNameError(`archive entry refused: ${(e as Error).message}`));
          }
          zip.openReadStream(entry, (e2, stream) => {
            if (e2 || !stream) return reject(e2 ?? new Error('cannot read archive entry'));
            mkdirSync(path.dirname(dest), { recursive: true });
            pipeline(stream, createWriteStream(dest)).then(() => {
              names.push(path.relative(this.dir, dest));
              zip.readEntry();
            }, reject);
          });
        });
        zip.readEntry();
      });
    });
  }
}
