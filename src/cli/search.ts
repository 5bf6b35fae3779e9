// `vitrina search reindex [--fresh] [--batch-size N]`: rebuilds the search index of the configured
// engine with a progress bar. An interrupted run leaves a checkpoint (the last product id done); the
// next run continues from it unless --fresh is given. Search keeps answering during the rebuild.
import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from './commands.js';
import { openPlatform } from '../platform/runtime.js';
import { progressBar, type Progress } from '../platform/progress.js';
import { createServices } from '../services.js';

const intArg = (v: string) => {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1 || n > 50_000) throw new InvalidArgumentError('--batch-size must be 1..50000');
  return n;
};

export function register(program: Command, cli: CliContext): void {
  const search = program.commands.find((c) => c.name() === 'search') ?? program.command('search').description('search index maintenance');
  search
    .command('reindex')
    .description('rebuild the search index (postgres or OpenSearch, per SEARCH_ENGINE); resumes an interrupted run')
    .option('--fresh', 'ignore the checkpoint of an interrupted run and start over')
    .option('--batch-size <n>', 'products per batch', intArg, 1000)
    .action(async (opts: { fresh?: boolean; batchSize: number }) => {
      const config = cli.config();
      const platform = await openPlatform(config, 'search reindex');
      const service = createServices(platform).search;
      let bar = null as Progress | null;
      try {
        const r = await service.reindex({
          resume: !opts.fresh,
          batchSize: opts.batchSize,
          onProgress(done, total) {
            bar ??= progressBar(`search (${config.searchEngine})`, Math.max(total, 1), 'products');
            bar.update(done);
          },
        });
        bar?.stop();
        console.log(
          `indexed ${r.indexed} products in ${r.seconds.toFixed(1)} s` +
            (r.resumed_after ? ` (resumed after product id ${r.resumed_after})` : '') +
            ` — ${Math.round(r.indexed / Math.max(r.seconds, 0.001))} docs/s`,
        );
      } catch (e) {
        bar?.stop();
        console.error(`reindex stopped: ${(e as Error).message}\nrun it again to continue from the last checkpoint`);
        cli.setExitCode(1);
      } finally {
        await service.close();
        await platform.close();
      }
    });
}
