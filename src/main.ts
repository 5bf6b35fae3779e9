// CLI entry: `vitrina serve|migrate|seed|import|stats|token`. Only this file listens or exits.
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { AppError } from './platform/errors.js';
import { openPlatform } from './platform/runtime.js';
import { progressBar } from './platform/progress.js';
import { createToken } from './platform/http/auth.js';
import { serve } from './server.js';
import { catalogStats, importProductsFile, seedCatalog } from './modules/bulk/index.js';
import { MODULE_COMMANDS } from './cli/commands.js';

const intArg = (name: string) => (v: string) => {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
};

function config(): Config {
  return loadConfig();
}

// Set by commands; applied explicitly at the end because embedded PGlite (Emscripten) resets
// process.exitCode when it shuts down.
let exitCode = 0;

const program = new Command('vitrina')
  .description('Vitrina commerce platform')
  .version('0.1.0')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the HTTP server (migrates, creates the first admin token, seeds demo data on first start)')
  .action(async () => {
    await serve(config());
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const platform = await openPlatform(config(), 'migrate', { migrate: false });
    try {
      const { migrate } = await import('./platform/db/migrate.js');
      const { applied } = await migrate(platform.db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    } finally {
      await platform.close();
    }
  });

program
  .command('seed')
  .description('generate a deterministic demo catalog (same seed → same catalog)')
  .option('--categories <n>', 'number of categories', intArg('--categories'), 1200)
  .option('--products <n>', 'number of products', intArg('--products'), 20_000)
  .option('--seed <n>', 'random seed', intArg('--seed'), 42)
  .action(async (opts: { categories: number; products: number; seed: number }) => {
    const platform = await openPlatform(config(), 'seed');
    try {
      const started = Date.now();
      const bar = progressBar('seeding', opts.products, 'products');
      const result = await seedCatalog(platform, opts, (p) => bar.update(p.products));
      bar.stop();
      console.log(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }));
    } finally {
      await platform.close();
    }
  });

const importCmd = program.command('import').description('bulk imports');
importCmd
  .command('products <file>')
  .description('upsert products from an NDJSON file (one product per line); bad lines are reported, good ones land')
  .option('--errors <file>', 'also write every rejected line as NDJSON to this file')
  .action(async (file: string, opts: { errors?: string }) => {
    const platform = await openPlatform(config(), 'import products');
    try {
      const { createWriteStream, statSync } = await import('node:fs');
      const bytes = statSync(file).size;
      // every rejected line goes to --errors as it happens (the report keeps only the first 1,000)
      const errorsOut = opts.errors ? createWriteStream(opts.errors) : null;
      const bar = progressBar('importing', bytes, 'bytes');
      const report = await importProductsFile(platform, file, (p) => bar.update(p.bytes), {
        ...(errorsOut ? { onError: (e) => errorsOut.write(JSON.stringify(e) + '\n') } : {}),
      });
      bar.stop();
      if (errorsOut) await new Promise((r) => errorsOut.end(r));
      for (const e of report.errors.slice(0, 50)) {
        console.error(`line ${e.line}${e.sku ? ` (${e.sku})` : ''}: ${e.code}${e.field ? ` ${e.field}` : ''}: ${e.message}`);
      }
      if (report.failed > 50) console.error(`… and ${report.failed - 50} more rejected lines`);
      const { errors: _errors, ...summary } = report;
      console.log(JSON.stringify(summary));
      if (report.failed > 0) exitCode = 1;
    } finally {
      await platform.close();
    }
  });

program
  .command('stats')
  .description('catalog counts of the configured database')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const platform = await openPlatform(config(), 'stats');
    try {
      const stats = await catalogStats(platform.db);
      if (opts.json) console.log(JSON.stringify(stats));
      else for (const [k, v] of Object.entries(stats)) console.log(`${k.padEnd(12)} ${v}`);
    } finally {
      await platform.close();
    }
  });

const token = program.command('token').description('API tokens');
token
  .command('create')
  .description('create a bearer token and print it once')
  .option('--name <name>', 'label for the token', 'cli')
  .option('--role <role>', 'admin | moderator | seller | customer', 'admin')
  .action(async (opts: { name: string; role: string }) => {
    if (!['admin', 'moderator', 'seller', 'customer'].includes(opts.role)) {
      throw new InvalidArgumentError('--role must be admin, moderator, seller or customer');
    }
    const platform = await openPlatform(config(), 'token create');
    try {
      console.log(await createToken(platform.db, opts.name, opts.role as 'admin'));
    } finally {
      await platform.close();
    }
  });

for (const register of MODULE_COMMANDS) register(program, { config, setExitCode: (c) => (exitCode = c) });

try {
  await program.parseAsync(process.argv);
  if (program.args[0] !== 'serve') process.exit(exitCode);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  if (e instanceof AppError) {
    console.error(`vitrina: ${e.message} [${e.code}]`);
    process.exit(e.code === 'DB_LOCKED' ? 3 : 1);
  }
  console.error(e);
  process.exit(1);
}
