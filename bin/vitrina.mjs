#!/usr/bin/env node
// The `vitrina` command. Runs the TypeScript sources through tsx's loader, so a fresh clone
// works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
