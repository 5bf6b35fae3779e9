// Shared helpers for scripts/infra/{kafka,opensearch}.mjs: Maven fetch, detached JVM, pid files, waiting.
// Node 20 built-ins only.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VAR_DIR = process.env.VITRINA_VAR_DIR
  ? path.resolve(process.env.VITRINA_VAR_DIR)
  : path.join(ROOT, 'var');
export const START_TIMEOUT_MS = 120_000;

export function log(svc, msg) {
  process.stdout.write(`[infra:${svc}] ${msg}\n`);
}

export class InfraError extends Error {
  constructor(message, { showLog = true } = {}) {
    super(message);
    this.showLog = showLog; // print the tail of the server log with the error
  }
}

/** Path for messages: relative to the project root when inside it. */
export function rel(p) {
  const r = path.relative(ROOT, p);
  return r && !r.startsWith('..') ? r : p;
}

/** Reads <name>x</name> from a pom.xml (used for the version, so the pom stays the single source). */
export function pomProperty(pomFile, name) {
  const m = fs.readFileSync(pomFile, 'utf8').match(new RegExp(`<${name}>([^<]+)</${name}>`));
  if (!m) throw new InfraError(`${pomFile}: property <${name}> not found`);
  return m[1].trim();
}

function hashInputs(files) {
  const h = createHash('sha256');
  for (const f of files) h.update(f).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.path ?? e.parentPath, e.name))
    .sort();
}

/**
 * Runs `mvn -B -q -f <pom> package` unless <cacheDir>/.stamp already matches the pom (and sources).
 * Idempotent, and instant when cached.
 */
export function ensureMavenArtifacts(svc, { pom, cacheDir, extraInputs = [], mustExist = [] }) {
  const inputs = [pom, ...extraInputs.flatMap((p) => (fs.statSync(p).isDirectory() ? listFiles(p) : [p]))];
  const digest = hashInputs(inputs);
  const stampFile = path.join(cacheDir, '.stamp');
  const cached = fs.existsSync(stampFile)
    && fs.readFileSync(stampFile, 'utf8').trim() === digest
    && mustExist.every((p) => fs.existsSync(p));
  if (cached) return false;
  log(svc, `fetching jars from Maven Central into ${rel(cacheDir)} (first run only) ...`);
  const t0 = Date.now();
  const mvn = process.env.MVN || 'mvn';
  const r = spawnSync(mvn, ['-B', '-q', '-Dstyle.color=never', '-f', pom, 'package'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new InfraError(`cannot run ${mvn}: ${r.error.message} (Maven 3.8+ and Java 17 are required)`, { showLog: false });
  if (r.status !== 0) {
    // eslint-disable-next-line no-control-regex
    const out = `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').slice(-60).join('\n');
    throw new InfraError(`${mvn} package failed for ${rel(pom)} (exit ${r.status}):\n${out}`, { showLog: false });
  }
  for (const p of mustExist) {
    if (!fs.existsSync(p)) throw new InfraError(`Maven finished but ${p} is missing`);
  }
  fs.writeFileSync(stampFile, `${digest}\n`);
  log(svc, `jars ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

export function javaBin() {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The feature version of the JDK at `home` (its `release` file), or null when it cannot be read. */
export function jdkVersion(home) {
  try {
    const m = /^JAVA_VERSION="(\d+)/m.exec(fs.readFileSync(path.join(home, 'release'), 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The newest JDK of at least `min` under `dir` (Debian's /usr/lib/jvm) as { home, version }, or null. */
export function newestJdk(min, dir = '/usr/lib/jvm') {
  let best = null;
  let names = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  for (const name of names) {
    const home = path.join(dir, name);
    const version = jdkVersion(home);
    if (version !== null && version >= min && fs.existsSync(path.join(home, 'bin', 'java')) && (!best || version > best.version)) best = { home, version };
  }
  return best;
}

export function readPid(pidFile) {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True when pid is alive AND its command line contains `marker` (guards against recycled pids). */
export function isOurProcess(pid, marker) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes(marker);
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

export function tailFile(file, lines = 40) {
  try {
    const all = fs.readFileSync(file, 'utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    return all.slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

/** Throws a clear error when one of the ports is already bound on 127.0.0.1 by some other process. */
export async function assertPortsFree(svc, ports) {
  for (const port of ports) {
    const err = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', resolve);
      srv.listen({ host: '127.0.0.1', port, exclusive: true }, () => srv.close(() => resolve(null)));
    });
    if (err) {
      throw new InfraError(`${svc}: port 127.0.0.1:${port} is already in use by another process (${err.code}); `
        + 'stop it or choose other ports via the environment', { showLog: false });
    }
  }
}

/** Spawns a detached JVM (survives this script), stdout+stderr appended to logFile, pid written to pidFile. */
export function spawnDetached({ cmd, args, logFile, pidFile, cwd = ROOT }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.1`); // keep the previous run's log
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `# ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  return new Promise((resolve, reject) => {
    child.once('error', (e) => reject(new InfraError(`cannot start ${cmd}: ${e.message}`)));
    child.once('spawn', () => {
      fs.writeFileSync(pidFile, `${child.pid}\n`);
      child.unref();
      resolve(child.pid);
    });
  });
}

/** Polls `check()` until it returns true; fails early if the process dies, or after timeoutMs. */
export async function waitUntil(check, { pid, marker, timeoutMs = START_TIMEOUT_MS, intervalMs = 250, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pid && !isOurProcess(pid, marker)) throw new InfraError(`${what}: process ${pid} exited during startup`);
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new InfraError(`${what}: not ready after ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}

/** SIGTERM, wait up to graceMs, then SIGKILL. Resolves to true if a process was stopped. */
export async function stopPid(pid, marker, graceMs = 30_000) {
  if (!isOurProcess(pid, marker)) return false;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, marker)) return true;
    await sleep(200);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  while (isOurProcess(pid, marker)) await sleep(100);
  return true;
}

/** Common CLI: start (default) | stop | status | restart. */
export async function runCli(svc, handlers, logFile) {
  const cmd = process.argv[2] ?? 'start';
  const handler = handlers[cmd];
  if (!handler) {
    process.stderr.write(`usage: node scripts/infra/${svc}.mjs [${Object.keys(handlers).join('|')}]\n`);
    process.exit(2);
  }
  try {
    process.exitCode = (await handler()) ?? 0;
  } catch (e) {
    if (!(e instanceof InfraError)) throw e;
    process.stderr.write(`[infra:${svc}] ERROR: ${e.message}\n`);
    if (e.showLog && logFile && fs.existsSync(logFile)) {
      process.stderr.write(`--- last 40 lines of ${logFile} ---\n${tailFile(logFile, 40)}\n---\n`);
    }
    process.exitCode = 1;
  }
}

/** `stop`: ends the process named in the pid file if it is ours, and forgets the pid either way. */
export async function stopService(svc, pidFile, marker) {
  const pid = readPid(pidFile);
  if (!isOurProcess(pid, marker)) {
    fs.rmSync(pidFile, { force: true });
    log(svc, 'not running');
    return 0;
  }
  log(svc, `stopping pid ${pid} ...`);
  await stopPid(pid, marker);
  fs.rmSync(pidFile, { force: true });
  log(svc, 'stopped');
  return 0;
}
