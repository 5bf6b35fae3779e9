// Category and brand autocomplete of the OpenSearch engine, answered from memory.
//
// The entries live in the `<p>suggest` index (a few thousand categories and brands, written with the
// products: mapping.ts suggestEntries), and every process keeps a copy of them here (engine.ts reloads
// it when the index changes). Asking the node instead — a completion suggester over that index in the
// same _msearch as the products query — cost ~0.7 ms of the node's CPU per keystroke, more than the
// products query itself, and the request cache never serves a request with a suggester. The search
// service's suggest at 1M products (bench:search's catalog), 8 clients, 4,000 prefixes of 2–6 letters,
// three alternating pairs: node CPU 1.33–1.51 → 0.71–0.73 ms per suggestion, this process 1.12–1.27 →
// 1.08–1.13 ms, p50 10–11.7 → 7.8–8.3 ms, p95 23.7–26.4 → 18.4–19.7 ms. Matching here takes ~6 µs,
// ~30 µs when typo matches are looked for (1,900 entries).
//
// Matching follows the completion field it replaces: an entry matches when one of its inputs (the whole
// text and the text from each later word, completionInputs) starts with the typed text, both folded
// alike (lowercase, ё as е, runs of other characters than letters and digits as one space — what the
// standard tokenizer and the preserved separators made of them). From 4 typed characters one edit
// (a wrong, missing, extra or swapped character) is forgiven after the first character, which is taken
// as typed; exact matches come first. Then brands (weight 2) before categories (1), then by the folded
// input, and one suggestion per text.
import type { Suggestion } from '../../engine.js';

export interface NamedEntry {
  kind: 'category' | 'brand';
  id: number;
  text: string;
  slug: string;
  /** completion inputs as written to the index (completionInputs) */
  inputs: string[];
  weight: number;
}

const FUZZY_FROM = 4;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** The form typed text and inputs are compared in. */
export function foldForCompletion(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е').replace(SEPARATORS, ' ').trim();
}

/** True when some prefix of `key` is at most one edit (Damerau: substitution, insertion, deletion or an
 *  adjacent swap) from `p`, the first character matching exactly. Linear in p's length. */
export function withinOneEdit(p: string, key: string): boolean {
  if (key.length === 0 || key.charCodeAt(0) !== p.charCodeAt(0)) return false;
  let i = 0;
  while (i < p.length && i < key.length && p.charCodeAt(i) === key.charCodeAt(i)) i++;
  if (i === p.length) return true; // an exact prefix
  return (
    continues(p, i + 1, key, i + 1) || // substitution
    continues(p, i + 1, key, i) || // an extra typed character
    continues(p, i, key, i + 1) || // a missing one
    (p[i] === key[i + 1] && p[i + 1] === key[i] && continues(p, i + 2, key, i + 2)) // two swapped
  );
}

/** p from a continues key from b (to p's end). */
function continues(p: string, a: number, key: string, b: number): boolean {
  if (key.length - b < p.length - a) return false;
  for (; a < p.length; a++, b++) if (p.charCodeAt(a) !== key.charCodeAt(b)) return false;
  return true;
}

/** The folded inputs of the entries of one weight, sorted, each with its entry's key (index _id). */
interface Group {
  weight: number;
  keys: [string, string][];
}

// a module-level function rather than a closure: the TypeScript loader wraps every closure it creates
// in a naming helper (an Object.defineProperty per creation), a third of a call's time when suggest()
// made its own
const byKey = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** What suggest() collects into, in rank order. */
interface Collected {
  out: Suggestion[];
  ids: Set<string>;
  texts: Set<string>;
  limit: number;
}

export class NamedCompletions {
  private readonly entries = new Map<string, NamedEntry>();
  /** by weight, heaviest first; rebuilt lazily after a change */
  private groups: Group[] | null = null;
  /** entry key → folded text (one suggestion per text) */
  private readonly texts = new Map<string, string>();

  constructor(entries: Iterable<[string, NamedEntry]> = []) {
    for (const [id, e] of entries) this.entries.set(id, e);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds or replaces entries by their index _id; returns whether anything changed. */
  upsert(entries: Iterable<[string, NamedEntry]>): boolean {
    let changed = false;
    for (const [id, e] of entries) {
      const old = this.entries.get(id);
      if (old && old.text === e.text && old.slug === e.slug && old.weight === e.weight && old.inputs.join('\u0000') === e.inputs.join('\u0000')) continue;
      this.entries.set(id, e);
      changed = true;
    }
    if (changed) this.groups = null;
    return changed;
  }

  private sortedGroups(): Group[] {
    if (this.groups) return this.groups;
    const byWeight = new Map<number, [string, string][]>();
    this.texts.clear();
    for (const [id, e] of this.entries) {
      this.texts.set(id, foldForCompletion(e.text));
      let keys = byWeight.get(e.weight);
      if (!keys) byWeight.set(e.weight, (keys = []));
      const seen = new Set<string>();
      for (const input of e.inputs) {
        const k = foldForCompletion(input);
        if (!k || seen.has(k)) continue;
        seen.add(k);
        keys.push([k, id]);
      }
    }
    const groups: Group[] = [];
    for (const [weight, keys] of byWeight) groups.push({ weight, keys: keys.sort(byKey) });
    groups.sort((a, b) => b.weight - a.weight);
    return (this.groups = groups);
  }

  /** Exact matches, heaviest entries first and then by the folded input; from FUZZY_FROM typed
   *  characters, when those do not fill the list, the matches with one edit after them, alike. */
  suggest(typed: string, limit: number): Suggestion[] {
    const p = foldForCompletion(typed);
    if (!p || limit <= 0) return [];
    const c: Collected = { out: [], ids: new Set(), texts: new Set(), limit };
    const groups = this.sortedGroups();
    for (const g of groups) if (this.collect(g.keys, p, p, false, c)) return c.out;
    if (p.length >= FUZZY_FROM) for (const g of groups) if (this.collect(g.keys, p, p[0]!, true, c)) return c.out;
    return c.out;
  }

  /** Adds the entries whose keys start with `start` and match `p` (exactly, or with one edit when
   *  `fuzzy`), in key order; true when the list is full. */
  private collect(keys: [string, string][], p: string, start: string, fuzzy: boolean, c: Collected): boolean {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]![0] < start) lo = mid + 1;
      else hi = mid;
    }
    // one edit at or after the second character leaves key[1] or key[2] equal to p[1] or p[2]
    const c1 = p.charCodeAt(1);
    const c2 = p.charCodeAt(2);
    for (let i = lo; i < keys.length; i++) {
      const [k, id] = keys[i]!;
      if (!k.startsWith(start)) break;
      if (c.ids.has(id)) continue;
      if (fuzzy) {
        const k1 = k.charCodeAt(1);
        const k2 = k.charCodeAt(2);
        if (k1 !== c1 && k1 !== c2 && k2 !== c1 && k2 !== c2) continue;
        if (!withinOneEdit(p, k)) continue;
      }
      c.ids.add(id);
      const t = this.texts.get(id)!;
      if (c.texts.has(t)) continue;
      c.texts.add(t);
      const e = this.entries.get(id)!;
      c.out.push({ kind: e.kind, id: e.id, text: e.text, slug: e.slug });
      if (c.out.length >= c.limit) return true;
    }
    return false;
  }
}
