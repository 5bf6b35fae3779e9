// The two commands a user runs, for real: `vitrina serve` on the embedded defaults in a fresh
// directory, then the CLI beside it. Spawns the actual bin, as `npm start` does.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/vitrina.mjs');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function cli(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
}

describe('vitrina on the embedded defaults', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess | null = null;
  let stdout = '';
  let base: string;

  async function startServer(): Promise<void> {
    stdout = '';
    server = spawn(process.execPath, [bin, 'serve'], { cwd: root, env });
    server.stdout!.on('data', (d) => (stdout += d));
    server.stderr!.on('data', (d) => (stdout += d));
    const deadline = Date.now() + 240_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}: ${stdout}`);
      try {
        const r = await fetch(`${base}/health`);
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not start: ${stdout}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function stopServer(): Promise<void> {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vitrina-e2e-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VITRINA_VAR_DIR: dir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      VITRINA_DEMO_CATEGORIES: '80',
      VITRINA_DEMO_PRODUCTS: '400',
    };
    await startServer();
  });

  after(async () => {
    await stopServer();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an admin token once on first start, and it opens the admin API', async () => {
    const m = /(vt_[A-Za-z0-9_-]{40,})/.exec(stdout);
    assert.ok(m, `no token in output: ${stdout}`);
    const ok = await fetch(`${base}/api/admin/categories?limit=1`, { headers: { authorization: `Bearer ${m[1]}` } });
    assert.equal(ok.status, 200);
    const denied = await fetch(`${base}/api/admin/categories?limit=1`);
    assert.equal(denied.status, 401);
    assert.equal((await denied.json()).code, 'AUTH_REQUIRED');
  });

  it('answers /health, /ready, /metrics and serves the OpenAPI document', async () => {
    assert.equal((await fetch(`${base}/ready`)).status, 200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /vitrina_http_request_duration_seconds/);
    const doc = await (await fetch(`${base}/docs/json`)).json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(Object.keys(doc.paths).some((p: string) => p.startsWith('/api/admin/products')));
    assert.equal((await fetch(`${base}/docs`, { redirect: 'manual' })).status < 400, true);
  });

  it('a CLI command beside the running server says plainly that the database is in use', () => {
    const r = cli(['stats', '--json'], env);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /in use by process \d+ \("vitrina serve"/);
  });

  it('generated the demo catalog on first start; stats counts it once the server stops', async () => {
    await stopServer();
    const r = cli(['stats', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const stats = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(stats).sort(), ['attributes', 'categories', 'offers', 'products']);
    assert.equal(stats.products, 400);
    assert.ok(stats.categories >= 80, JSON.stringify(stats));
    assert.ok(stats.offers >= 400);
    assert.ok(stats.attributes > 10);
  });

  it('imports an NDJSON file from the CLI, reporting the bad line by number', () => {
    const file = path.join(dir, 'bad.ndjson');
    writeFileSync(file, '{"sku": "X-1", "name": "Тест"\nnot json\n');
    const errorsFile = path.join(dir, 'errors.ndjson');
    const r = cli(['import', 'products', file, '--errors', errorsFile], env);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /line 1/);
    assert.match(r.stderr, /line 2/);
    const rejected = readFileSync(errorsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rejected.map((e) => [e.line, e.code]), [[1, 'IMPORT_LINE_INVALID'], [2, 'IMPORT_LINE_INVALID']]);
  });

  it('does not print a token or reseed on the second start', async () => {
    await startServer();
    assert.doesNotMatch(stdout, /vt_[A-Za-z0-9_-]{40,}/);
    await stopServer();
    const stats = JSON.parse(cli(['stats', '--json'], env).stdout);
    assert.equal(stats.products, 400);
  });
});
