// `vitrina import ocstore --mysql mysql://… [--prefix oc_] [--language ru-ru] [--images DIR] [--dry-run]`
import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from './commands.js';
import { openPlatform } from '../platform/runtime.js';
import { progressBar, type Progress } from '../platform/progress.js';
import { checkOcstore, importOcstore, type OcstoreReport } from '../modules/ocstore/index.js';

export function printReport(report: OcstoreReport, out: (s: string) => void = console.log): void {
  out(`ocStore ${report.series} (${report.language})${report.dry_run ? ' — DRY RUN, nothing was written; this is what would change' : ''}`);
  out(`${'entity'.padEnd(22)}${'read'.padStart(9)}${'created'.padStart(9)}${'updated'.padStart(9)}${'same'.padStart(9)}${'skipped'.padStart(9)}`);
  for (const [name, c] of Object.entries(report.entities)) {
    out(`${name.padEnd(22)}${String(c.read).padStart(9)}${String(c.created).padStart(9)}${String(c.updated).padStart(9)}${String(c.unchanged).padStart(9)}${String(c.skipped).padStart(9)}`);
  }
  const archived = report.entities.products?.archived ?? 0;
  if (archived) out(`products archived (deleted in ocStore since the last run): ${archived}`);
  out(`redirects written: ${report.redirects}; ${report.seconds.toFixed(1)} s`);
  if (report.skipped.length) {
    out(`\nskipped rows (${report.skipped.length}):`);
    for (const s of report.skipped) out(`  ${s.entity} ${s.id}: ${s.reason}`);
  }
  if (report.warnings.length) {
    out(`\nwarnings (${report.warnings.length}):`);
    for (const w of report.warnings) out(`  ${w.entity} ${w.id}: ${w.reason}`);
  }
  if (report.truncated) out('(more issues than the report keeps; see --json output of --issues FILE)');
}

export function register(program: Command, cli: CliContext): void {
  const importCmd = program.commands.find((c) => c.name() === 'import') ?? program.command('import');
  importCmd
    .command('ocstore')
    .description('migrate a live ocStore (OpenCart RU, 2.x/3.x) shop from MySQL/MariaDB; safe to re-run')
    .requiredOption('--mysql <url>', 'mysql://USER:PASS@HOST:PORT/DB of the shop (read only)')
    .option('--prefix <prefix>', 'table prefix', 'oc_')
    .option('--language <code>', "language code to import (default: the shop's config_language)")
    .option('--images <dir>', "the shop's image/ directory: files are copied to var/media/ocstore")
    .option('--warehouse <code>', 'own warehouse the product quantity goes to', 'msk')
    .option('--timezone <tz>', "time zone of ocStore's dates (default: config_timezone, else UTC)")
    .option('--dry-run', 'read everything and report what would change; write nothing')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { mysql: string; prefix: string; language?: string; images?: string; warehouse: string; timezone?: string; dryRun?: boolean; json?: boolean }) => {
      if (!/^[a-z0-9_-]{1,32}$/.test(opts.warehouse)) throw new InvalidArgumentError('--warehouse: 1–32 of a-z, 0-9, _ and -');
      // an unreachable shop, a wrong prefix or language fails here, before our database is even opened
      const shop = await checkOcstore({ mysql: opts.mysql, prefix: opts.prefix, ...(opts.language ? { language: opts.language } : {}), ...(opts.timezone ? { timeZone: opts.timezone } : {}) });
      console.error(`ocStore ${shop.series} at ${shop.database} (prefix ${shop.prefix}, language ${shop.languageCode}${shop.blog ? ', with blog' : ''})`);
      const platform = await openPlatform(cli.config(), 'import ocstore');
      const bars = new Map<string, Progress>();
      try {
        const report = await importOcstore(platform, {
          mysql: opts.mysql,
          prefix: opts.prefix,
          warehouse: opts.warehouse,
          dryRun: !!opts.dryRun,
          ...(opts.language ? { language: opts.language } : {}),
          ...(opts.images ? { images: opts.images } : {}),
          ...(opts.timezone ? { timeZone: opts.timezone } : {}),
          onProgress(entity, done, total) {
            if (total === 0) return;
            let bar = bars.get(entity);
            if (!bar) bars.set(entity, (bar = progressBar(entity.padEnd(16), Math.max(total, 1), 'rows')));
            bar.update(done);
            if (done >= total) bar.stop();
          },
        });
        for (const b of bars.values()) b.stop();
        if (opts.json) console.log(JSON.stringify(report));
        else printReport(report);
      } finally {
        await platform.close();
      }
    });
}
