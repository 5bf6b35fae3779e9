// `vitrina cms demo`: writes the demo CMS pages and blog posts that are not there yet (the server
// does it on first start together with the demo catalog).
import type { Command } from 'commander';
import { openPlatform } from '../platform/runtime.js';
import { seedDemoContent } from '../modules/cms/index.js';
import type { CliContext } from './commands.js';

export function register(program: Command, cli: CliContext): void {
  program
    .command('cms')
    .description('CMS content')
    .command('demo')
    .description('add the demo pages and blog posts (existing slugs are left alone)')
    .action(async () => {
      const platform = await openPlatform(cli.config(), 'cms demo');
      try {
        console.log(JSON.stringify({ added: await seedDemoContent(platform.db.kysely) }));
      } finally {
        await platform.close();
      }
    });
}
