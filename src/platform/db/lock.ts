// PGlite keeps one process per data directory; a second opener would corrupt it. The lock file
// names the holder so a CLI command run beside the server can say so plainly.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

export interface LockHolder {
  pid: number;
  command: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireEmbeddedLock(dataDir: string, command: string): () => void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const file = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString() };
      fs.writeFileSync(file, JSON.stringify(holder), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
          if (cur.pid === process.pid) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: LockHolder | null = null;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
      } catch {
        holder = null;
      }
      if (holder && alive(holder.pid) && holder.pid !== process.pid) {
        throw new AppError(
          'DB_LOCKED',
          `The embedded database at ${dataDir} is in use by process ${holder.pid} ("vitrina ${holder.command}", since ${holder.since}). ` +
            'Only one process can open it: stop that process first, or run against server PostgreSQL with DATABASE_URL.',
        );
      }
      // stale lock of a dead process: take it over
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not acquire ${file}`);
}
