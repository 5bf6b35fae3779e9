#!/usr/bin/env node
// `npm test`: global setup, then every *.test.ts under src/ and test/ with node's test runner.
// Extra arguments filter test files by substring: `npm test -- categories`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

let files = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'test'))].sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}

const template = process.env.VITRINA_TEST_TEMPLATE || `vitrina_tpl_${process.pid}`;
const pgliteTemplate = process.env.VITRINA_PGLITE_TEMPLATE || path.join(tmpdir(), `${template}.pglite.tar`);
const env = {
  ...process.env,
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  VITRINA_TEST_TEMPLATE: template,
  VITRINA_PGLITE_TEMPLATE: pgliteTemplate,
};
const setup = spawnSync(process.execPath, ['--import', 'tsx', 'test/setup.ts'], { cwd: root, env, stdio: 'inherit' });
if (setup.status !== 0) process.exit(setup.status ?? 1);

const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...flags, ...files],
  { cwd: root, env, stdio: 'inherit' },
);
// the per-run template goes away with the run (a failure to drop it never fails the tests)
spawnSync(process.execPath, ['--import', 'tsx', 'test/teardown.ts'], { cwd: root, env, stdio: 'inherit' });
process.exit(run.status ?? 1);
