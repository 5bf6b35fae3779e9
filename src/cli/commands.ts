// Commands contributed by modules: each file under src/cli/ exports one `register(program, cli)`.
// main.ts keeps the core commands; listing module commands here keeps main.ts from growing a
// section per integration.
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { register as ocstore } from './ocstore.js';
import { register as search } from './search.js';
import { register as kafka } from './kafka.js';
import { register as cms } from './cms.js';

export interface CliContext {
  config(): Config;
  /** the process exit code once the command finishes (main.ts applies it after PGlite shut down) */
  setExitCode(code: number): void;
}

export type RegisterCommands = (program: Command, cli: CliContext) => void;

// One line per module, e.g. `import { register as kafka } from './kafka.js';` then add it below.
export const MODULE_COMMANDS: RegisterCommands[] = [ocstore, search, kafka, cms];
