#!/usr/bin/env node
// Local OpenSearch 2.19.x single HTTP node from Maven Central jars (launcher: infra/opensearch/src/main/java).
//   node scripts/infra/opensearch.mjs [start|stop|status|restart]     (npm run infra:opensearch -- stop)
// Env: OPENSEARCH_PORT (9200), OPENSEARCH_TRANSPORT_PORT (OPENSEARCH_PORT+100), OPENSEARCH_HEAP (2g),
//      VITRINA_VAR_DIR (<root>/var), OPENSEARCH_JAVA_HOME (see nodeJava), OPENSEARCH_JAVA_OPTS (extra JVM
//      flags, after ours), JAVA_HOME, MVN.
// Home: <var>/opensearch/{config,data,logs}, log: <var>/opensearch/server.log, pid: <var>/opensearch/pid.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  ROOT, VAR_DIR, assertPortsFree, rel, ensureMavenArtifacts, isOurProcess, javaBin, jdkVersion, log, newestJdk, pomProperty,
  readPid, runCli, spawnDetached, stopPid, waitUntil, stopService,
} from './common.mjs';

const SVC = 'opensearch';
const MAIN_CLASS = 'dev.vitrina.infra.opensearch.VitrinaOpenSearch';
const INFRA = path.join(ROOT, 'infra', 'opensearch');
const POM = path.join(INFRA, 'pom.xml');
const VERSION = pomProperty(POM, 'opensearch.version');
const CACHE = path.join(ROOT, '.cache', `opensearch-${VERSION}`);
const LIB = path.join(CACHE, 'lib');
const LAUNCHER_JAR = path.join(CACHE, 'vitrina-opensearch-launcher.jar');
const HOME = path.join(VAR_DIR, 'opensearch');
const LOG_FILE = path.join(HOME, 'server.log');
const PID_FILE = path.join(HOME, 'pid');
const PORT = Number(process.env.OPENSEARCH_PORT || 9200);
const TRANSPORT_PORT = Number(process.env.OPENSEARCH_TRANSPORT_PORT || PORT + 100);
// 2g (was 1g): the 1M-SKU index needs heap for the indexing buffer below, global ordinals of the facet
// keyword fields and the request/query caches; the rest of the machine's RAM is left to the OS page
// cache, which Lucene relies on for the index files themselves.
const HEAP = process.env.OPENSEARCH_HEAP || '2g';

/**
 * The Java that runs the node: OPENSEARCH_JAVA_HOME when set (OpenSearch's own variable), else the
 * newest JDK 21+ of the machine (the distribution bundles JDK 21 and does not run on the system Java
 * either), else JAVA_HOME or `java` (17 here). Why not simply 17: on 21+ Lucene reads the index files
 * through MemorySegments instead of ByteBuffers; a 200k-product rebuild took 15 % less of the node's
 * CPU on Temurin 25 than on OpenJDK 17 (48.3–49.1 against 55.8–58.0 s, alternating pairs,
 * bench:search-reindex LIMIT=200000). The launcher skips the distribution's Bootstrap and its
 * SecurityManager, which JDK 24+ no longer has.
 */
function nodeJava() {
  const home = process.env.OPENSEARCH_JAVA_HOME;
  if (home) return { bin: path.join(home, 'bin', 'java'), version: jdkVersion(home) };
  const jdk = newestJdk(21);
  if (jdk) return { bin: path.join(jdk.home, 'bin', 'java'), version: jdk.version };
  return { bin: javaBin(), version: process.env.JAVA_HOME ? jdkVersion(process.env.JAVA_HOME) : null };
}

/** JVM flags of the distribution's config/jvm.options that depend on the Java version. */
function versionFlags(version) {
  return [
    // COMPAT (the JDK 8 locale data the distribution keeps for date formats) is gone from JDK 23
    version !== null && version >= 23 ? '-Djava.locale.providers=SPI,CLDR' : '-Djava.locale.providers=SPI,COMPAT',
    // Lucene calls madvise through the foreign-function API; without this, JDK 22+ warns on stderr
    ...(version !== null && version >= 22 ? ['--enable-native-access=ALL-UNNAMED'] : []),
  ];
}

/** GET /_cluster/health → the parsed body, or null when not reachable. */
export function clusterHealth(port = PORT, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/_cluster/health', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 ? JSON.parse(body) : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

async function healthy() {
  const h = await clusterHealth();
  return h && (h.status === 'green' || h.status === 'yellow') ? h : null;
}

const stopHint = () => log(SVC, 'stop it with: npm run infra:opensearch -- stop');

async function start() {
  const pid = readPid(PID_FILE);
  if (isOurProcess(pid, MAIN_CLASS)) {
    const h = await healthy();
    if (h) {
      log(SVC, `already running (pid ${pid}) on http://127.0.0.1:${PORT} (status ${h.status})`);
      return 0;
    }
    log(SVC, `pid ${pid} is running but not healthy yet; waiting ...`);
    await waitUntil(healthy, { pid, marker: MAIN_CLASS, what: 'OpenSearch' });
    log(SVC, `ready on http://127.0.0.1:${PORT} (pid ${pid})`);
    stopHint();
    return 0;
  }
  const foreign = await healthy();
  if (foreign) {
    log(SVC, `a node not started by this script (cluster ${foreign.cluster_name}) already answers on http://127.0.0.1:${PORT}; using it as is`);
    return 0;
  }

  await assertPortsFree(SVC, [PORT, TRANSPORT_PORT]);
  const t0 = Date.now();
  ensureMavenArtifacts(SVC, {
    pom: POM,
    cacheDir: CACHE,
    extraInputs: [path.join(INFRA, 'src')],
    mustExist: [LAUNCHER_JAR, path.join(LIB, `opensearch-${VERSION}.jar`)],
  });
  fs.mkdirSync(path.join(HOME, 'config'), { recursive: true });
  fs.copyFileSync(path.join(INFRA, 'log4j2.properties'), path.join(HOME, 'config', 'log4j2.properties'));
  const java = nodeJava();
  const args = [
    `-Xms${HEAP}`, `-Xmx${HEAP}`,
    // subset of the distribution's config/jvm.options that matters without its Bootstrap
    '-XX:+UseG1GC', '-XX:G1ReservePercent=25', '-XX:InitiatingHeapOccupancyPercent=30',
    '-XX:-OmitStackTraceInFastThrow', '-Dfile.encoding=UTF-8', '-Djava.awt.headless=true',
    ...versionFlags(java.version), '-Dlog4j.shutdownHookEnabled=false', '-Dlog4j2.disable.jmx=true',
    '-Dio.netty.allocator.numDirectArenas=0', '-Dio.netty.noUnsafe=true', '-Dio.netty.recycler.maxCapacityPerThread=0',
    // node settings (the launcher reads -Dvitrina.os.setting.*): a 25% indexing buffer (default 10%)
    // flushes a bulk rebuild into fewer, larger segments — fewer merges and cheaper per-document _id
    // lookups while a 1M-document index is built
    '-Dvitrina.os.setting.indices.memory.index_buffer_size=25%',
    // last, so they override the above (the distribution reads the same variable)
    ...(process.env.OPENSEARCH_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean),
    '-cp', `${LAUNCHER_JAR}${path.delimiter}${LIB}${path.sep}*`,
    MAIN_CLASS, HOME, String(PORT), String(TRANSPORT_PORT),
  ];
  const newPid = await spawnDetached({ cmd: java.bin, args, logFile: LOG_FILE, pidFile: PID_FILE });
  log(SVC, `started OpenSearch ${VERSION} on Java ${java.version ?? '(version unknown)'} (${java.bin}, pid ${newPid}), waiting for http://127.0.0.1:${PORT}/_cluster/health ...`);
  try {
    await waitUntil(healthy, { pid: newPid, marker: MAIN_CLASS, what: 'OpenSearch' });
  } catch (e) {
    await stopPid(newPid, MAIN_CLASS, 10_000);
    fs.rmSync(PID_FILE, { force: true });
    throw e;
  }
  log(SVC, `ready on http://127.0.0.1:${PORT} in ${((Date.now() - t0) / 1000).toFixed(1)} s (log: ${rel(LOG_FILE)})`);
  stopHint();
  return 0;
}

const stop = () => stopService(SVC, PID_FILE, MAIN_CLASS);

async function status() {
  const pid = readPid(PID_FILE);
  const running = isOurProcess(pid, MAIN_CLASS);
  const h = await clusterHealth();
  const ok = h && (h.status === 'green' || h.status === 'yellow');
  if (running && h) log(SVC, `running (pid ${pid}) on http://127.0.0.1:${PORT}, cluster status ${h.status}`);
  else if (running) log(SVC, `running (pid ${pid}) but http://127.0.0.1:${PORT} is not answering`);
  else if (h) log(SVC, `not started by this script, but a node answers on http://127.0.0.1:${PORT} (status ${h.status})`);
  else log(SVC, 'not running');
  return ok ? 0 : running || h ? 1 : 3;
}

async function restart() {
  await stop();
  return start();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await runCli(SVC, { start, stop, status, restart }, LOG_FILE);
}
