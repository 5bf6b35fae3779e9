// Builds queries.json: the judged query set for the deterministic demo catalog (categories 1200,
// products 20000, seed 42). Judgments come from RULES over the generator's own data (product type,
// brand, colour, storage, model, SKU) — never from an engine's output — so an engine cannot agree with
// itself. Run: `node --import tsx src/modules/search/relevance/build-judgments.ts` (a few seconds).
//
// Each query lists every published product its rule accepts ("relevant"); a good engine puts them at
// the top. Rules are kept narrow (1–30 relevant products) so "in the top 10" is a fair ask.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateCatalog, type GenProduct } from '../../bulk/index.js';
import { DEFAULT_VOCABULARY } from '../vocabulary.js';

export const DEMO = { categories: 1200, products: 20_000, seed: 42 };
const MAX_RELEVANT = 30;

/** A rule over the generator's facts; every field given must match. */
export interface Rule {
  noun?: string;
  brand?: string;
  color?: string;
  storage?: number;
  model?: string;
  category?: number;
  sku?: string;
}

interface Judged {
  q: string;
  kind: string;
  /** the rule in words, for a reviewer */
  rule: string;
  match: Rule;
  relevant: string[];
}

export interface Facts {
  sku: string;
  category: number;
  noun: string;
  plural: string;
  brand: string;
  color: string | null;
  colorWord: string | null;
  storage: number | null;
  model: string | null;
  name: string;
}

// the whole model as the generator writes it, suffix included ("Galaxy A51s", "Pura 13 Pro")
const MODEL = /((?:Galaxy (?:Z Flip|[ASM])|iPhone |Redmi Note |Redmi |nova |Pura |Mate |Spark |Camon |Pova )\d+(?:s\b| Pro\b| Plus\b| Lite\b| Ultra\b)?)/;

/** a typo a buyer makes: one letter dropped from the middle of the word */
export const typo = (w: string) => (w.length < 6 ? w : w.slice(0, Math.floor(w.length / 2)) + w.slice(Math.floor(w.length / 2) + 1));

function cyrillicOf(brand: string): string | null {
  const g = DEFAULT_VOCABULARY.synonyms.find((s) => s[0] === brand.toLowerCase());
  return g?.find((m) => /[а-я]/.test(m)) ?? null;
}

export function matches(r: Rule, f: Facts): boolean {
  return (r.noun === undefined || r.noun === f.noun) && (r.brand === undefined || r.brand === f.brand) &&
    (r.color === undefined || r.color === f.color) && (r.storage === undefined || r.storage === f.storage) &&
    (r.model === undefined || r.model === f.model) && (r.category === undefined || r.category === f.category) &&
    (r.sku === undefined || r.sku === f.sku);
}

/** The facts rules look at, for every published product of a generated catalog (streamed). */
export function* catalogFacts(opts: { categories: number; products: number; seed: number }): Generator<Facts> {
  const cat = generateCatalog(opts);
  const colorAttr = cat.attributes.find((a) => a.code === 'color')!;
  for (const p of cat.products() as Iterable<GenProduct>) {
    if (p.status !== 'published') continue;
    const c = cat.categories[p.primary_category_id - 1]!;
    const color = typeof p.attributes.color === 'string' ? p.attributes.color : null;
    const label = color ? colorAttr.options.find((o) => o.code === color)?.value.toLowerCase() ?? null : null;
    // the colour as the product's own name spells it (agreed with the noun), else the base label
    const colorWord = label ? (p.name.toLowerCase().split(' ').find((w) => w.slice(0, 3) === label.slice(0, 3)) ?? label) : null;
    yield {
      sku: p.sku, category: c.id, noun: c.noun, plural: c.name, brand: p.brand, color, colorWord,
      storage: typeof p.attributes.storage === 'number' ? p.attributes.storage : null,
      model: MODEL.exec(p.name)?.[1] ?? null, name: p.name,
    };
  }
}

export function buildJudgments(): Judged[] {
  const facts = [...catalogFacts(DEMO)];

  const out: Judged[] = [];
  const seen = new Set<string>();
  const perKind = new Map<string, number>();
  const nounsUsed = new Map<string, number>();
  function add(kind: string, q: string, rule: string, match: Rule, limit: number, noun: string) {
    const key = q.toLowerCase();
    if (seen.has(key) || (perKind.get(kind) ?? 0) >= limit || (nounsUsed.get(noun) ?? 0) >= 3) return;
    const relevant = facts.filter((g) => matches(match, g)).map((f) => f.sku);
    if (relevant.length < 1 || relevant.length > MAX_RELEVANT) return;
    seen.add(key);
    perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    nounsUsed.set(noun, (nounsUsed.get(noun) ?? 0) + 1);
    out.push({ q, kind, rule, match, relevant });
  }

  // walk products in a fixed stride so the set spreads across departments
  for (let i = 0; i < facts.length; i += 37) {
    const f = facts[i]!;
    const noun = f.noun.toLowerCase();
    if (noun.includes(' ') && noun.split(' ').length > 2) continue;
    if (f.colorWord) {
      add('type+brand+colour', `${noun} ${f.brand} ${f.colorWord}`, `type ${f.noun}, brand ${f.brand}, colour ${f.color}`,
        { noun: f.noun, brand: f.brand, color: f.color! }, 12, f.noun);
      const cyr = cyrillicOf(f.brand);
      if (cyr) {
        add('transliterated brand', `${noun} ${cyr} ${f.colorWord}`, `type ${f.noun}, brand ${f.brand} (typed as ${cyr}), colour ${f.color}`,
          { noun: f.noun, brand: f.brand, color: f.color! }, 10, f.noun);
      }
      add('typo', `${typo(noun)} ${f.brand.toLowerCase()} ${f.colorWord}`, `type ${f.noun} (misspelt), brand ${f.brand}, colour ${f.color}`,
        { noun: f.noun, brand: f.brand, color: f.color! }, 10, f.noun);
    }
    if (f.colorWord && f.storage) {
      const storage = f.storage >= 1024 && f.storage % 1024 === 0 ? `${f.storage / 1024} тб` : `${f.storage} гб`;
      add('attribute words', `${noun} ${f.colorWord} ${storage}`, `type ${f.noun}, colour ${f.color}, storage ${f.storage} GB`,
        { noun: f.noun, color: f.color!, storage: f.storage }, 8, f.noun);
    }
    // the category's own name (plural, maybe with a qualifier: "Лобзики сетевые") + brand
    if (!f.plural.toLowerCase().includes(f.brand.toLowerCase()) && f.plural.split(' ').length <= 2) {
      add('category name+brand', `${f.plural.toLowerCase()} ${f.brand}`, `category "${f.plural}", brand ${f.brand}`,
        { category: f.category, brand: f.brand }, 8, f.noun);
    }
    if (f.model) {
      add('model', `${f.brand.toLowerCase()} ${f.model.toLowerCase()}`, `brand ${f.brand}, model ${f.model}`,
        { brand: f.brand, model: f.model }, 8, `${f.noun}:${f.model}`);
    }
    if (i % 5 === 0) add('sku', f.sku, `SKU ${f.sku}`, { sku: f.sku }, 4, `sku:${f.sku}`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const judged = buildJudgments();
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'queries.json');
  writeFileSync(file, JSON.stringify({ catalog: DEMO, queries: judged }, null, 1) + '\n');
  const kinds = new Map<string, number>();
  for (const j of judged) kinds.set(j.kind, (kinds.get(j.kind) ?? 0) + 1);
  console.log(`${judged.length} queries → ${file}`, Object.fromEntries(kinds));
}
