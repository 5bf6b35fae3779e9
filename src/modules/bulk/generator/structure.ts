// The catalog's skeleton: category tree, attributes with options, matrices, brands and tags.
// Small (≤ 20k categories, ~500 attributes, ~2k brands), so it is built in memory; products are
// drawn from it one at a time (products.ts).
import type { AttributeType } from '../../../platform/db/schema.js';
import { mix, Rng } from './prng.js';
import { buildAttributes } from './matrices.js';
import { slugify } from './translit.js';
import type { ValueHint } from './vocab-attributes.js';
import { ROOTS, type Profile } from './vocab-categories.js';
import { brandCatalog, REAL_BRANDS } from './vocab-brands.js';

export interface GenCategory {
  id: number;
  parent_id: number | null;
  slug: string;
  name: string;
  name_en: string | null;
  path: string;
  depth: number;
  position: number;
  /** root → self, inclusive */
  ancestor_ids: number[];
  root: number;
  /** profiles in effect, outermost first */
  profiles: string[];
  noun: string;
  /** set when the category (or an ancestor) is a brand's ("Смартфоны Samsung"): its products are that brand's */
  brand: string | null;
  children: number[];
}

export interface GenOption {
  code: string;
  value: string;
  value_en: string;
}

export interface GenAttribute {
  id: number;
  code: string;
  name: string;
  name_en: string;
  type: AttributeType;
  unit: string | null;
  min_value: number | null;
  max_value: number | null;
  pattern: string | null;
  filterable: boolean;
  searchable: boolean;
  variant_axis: boolean;
  group_id: number;
  position: number;
  options: GenOption[];
  hint: ValueHint;
}

export interface GenMatrixEntry {
  category_id: number;
  attribute_id: number;
  required: boolean | null;
  filterable: boolean | null;
  position: number | null;
  hidden: boolean;
}

export interface GenBrand {
  id: number;
  name: string;
  slug: string;
  roots: number[];
}

export interface GenTag {
  id: number;
  name: string;
  slug: string;
}

export interface CatalogStructure {
  seed: number;
  categories: GenCategory[];
  groups: { id: number; code: string; name: string; name_en: string; position: number }[];
  attributes: GenAttribute[];
  matrix: GenMatrixEntry[];
  brands: GenBrand[];
  tags: GenTag[];
}

const TAG_NAMES = [
  'Хит продаж', 'Новинка', 'Скидка', 'Выбор покупателей', 'Эксклюзив', 'Подарок', 'Эко', 'Сделано в России', 'Лучшая цена',
  'Рекомендуем', 'Бестселлер', 'Осталось мало', 'Бесплатная доставка', 'Быстрая доставка', 'Распродажа', 'Черная пятница',
  'К Новому году', 'К 8 Марта', 'К 23 Февраля', 'Снова в продаже', 'Предзаказ', 'Ограниченная серия', 'Для дома', 'Для дачи',
  'Для офиса', 'Для путешествий', 'Для детей', 'Для геймеров', 'Для спорта', 'Премиум', 'Бюджетный выбор', 'Энергосбережение',
  'Гипоаллергенно', 'Ручная работа', 'Натуральные материалы', 'Умный дом', 'Беспроводное', 'Компактное', 'Профессиональное',
  'Подарочная упаковка', 'Рассрочка 0%', 'Кешбэк', 'Трейд-ин', 'Оригинал', 'Официальная гарантия', 'Обзор на сайте',
  'Выбор редакции', 'Тренд сезона', 'Зимняя коллекция', 'Летняя коллекция', 'Back to school', 'Уцененный товар',
];

function solveBranching(n: number, roots: number, levels: number): number {
  let lo = 1;
  let hi = 100;
  for (let i = 0; i < 60; i++) {
    const b = (lo + hi) / 2;
    let s = 0;
    for (let k = 0; k < levels; k++) s += Math.pow(b, k);
    if (roots * s > n) hi = b;
    else lo = b;
  }
  return lo;
}

interface KidSpec {
  name: string;
  noun: string;
  profile?: string;
}
const parseKids = (s: string): KidSpec[] =>
  s.split('|').map((k) => {
    const [name, rest] = k.split('=') as [string, string];
    const [noun, profile] = rest.split('@') as [string, string | undefined];
    return { name, noun, ...(profile ? { profile } : {}) };
  });

export function buildStructure(opts: { categories: number; seed: number }): CatalogStructure {
  const { seed } = opts;
  const total = Math.max(20, Math.floor(opts.categories));
  const rng = new Rng(seed, 1);
  const cats: GenCategory[] = [];
  const slugs = new Set<string>();
  const nameKeys = new Set<string>();

  const uniqueSlug = (name: string, parent: GenCategory | null): string => {
    const base = slugify(name, 90) || 'category';
    if (!slugs.has(base)) return base;
    const withParent = parent ? `${parent.slug.slice(0, 40).replace(/-+$/, '')}-${base}` : base;
    if (!slugs.has(withParent)) return withParent;
    for (let n = 2; ; n++) if (!slugs.has(`${base}-${n}`)) return `${base}-${n}`;
  };
  const add = (parent: GenCategory | null, name: string, en: string | null, root: number, profiles: string[], noun: string, brand: string | null = null) => {
    const id = cats.length + 1;
    const slug = uniqueSlug(name, parent);
    slugs.add(slug);
    nameKeys.add(`${parent?.id ?? 0}|${name}`);
    const c: GenCategory = {
      id,
      parent_id: parent?.id ?? null,
      slug,
      name,
      name_en: en,
      path: parent ? `${parent.path}/${slug}` : slug,
      depth: parent ? parent.depth + 1 : 0,
      position: parent ? parent.children.length : cats.filter((x) => x.depth === 0).length,
      ancestor_ids: parent ? [...parent.ancestor_ids, id] : [id],
      root,
      profiles,
      noun,
      brand: brand ?? parent?.brand ?? null,
      children: [],
    };
    parent?.children.push(id);
    cats.push(c);
    return c;
  };

  // Level sizes: realistic departments, sections and product types on top, generated levels below.
  const rootCount = Math.min(ROOTS.length, Math.max(2, Math.floor(total / 20)));
  const levels = total > 3000 ? 5 : 4;
  const b = solveBranching(total, rootCount, levels);
  const want = (k: number) => Math.round(rootCount * Math.pow(b, k));

  const roots = ROOTS.slice(0, rootCount).map((r, i) => add(null, r.name, r.en, i, [], ''));
  // sections (level 1), round-robin over departments so each gets its most important first
  const subQueues = roots.map((r) => ROOTS[r.root]!.subs.slice());
  const level1: GenCategory[] = [];
  const n1 = Math.min(want(1), subQueues.reduce((s, q) => s + q.length, 0));
  for (let round = 0; level1.length < n1; round++) {
    for (let i = 0; i < roots.length && level1.length < n1; i++) {
      const sub = subQueues[i]![round];
      if (!sub) continue;
      const kid = parseKids(sub.kids)[0]!;
      level1.push(add(roots[i]!, sub.name, sub.en, i, [sub.profile], kid.noun));
    }
  }
  // product types (level 2)
  const kidQueues = level1.map((c) => {
    const sub = ROOTS[c.root]!.subs.find((s) => s.name === c.name)!;
    return parseKids(sub.kids);
  });
  const level2: GenCategory[] = [];
  const n2 = Math.min(want(2), kidQueues.reduce((s, q) => s + q.length, 0), total - cats.length - 1);
  for (let round = 0; level2.length < n2; round++) {
    for (let i = 0; i < level1.length && level2.length < n2; i++) {
      const k = kidQueues[i]![round];
      if (!k) continue;
      const p = level1[i]!;
      level2.push(add(p, k.name, null, p.root, k.profile ? [...p.profiles, k.profile] : p.profiles, k.noun));
    }
  }
  // generated levels: brand or qualifier refinements of the parent ("Смартфоны Samsung", "… с NFC")
  const topBrands = ROOTS.map((_, i) => brandsOfRoot(i));
  let parents = level2.length ? level2 : level1;
  let remaining = total - cats.length;
  for (let depth = parents[0]!.depth + 1; remaining > 0; depth++) {
    const deeper = depth < levels - 1;
    const share = deeper ? want(depth) / (want(depth) + want(depth + 1) * (levels - depth > 2 ? 1.2 : 1)) : 1;
    const count = Math.max(1, Math.min(remaining, Math.round(remaining * share)));
    const weights = parents.map(() => 0.4 + rng.next());
    const sum = weights.reduce((s, w) => s + w, 0);
    const next: GenCategory[] = [];
    let made = 0;
    parents.forEach((p, idx) => {
      const quota = idx === parents.length - 1 ? count - made : Math.round((count * weights[idx]!) / sum);
      for (let q = 0; q < quota && made < count; q++) {
        const refined = refineName(p, topBrands[p.root]!, rng, nameKeys);
        if (!refined) break;
        next.push(add(p, refined.name, null, p.root, p.profiles, p.noun, refined.brand));
        made++;
      }
    });
    remaining = total - cats.length;
    if (!next.length) break;
    parents = next;
  }

  const { groups, attributes, matrix } = buildAttributes(cats, seed);
  const brandRng = (i: number) => mix(seed, 7, i);
  const brands = brandCatalog(Math.max(60, Math.min(2000, Math.round(total / 4.5))), rootCount, brandRng).map((b, i) => ({
    id: i + 1,
    name: b.name,
    slug: '',
    roots: b.roots,
  }));
  const brandSlugs = new Set<string>();
  for (const br of brands) {
    let s = slugify(br.name, 60) || `brand-${br.id}`;
    if (brandSlugs.has(s)) s = `${s}-${br.id}`;
    brandSlugs.add(s);
    br.slug = s;
  }
  const tags = TAG_NAMES.map((name, i) => ({ id: i + 1, name, slug: slugify(name, 60) }));
  return { seed, categories: cats, groups, attributes, matrix, brands, tags };
}

/** The best-known brands of a department name its brand subcategories. */
const brandsOfRoot = (root: number): string[] => (REAL_BRANDS[root] ?? '').split('|').slice(0, 24);

function refineName(parent: GenCategory, brands: string[], rng: Rng, taken: Set<string>): { name: string; brand: string | null } | null {
  const root = ROOTS[parent.root]!;
  const hasBrand = parent.brand !== null;
  const usedQualifier = root.qualifiers.some((q) => parent.name.includes(` ${q}`));
  for (let attempt = 0; attempt < 12; attempt++) {
    const byBrand = !hasBrand && rng.chance(usedQualifier ? 0.3 : 0.45);
    const word = byBrand ? rng.pick(brands) : rng.pick(root.qualifiers);
    if (!byBrand && parent.name.includes(` ${word}`)) continue;
    if (!word) continue;
    const name = `${parent.name} ${word}`;
    if (!taken.has(`${parent.id}|${name}`)) return { name, brand: byBrand ? word : null };
  }
  // a numbered series keeps names unique when a parent has many children
  for (let n = 1; n < 1000; n++) {
    const name = `${parent.name}, серия ${n}`;
    if (!taken.has(`${parent.id}|${name}`)) return { name, brand: null };
  }
  return null;
}

export type { Profile };
export { effectiveMatrix, indexMatrix, type EffectiveEntry, type MatrixIndex } from './matrices.js';
