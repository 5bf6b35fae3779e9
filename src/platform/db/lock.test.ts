import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireEmbeddedLock } from './lock.js';
import { AppError } from '../errors.js';

describe('embedded database lock', () => {
  it('refuses a second holder and names the process that has it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-lock-'));
    const dataDir = path.join(dir, 'pglite');
    // a real other process holds the lock
    const child = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1000)']);
    try {
      writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: child.pid, command: 'serve', since: new Date().toISOString() }));
      assert.throws(
        () => acquireEmbeddedLock(dataDir, 'stats'),
        (e: unknown) => e instanceof AppError && e.code === 'DB_LOCKED' && e.message.includes(String(child.pid)) && e.message.includes('vitrina serve'),
      );
    } finally {
      child.kill();
    }
  });

  it('takes over the lock of a process that no longer exists', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-lock-'));
    const dataDir = path.join(dir, 'pglite');
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, command: 'serve', since: 'x' }));
    const release = acquireEmbeddedLock(dataDir, 'stats');
    release();
  });
});
