// Keeps this process's copy of the category and brand entries (named.ts) in step with the `<p>suggest`
// index, which every process writes to. No timers: a suggestion that finds the copy older than
// `checkMs` starts one background check (the index behind the alias and its document count, one small
// request) and is answered from the copy it has; the check reloads the entries when the index was
// swapped by a rebuild, when its count differs (entries added anywhere), or when the copy is older than
// `reloadMs` — the only way to see an entry renamed in place by another process. This process's own
// writes are applied to the copy at once (add), and its rebuilds drop it (reset).
import type { SuggestEntry } from './mapping.js';
import type { NamedEntry } from './named.js';
import { NamedCompletions } from './named.js';

type Req = (method: string, path: string, body?: unknown, querystring?: Record<string, unknown>, ignore?: number[]) => Promise<any>;

export function toNamedEntry(s: SuggestEntry): NamedEntry {
  return { kind: s.kind, id: Number(s.id), text: s.text, slug: s.slug ?? '', inputs: s.suggest?.input ?? [s.text], weight: Number(s.suggest?.weight ?? 1) };
}

const PAGE = 5_000;

export class NamedSource {
  private copy: { index: string; data: NamedCompletions; loadedAt: number; checkedAt: number } | null = null;
  private loading: Promise<unknown> | null = null;
  /** bumped by reset(): a load that started before it must not install the index it read */
  private generation = 0;

  constructor(
    private readonly req: Req,
    private readonly alias: string,
    private readonly checkMs: number,
    private readonly reloadMs: number,
  ) {}

  /** The entries: loaded on first use (a failure reaches the caller), later checked in the background. */
  async get(): Promise<NamedCompletions> {
    const copy = this.copy;
    if (!copy) {
      await (this.loading ??= this.refresh(true).finally(() => (this.loading = null)));
      // (what was awaited may have been a background check that failed)
      return this.copy?.data ?? (await this.refresh(true));
    }
    if (Date.now() - copy.checkedAt >= this.checkMs && !this.loading) {
      copy.checkedAt = Date.now();
      // an unreachable node is reported by the products query of the same suggestion
      this.loading = this.refresh(false)
        .catch(() => {})
        .finally(() => (this.loading = null));
    }
    return copy.data;
  }

  /** Entries this process has just written (the index shows them after its next refresh). */
  add(entries: Iterable<[string, SuggestEntry]>): void {
    if (!this.copy) return;
    const named: [string, NamedEntry][] = [];
    for (const [id, s] of entries) named.push([id, toNamedEntry(s)]);
    this.copy.data.upsert(named);
  }

  /** After a rebuild swapped the index: the next suggestion loads the new one. */
  reset(): void {
    this.copy = null;
    this.generation++;
  }

  private async refresh(force: boolean): Promise<NamedCompletions> {
    const generation = this.generation;
    const cat = await this.req('GET', `/_cat/indices/${this.alias}`, undefined, { format: 'json', h: 'index,docs.count' });
    const index = String(cat?.[0]?.index ?? '');
    const count = Number(cat?.[0]?.['docs.count'] ?? 0);
    const c = this.copy;
    if (!force && c && c.index === index && c.data.size === count && Date.now() - c.loadedAt < this.reloadMs) return c.data;
    const data = new NamedCompletions(await this.load());
    // a rebuild swapped the index meanwhile: answer with what was read, keep nothing (the next call loads)
    if (generation === this.generation) this.copy = { index, data, loadedAt: Date.now(), checkedAt: Date.now() };
    return data;
  }

  /** Every entry, by scroll (a few thousand small documents). */
  private async load(): Promise<[string, NamedEntry][]> {
    const out: [string, NamedEntry][] = [];
    let res = await this.req('POST', `/${this.alias}/_search`, { size: PAGE, sort: ['_doc'], _source: ['kind', 'id', 'text', 'slug', 'suggest'] }, { scroll: '1m' });
    try {
      for (;;) {
        const hits: { _id: string; _source: SuggestEntry }[] = res?.hits?.hits ?? [];
        for (const h of hits) out.push([h._id, toNamedEntry(h._source)]);
        if (hits.length < PAGE) return out;
        res = await this.req('POST', '/_search/scroll', { scroll: '1m', scroll_id: res._scroll_id });
      }
    } finally {
      if (res?._scroll_id) await this.req('DELETE', '/_search/scroll', { scroll_id: res._scroll_id }, undefined, [404]).catch(() => {});
    }
  }
}
