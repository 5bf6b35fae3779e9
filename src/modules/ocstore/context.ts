// State one import run shares between its steps: the source, the target session, the report, and
// the small id maps (categories, brands, attributes, options) every product batch consults.
import { copyFile, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ReportBuilder } from './report.js';
import type { Row, Source } from './source.js';
import type { Target } from './target.js';

export interface OcstoreImportOptions {
  /** mysql://user:pass@host:port/db */
  mysql: string;
  prefix?: string;
  language?: string;
  timeZone?: string;
  /** the shop's image/ directory: files are copied under <varDir>/media/ocstore */
  images?: string;
  dryRun?: boolean;
  /** own-warehouse code the product quantity goes to (default msk) */
  warehouse?: string;
  /** products per page read from ocStore and written in one batch */
  pageSize?: number;
  onProgress?: (entity: string, done: number, total: number) => void;
  onIssue?: (kind: 'skipped' | 'warning', issue: { entity: string; id: string; reason: string }) => void;
}

export interface CategoryRef {
  id: number;
  path: string;
  /** our ids of the category's ancestors and itself, root first (= categories.ancestor_ids) */
  ancestors: number[];
  /** ocStore SEO keywords of the category and its ancestors, root first (null when one lacks a keyword) */
  keywords: string[] | null;
}

export interface OptionRef {
  attributeId: number;
  code: string;
  /** option_value_id → option code */
  values: Map<string, string>;
}

export interface AttributeRef {
  id: number;
  code: string;
  type: 'boolean' | 'number' | 'text';
}

export interface Ctx {
  src: Source;
  tgt: Target;
  rep: ReportBuilder;
  opts: OcstoreImportOptions;
  mediaDir: string;
  categories: Map<string, CategoryRef>;
  fallbackCategory: number | null;
  brands: Map<string, number>;
  attributes: Map<string, AttributeRef>;
  options: Map<string, OptionRef>;
  /** our product ids written in this run (for the best-offer pass after the session) */
  productIds: number[];
  progress(entity: string, done: number, total: number): void;
}

/** ocStore SEO keywords of one kind of entity: `${kind}=${id}` → keywords (chosen language first). */
export async function seoKeywords(ctx: Ctx, kind: string, ids: (string | number)[] | null): Promise<Map<string, string[]>> {
  const { src } = ctx;
  const out = new Map<string, string[]>();
  if (ids && !ids.length) return out;
  const queries = ids ? ids.map((i) => `${kind}=${i}`) : null;
  let rows: Row[];
  if (src.info.series === '3.x') {
    rows = await src.all(
      `SELECT query, keyword, language_id FROM ${src.t('seo_url')} WHERE store_id = 0 AND ` + (queries ? 'query IN (?)' : 'query LIKE ?'),
      [queries ?? `${kind}=%`],
    );
    // the chosen language's keyword first: it names the new slug
    rows.sort((a, b) => Number(Number(b.language_id) === src.info.languageId) - Number(Number(a.language_id) === src.info.languageId));
  } else {
    rows = await src.all(`SELECT query, keyword FROM ${src.t('url_alias')} WHERE ` + (queries ? 'query IN (?)' : 'query LIKE ?'), [queries ?? `${kind}=%`]);
  }
  for (const r of rows) {
    const kw = String(r.keyword ?? '').trim();
    if (!kw) continue;
    const id = String(r.query).slice(kind.length + 1);
    const list = out.get(id) ?? [];
    if (!list.includes(kw)) list.push(kw);
    out.set(id, list);
  }
  return out;
}

/**
 * URL of an ocStore image path: copied under /media/ocstore when --images is given. A path that
 * would leave the image directory (`..`, a symlink pointing out) is refused and reported: the
 * path comes from the shop's database, which is not trusted to name files on this machine.
 */
export async function imageUrl(ctx: Ctx, entity: string, id: unknown, rel: unknown): Promise<string | null> {
  const p = String(rel ?? '').trim().replace(/^\/+/, '');
  if (!p || p === 'no_image.png') return null;
  if (p.split(/[\\/]/).some((seg) => seg === '..' || seg === '.') || p.includes('\u0000') || p.includes('\\')) {
    ctx.rep.warn(entity, id, `image "${p.slice(0, 200)}" refused: the path leaves the image directory`);
    return null;
  }
  const url = '/media/ocstore/' + p.split('/').map(encodeURIComponent).join('/');
  if (ctx.opts.images && !ctx.tgt.dryRun) {
    const dest = path.join(ctx.mediaDir, 'ocstore', p);
    try {
      const base = await realpath(ctx.opts.images);
      const from = await realpath(path.join(base, p));
      if (!from.startsWith(base + path.sep)) {
        ctx.rep.warn(entity, id, `image "${p.slice(0, 200)}" refused: it links outside the image directory`);
        return null;
      }
      await mkdir(path.dirname(dest), { recursive: true });
      await copyFile(from, dest);
    } catch (e) {
      ctx.rep.warn(entity, id, `image ${p} not copied: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return null;
    }
  }
  return url;
}
