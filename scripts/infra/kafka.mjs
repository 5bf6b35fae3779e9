#!/usr/bin/env node
// Local Apache Kafka (KRaft, single combined broker+controller) from Maven Central jars.
//   node scripts/infra/kafka.mjs [start|stop|status|restart]     (npm run infra:kafka -- stop)
// Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_HEAP (768m), VITRINA_VAR_DIR (<root>/var),
//      JAVA_HOME, MVN. Data: <var>/kafka/data, log: <var>/kafka/server.log, pid: <var>/kafka/pid.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  ROOT, VAR_DIR, assertPortsFree, rel, InfraError, ensureMavenArtifacts, isOurProcess, javaBin, log, pomProperty,
  readPid, runCli, spawnDetached, stopPid, waitUntil, stopService,
} from './common.mjs';

const SVC = 'kafka';
const MAIN_CLASS = 'kafka.Kafka';
const INFRA = path.join(ROOT, 'infra', 'kafka');
const POM = path.join(INFRA, 'pom.xml');
const VERSION = pomProperty(POM, 'kafka.version');
const CACHE = path.join(ROOT, '.cache', `kafka-${VERSION}`);
const LIB = path.join(CACHE, 'lib');
const HOME = path.join(VAR_DIR, 'kafka');
const DATA = path.join(HOME, 'data');
const LOG_FILE = path.join(HOME, 'server.log');
const PID_FILE = path.join(HOME, 'pid');
const CONFIG = path.join(HOME, 'server.properties'); // generated from infra/kafka/server.properties
const PORT = Number(process.env.KAFKA_PORT || 9092);
const CONTROLLER_PORT = Number(process.env.KAFKA_CONTROLLER_PORT || PORT + 1);
const HEAP = process.env.KAFKA_HEAP || '768m';

/**
 * Real Kafka protocol check: ApiVersions v0 request, expects a response with our correlation id
 * and error_code 0. Resolves true/false, never throws.
 */
export function kafkaApiVersionsOk(port = PORT, host = '127.0.0.1', timeoutMs = 2000) {
  return new Promise((resolve) => {
    const clientId = Buffer.from('vitrina-infra');
    const correlationId = 0x5a17;
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length);
    let o = 0;
    o = body.writeInt16BE(18, o); // api_key ApiVersions
    o = body.writeInt16BE(0, o); // api_version 0
    o = body.writeInt32BE(correlationId, o);
    o = body.writeInt16BE(clientId.length, o);
    clientId.copy(body, o);
    const frame = Buffer.concat([Buffer.alloc(4), body]);
    frame.writeInt32BE(body.length, 0);

    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (ok) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve(ok);
    };
    const sock = net.connect({ host, port }, () => sock.write(frame));
    sock.setTimeout(timeoutMs, () => finish(false));
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 10) return;
      const size = buf.readInt32BE(0);
      if (buf.length < 4 + size) return;
      finish(buf.readInt32BE(4) === correlationId && buf.readInt16BE(8) === 0);
    });
  });
}

function writeConfig() {
  const overrides = {
    'log.dirs': DATA,
    listeners: `PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${PORT}`,
    'controller.quorum.voters': `1@127.0.0.1:${CONTROLLER_PORT}`,
  };
  const lines = fs.readFileSync(path.join(INFRA, 'server.properties'), 'utf8').split('\n')
    .filter((l) => !Object.keys(overrides).some((k) => l.startsWith(`${k}=`)));
  lines.push('', '# --- set by scripts/infra/kafka.mjs ---', ...Object.entries(overrides).map(([k, v]) => `${k}=${v}`), '');
  fs.mkdirSync(HOME, { recursive: true });
  fs.writeFileSync(CONFIG, lines.join('\n'));
}

function jvmCommon() {
  return [
    `-Dlog4j.configuration=file:${path.join(INFRA, 'log4j.properties')}`,
    '-Djava.awt.headless=true',
    '-cp', `${LIB}${path.sep}*`,
  ];
}

/** kafka-storage format: needed once per fresh data dir (KRaft refuses to start without meta.properties). */
function formatIfNeeded() {
  if (fs.existsSync(path.join(DATA, 'meta.properties'))) return;
  let clusterId;
  do clusterId = randomBytes(16).toString('base64url'); while (clusterId.startsWith('-'));
  log(SVC, `formatting ${rel(DATA)} (cluster id ${clusterId})`);
  const r = spawnSync(javaBin(), [
    '-Xmx256m', '-XX:TieredStopAtLevel=1', ...jvmCommon(),
    'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', CONFIG, '--ignore-formatted',
  ], { cwd: ROOT, encoding: 'utf8' });
  if (r.error) throw new InfraError(`cannot run java: ${r.error.message} (Java 17+ is required)`);
  if (r.status !== 0) throw new InfraError(`kafka-storage format failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

function serverStartedLogged() {
  try {
    return fs.readFileSync(LOG_FILE, 'utf8').includes('Kafka Server started');
  } catch {
    return false;
  }
}

const stopHint = () => log(SVC, 'stop it with: npm run infra:kafka -- stop');

async function start() {
  const pid = readPid(PID_FILE);
  if (isOurProcess(pid, MAIN_CLASS)) {
    if (await kafkaApiVersionsOk()) {
      log(SVC, `already running (pid ${pid}) on 127.0.0.1:${PORT}`);
      return 0;
    }
    log(SVC, `pid ${pid} is running but not answering yet; waiting ...`);
    await waitUntil(() => kafkaApiVersionsOk(), { pid, marker: MAIN_CLASS, what: 'Kafka' });
    log(SVC, `ready on 127.0.0.1:${PORT} (pid ${pid})`);
    stopHint();
    return 0;
  }
  if (await kafkaApiVersionsOk()) {
    log(SVC, `a Kafka broker not started by this script already answers on 127.0.0.1:${PORT}; using it as is`);
    return 0;
  }

  await assertPortsFree(SVC, [PORT, CONTROLLER_PORT]);
  const t0 = Date.now();
  ensureMavenArtifacts(SVC, { pom: POM, cacheDir: CACHE, mustExist: [path.join(LIB, `kafka_2.13-${VERSION}.jar`)] });
  writeConfig();
  formatIfNeeded();
  const args = [
    `-Xms256m`, `-Xmx${HEAP}`,
    '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent', '-XX:MaxInlineLevel=15', // = KAFKA_JVM_PERFORMANCE_OPTS
    ...jvmCommon(), MAIN_CLASS, CONFIG,
  ];
  const newPid = await spawnDetached({ cmd: javaBin(), args, logFile: LOG_FILE, pidFile: PID_FILE });
  log(SVC, `started Kafka ${VERSION} (pid ${newPid}), waiting for 127.0.0.1:${PORT} ...`);
  try {
    await waitUntil(async () => serverStartedLogged() && kafkaApiVersionsOk(), { pid: newPid, marker: MAIN_CLASS, what: 'Kafka' });
  } catch (e) {
    await stopPid(newPid, MAIN_CLASS, 5_000);
    fs.rmSync(PID_FILE, { force: true });
    throw e;
  }
  log(SVC, `ready on 127.0.0.1:${PORT} in ${((Date.now() - t0) / 1000).toFixed(1)} s (log: ${rel(LOG_FILE)})`);
  stopHint();
  return 0;
}

const stop = () => stopService(SVC, PID_FILE, MAIN_CLASS);

/** Only the jars: tests that start brokers of their own need them even when one already runs. */
async function fetchJars() {
  ensureMavenArtifacts(SVC, { pom: POM, cacheDir: CACHE, mustExist: [path.join(LIB, `kafka_2.13-${VERSION}.jar`)] });
  log(SVC, `jars ready in ${rel(LIB)}`);
  return 0;
}

async function status() {
  const pid = readPid(PID_FILE);
  const running = isOurProcess(pid, MAIN_CLASS);
  const healthy = await kafkaApiVersionsOk();
  if (running && healthy) log(SVC, `running (pid ${pid}), healthy on 127.0.0.1:${PORT}`);
  else if (running) log(SVC, `running (pid ${pid}) but not answering on 127.0.0.1:${PORT}`);
  else if (healthy) log(SVC, `not started by this script, but a broker answers on 127.0.0.1:${PORT}`);
  else log(SVC, 'not running');
  return healthy ? 0 : running ? 1 : 3;
}

async function restart() {
  await stop();
  return start();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await runCli(SVC, { start, stop, status, restart, fetch: fetchJars }, LOG_FILE);
}
