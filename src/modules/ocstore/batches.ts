// "A broken row never stops the run": a batch is written in one transaction; when the write fails
// (a constraint, a number out of range — things only the database sees), the batch is rolled back
// and retried row by row, each row in its own savepoint of one transaction, so only the rows that
// fail again are skipped and reported with the database's reason, and every good row lands.
// What a write reports is held in a PendingReport and applied only once its transaction committed,
// so a rolled-back attempt leaves no counts or warnings behind (the retry reports them again).
import type { Ctx } from './context.js';
import type { EntityCounts, ReportBuilder } from './report.js';

export class PendingReport {
  private ops: ((r: ReportBuilder) => void)[] = [];

  skip(entity: string, id: unknown, reason: string) {
    this.ops.push((r) => r.skip(entity, id, reason));
  }

  warn(entity: string, id: unknown, reason: string) {
    this.ops.push((r) => r.warn(entity, id, reason));
  }

  wrote(entity: string, c: { created: number; updated: number; matched: number }) {
    this.ops.push((r) => r.wrote(entity, c));
  }

  add(entity: string, field: keyof EntityCounts, n: number) {
    this.ops.push((r) => {
      r.counts(entity)[field] += n;
    });
  }

  redirects(n: number) {
    this.ops.push((r) => {
      r.report.redirects += n;
    });
  }

  /** Runs `fn` once the write committed (e.g. remembering the ids written). */
  afterCommit(fn: () => void) {
    this.ops.push(() => fn());
  }

  applyTo(r: ReportBuilder) {
    for (const op of this.ops) op(r);
  }
}

/** The database's reason for a failed write, short enough for a report line. */
export function writeFailure(e: unknown): string {
  const err = e as { message?: string; code?: string; detail?: string; constraint?: string };
  const parts = [err.message ?? String(e)];
  if (err.detail) parts.push(err.detail);
  if (err.constraint && !parts[0]!.includes(err.constraint)) parts.push(`constraint ${err.constraint}`);
  return `write failed: ${parts.join('; ').slice(0, 500)}`;
}

/**
 * Writes `rows` with `write` as one batch; if that fails, row by row (savepoints) so only the rows
 * that fail on their own are skipped (reported under `entity` with their id and reason).
 */
export async function writeBatch<T>(
  ctx: Ctx,
  entity: string,
  rows: T[],
  idOf: (row: T) => string,
  write: (rows: T[], pending: PendingReport) => Promise<void>,
): Promise<void> {
  if (!rows.length) return;
  const { tgt, rep } = ctx;
  const attempt = async (part: T[]) => {
    const pending = new PendingReport();
    await tgt.tx(() => write(part, pending));
    pending.applyTo(rep);
  };
  let first: unknown;
  try {
    await attempt(rows);
    return;
  } catch (e) {
    first = e;
  }
  if (rows.length === 1) {
    rep.skip(entity, idOf(rows[0]!), writeFailure(first));
    return;
  }
  const failed: [T, unknown][] = [];
  // one transaction, one savepoint per row: a failed row rolls back to its savepoint only
  const held: PendingReport[] = [];
  await tgt.tx(async () => {
    for (const row of rows) {
      const pending = new PendingReport();
      try {
        await tgt.tx(() => write([row], pending));
        held.push(pending);
      } catch (e) {
        failed.push([row, e]);
      }
    }
  });
  for (const p of held) p.applyTo(rep);
  for (const [row, e] of failed) rep.skip(entity, idOf(row), writeFailure(e));
}

/**
 * One row of a small table (categories, brands, pages, posts) written in its own savepoint inside
 * the caller's transaction: a failure skips and reports that row only. Returns whether it landed.
 */
export async function writeRow(ctx: Ctx, entity: string, id: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await ctx.tgt.tx(fn);
    return true;
  } catch (e) {
    ctx.rep.skip(entity, id, writeFailure(e));
    return false;
  }
}
