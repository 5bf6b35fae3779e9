// What an import did: counts per entity and every skipped row (and warning) with its reason.
export interface EntityCounts {
  /** rows read from ocStore */
  read: number;
  created: number;
  /** rows that existed (from an earlier run) and changed */
  updated: number;
  /** rows that existed and were already up to date */
  unchanged: number;
  skipped: number;
  /** products deleted in ocStore since an earlier run, archived here */
  archived?: number;
}

export interface Issue {
  entity: string;
  /** the ocStore id (or key) of the row */
  id: string;
  reason: string;
}

export interface OcstoreReport {
  series: '3.x' | '2.x';
  language: string;
  dry_run: boolean;
  entities: Record<string, EntityCounts>;
  /** rows not imported, each with its reason */
  skipped: Issue[];
  /** rows imported with a loss or a repair (dropped orphan link, zero date replaced…) */
  warnings: Issue[];
  /** more issues than kept in memory (all of them went to onIssue) */
  truncated: boolean;
  redirects: number;
  seconds: number;
}

const MAX_KEPT = 50_000;

export class ReportBuilder {
  readonly report: OcstoreReport;

  constructor(
    series: '3.x' | '2.x',
    language: string,
    dryRun: boolean,
    private readonly onIssue?: (kind: 'skipped' | 'warning', issue: Issue) => void,
  ) {
    this.report = { series, language, dry_run: dryRun, entities: {}, skipped: [], warnings: [], truncated: false, redirects: 0, seconds: 0 };
  }

  counts(entity: string): EntityCounts {
    return (this.report.entities[entity] ??= { read: 0, created: 0, updated: 0, unchanged: 0, skipped: 0 });
  }

  skip(entity: string, id: unknown, reason: string) {
    this.counts(entity).skipped++;
    this.keep(this.report.skipped, 'skipped', { entity, id: String(id), reason });
  }

  warn(entity: string, id: unknown, reason: string) {
    this.keep(this.report.warnings, 'warning', { entity, id: String(id), reason });
  }

  /** created/updated/unchanged of one written batch. */
  wrote(entity: string, r: { created: number; updated: number; matched: number }) {
    const c = this.counts(entity);
    c.created += r.created;
    c.updated += r.updated;
    c.unchanged += r.matched - r.updated;
  }

  private keep(list: Issue[], kind: 'skipped' | 'warning', issue: Issue) {
    this.onIssue?.(kind, issue);
    if (list.length < MAX_KEPT) list.push(issue);
    else this.report.truncated = true;
  }
}
