// What one imported file did: counts per entity and every item that could not be applied (capped),
// so the answer to 1C and the log say exactly what happened.
import type { Config } from '../../config.js';
import type { PlatformDeps } from '../../platform/context.js';
import { isAppError } from '../../platform/errors.js';
import type { AttributesService } from '../attributes/index.js';
import type { CategoriesService } from '../categories/index.js';
import type { OffersService } from '../offers/index.js';
import type { ProductsService } from '../products/index.js';
import type { Executor } from './repository.js';

export interface ImportReport {
  file: string;
  categories: { created: number; updated: number };
  attributes: { created: number; updated: number; options: number };
  products: { created: number; updated: number; archived: number; skipped: number };
  offers: { created: number; updated: number; removed: number; skipped: number };
  orders: { applied: number; skipped: number };
  problems: { kind: string; id: string; reason: string }[];
  problem_count: number;
  notes: string[];
}

export const emptyReport = (file: string): ImportReport => ({
  file,
  categories: { created: 0, updated: 0 },
  attributes: { created: 0, updated: 0, options: 0 },
  products: { created: 0, updated: 0, archived: 0, skipped: 0 },
  offers: { created: 0, updated: 0, removed: 0, skipped: 0 },
  orders: { applied: 0, skipped: 0 },
  problems: [],
  problem_count: 0,
  notes: [],
});

export interface CatalogServices {
  categories: CategoriesService;
  attributes: AttributesService;
  products: ProductsService;
  offers: OffersService;
}

export interface ImportContext {
  /** the bulk upsert of big files is built from these */
  platform: PlatformDeps;
  db: Executor;
  config: Config;
  services: CatalogServices;
  report: ImportReport;
  /** absolute path of a file 1C uploaded in this session (images), or null when absent or unsafe */
  resolveUpload(relative: string): string | null;
  /** where imported images are copied (served under /media/) */
  mediaDir: string;
  /** a file name of the package exchange (import___…): a full-catalog sweep is not safe on a part */
  packageFile: boolean;
  problem(kind: string, id: string, reason: unknown): void;
  /** called between items: heartbeats the job; `progress` becomes the job's progress answer */
  tick(progress?: string): Promise<void>;
}

const MAX_PROBLEMS = 200;

export function reasonOf(e: unknown): string {
  if (isAppError(e)) return `${e.code}${e.field ? ` (${e.field})` : ''}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

export function addProblem(report: ImportReport, kind: string, id: string, reason: unknown): void {
  report.problem_count++;
  if (report.problems.length < MAX_PROBLEMS) report.problems.push({ kind, id, reason: reasonOf(reason) });
}

/** One line for 1C's log: what changed and how many items were refused. */
export function summary(r: ImportReport): string {
  const parts: string[] = [];
  const c = (label: string, o: Record<string, number>) => {
    const s = Object.entries(o).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
    if (s) parts.push(`${label}: ${s}`);
  };
  c('categories', r.categories);
  c('attributes', r.attributes);
  c('products', r.products);
  c('offers', r.offers);
  c('orders', r.orders);
  if (r.problem_count) parts.push(`problems: ${r.problem_count} (first: ${r.problems[0]?.kind} ${r.problems[0]?.id}: ${r.problems[0]?.reason})`);
  if (r.notes.length) parts.push(r.notes.join('; '));
  return `${r.file}: ${parts.join('; ') || 'nothing to change'}`;
}
