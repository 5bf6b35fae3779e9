// Serves the images `import ocstore --images DIR` copied to <varDir>/media/ocstore, at the
// /media/ocstore/... URLs the imported products, posts and pages carry. Nothing else serves
// var/media yet; when a general media route exists, this one can go.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ModuleOptions } from '../index.js';

export async function ocstoreRoutes(app: FastifyInstance, { deps }: ModuleOptions): Promise<void> {
  const root = path.join(deps.config.varDir, 'media', 'ocstore');
  mkdirSync(root, { recursive: true });
  await app.register(fastifyStatic, {
    root,
    prefix: '/media/ocstore/',
    // another module may register @fastify/static too
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    maxAge: '7d',
    schemaHide: true,
  });
}
