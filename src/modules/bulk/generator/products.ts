// Product #i of a generated catalog, drawn from its own random stream: names from category noun +
// brand + model + key attributes, 10–30 typed values valid against the leaf's effective matrix,
// description, images, tags, variant groups of four, and 1–4 offers priced in kopecks.
import type { AttributeValue, OfferSource, ProductStatus } from '../../../platform/db/schema.js';
import { Rng, WeightedPicker } from './prng.js';
import { effectiveMatrix, indexMatrix, type CatalogStructure, type GenAttribute, type GenCategory } from './structure.js';
import { slugify } from './translit.js';
import { agree, numberLabel, valueGen, valueLabel, type ValueGen } from './values.js';
import { PROFILES } from './vocab-categories.js';
import type { ValueHint } from './vocab-attributes.js';

export interface GenOffer {
  source: OfferSource;
  source_ref: string;
  price: number;
  old_price: number | null;
  currency: string;
  stock: Record<string, number>;
  stock_total: number;
}

export interface GenProduct {
  /** 0-based position in the catalog */
  index: number;
  sku: string;
  slug: string;
  name: string;
  description: string;
  brand_id: number;
  brand: string;
  status: ProductStatus;
  primary_category_id: number;
  /** primary first */
  category_ids: number[];
  attributes: Record<string, AttributeValue>;
  images: { url: string; alt?: string }[];
  tag_ids: number[];
  variant_group: string | null;
  offers: GenOffer[];
}

interface LeafInfo {
  cat: GenCategory;
  attrs: GenAttribute[];
  gens: ValueGen[];
  required: boolean[];
  /** indexes into attrs of single-valued variant axes */
  axes: number[];
  /** the two fill templates: indexes into attrs, in matrix order (required and axes always in) */
  subsets: number[][];
  nameKeys: string[];
  price: [number, number];
  related: number | null;
  /** brand id every product of a brand's category carries */
  brandId: number | null;
}

const WAREHOUSES = ['msk', 'spb', 'ekb', 'nsk', 'kzn', 'nnv', 'rnd', 'krd', 'sam', 'vlg'];
const SERIES = ['Pro', 'Max', 'Lite', 'Neo', 'Air', 'Ultra', 'Plus', 'Smart', 'Classic', 'Sport', 'Comfort', 'Prime', 'Nova', 'Flex', 'One', 'Go', 'Style', 'Eco', 'Expert', 'City'];
const PHONE_SERIES: Record<string, string[]> = {
  Samsung: ['Galaxy A', 'Galaxy S', 'Galaxy M', 'Galaxy Z Flip'],
  Xiaomi: ['Redmi Note ', 'Redmi ', 'Xiaomi '],
  Apple: ['iPhone '],
  Huawei: ['nova ', 'Pura ', 'Mate '],
  Honor: ['X', 'Magic', '', 'Play '],
  realme: ['C', 'Note ', 'GT '],
  POCO: ['X', 'M', 'F'],
  Tecno: ['Spark ', 'Camon ', 'Pova '],
  Infinix: ['Hot ', 'Note ', 'Zero '],
};
const INTROS = [
  'надежный выбор для повседневного использования',
  'сочетание качества и доступной цены',
  'модель с продуманным дизайном и удобным управлением',
  'практичное решение на каждый день',
  'популярная модель с хорошими отзывами покупателей',
  'новинка с улучшенными характеристиками',
  'проверенное качество от известного производителя',
];
const CLOSINGS = [
  'Доставка по всей России, самовывоз из пунктов выдачи.',
  'Подходит в подарок.',
  'Товар сертифицирован для продажи в России.',
  'Официальная гарантия производителя.',
  'Инструкция на русском языке в комплекте.',
];
const STATUS: ProductStatus[] = ['published', 'draft', 'moderation', 'archived'];

export const skuOf = (i: number) => `VT-${String(i + 1).padStart(7, '0')}`;

const roundPrice = (rub: number) => (rub >= 1000 ? Math.round(rub / 100) * 100 - 10 : Math.max(9, Math.round(rub / 10) * 10 - 1));

export class ProductFactory {
  private readonly leaves: LeafInfo[] = [];
  private readonly leafById = new Map<number, LeafInfo>();
  private readonly leafPicker: WeightedPicker<LeafInfo>;
  private readonly brandPickers: WeightedPicker<number>[] = [];

  constructor(
    readonly structure: CatalogStructure,
    readonly total: number,
  ) {
    const { categories, attributes, matrix, brands, seed } = structure;
    const index = indexMatrix(matrix);
    const gens = new Map<string, ValueGen>();
    const brandIds = new Map(brands.map((b) => [b.name, b.id]));
    const rng = new Rng(seed, 20);
    for (const c of categories) {
      if (c.children.length) continue;
      const eff = [...effectiveMatrix(c, index, attributes).values()].sort((a, b) => a.position - b.position || a.attribute_id - b.attribute_id);
      const profiles = c.profiles.map((p) => PROFILES[p]!);
      const hints: Record<string, ValueHint> = Object.assign({}, ...profiles.map((p) => p.hints ?? {}));
      const attrs = eff.map((e) => attributes[e.attribute_id - 1]!);
      const info: LeafInfo = {
        cat: c,
        attrs,
        gens: attrs.map((a) => {
          const key = `${a.id}|${c.profiles.join(',')}`;
          let g = gens.get(key);
          if (!g) gens.set(key, (g = valueGen(a, hints[a.code] ?? a.hint)));
          return g;
        }),
        required: eff.map((e) => e.required),
        axes: attrs.flatMap((a, i) => (a.variant_axis && a.type !== 'multi_enum' ? [i] : [])),
        subsets: [],
        nameKeys: [...profiles].reverse().find((p) => p.nameKeys)?.nameKeys ?? [],
        price: profiles[profiles.length - 1]?.price ?? [500, 5000],
        related: null,
        brandId: c.brand ? (brandIds.get(c.brand) ?? null) : null,
      };
      info.subsets = [fillTemplate(info, rng, 0.9), fillTemplate(info, rng, 0.65)];
      this.leaves.push(info);
      this.leafById.set(c.id, info);
    }
    // a third of product types share products with a sibling type (overlapping categories)
    for (const leaf of this.leaves) {
      const siblings = leaf.cat.parent_id ? categories[leaf.cat.parent_id - 1]!.children.filter((id) => id !== leaf.cat.id && this.leafById.has(id)) : [];
      if (siblings.length && rng.chance(0.33)) leaf.related = rng.pick(siblings);
    }
    // popularity: a long tail, so some categories hold tens of thousands of products
    const order = rng.shuffle(this.leaves.map((_, i) => i));
    const weights = new Array<number>(this.leaves.length);
    order.forEach((leafIdx, rank) => (weights[leafIdx] = 1 / Math.pow(rank + 1, 0.75)));
    this.leafPicker = new WeightedPicker(this.leaves, weights);
    const rootCount = categories.filter((c) => c.depth === 0).length;
    for (let r = 0; r < rootCount; r++) {
      const ids = brands.filter((b) => b.roots.includes(r)).map((b) => b.id);
      this.brandPickers.push(new WeightedPicker(ids, ids.map((_, k) => 1 / Math.pow(k + 1, 0.9))));
    }
  }

  /** Variant groups are aligned blocks of four consecutive products. */
  private blockRng(i: number): { rng: Rng; member: number; grouped: boolean } {
    const block = i >> 2;
    const member = i & 3;
    const br = new Rng(this.structure.seed, 2, block);
    const grouped = (block << 2) + 3 < this.total && br.chance(0.15);
    return grouped ? { rng: br, member, grouped } : { rng: new Rng(this.structure.seed, 3, i), member: 0, grouped: false };
  }

  /** Categories of product #i (primary first) without building the rest of it. */
  placement(i: number): number[] {
    const { rng } = this.blockRng(i);
    return this.place(rng).ids;
  }

  private place(rng: Rng): { leaf: LeafInfo; ids: number[] } {
    const leaf = this.leafPicker.pick(rng);
    const ids = leaf.related !== null && rng.chance(0.3) ? [leaf.cat.id, leaf.related] : [leaf.cat.id];
    return { leaf, ids };
  }

  product(i: number): GenProduct {
    const seed = this.structure.seed;
    const { rng: base, member, grouped } = this.blockRng(i);
    const own = new Rng(seed, 4, i);
    const { leaf, ids } = this.place(base);
    const picked = this.brandPickers[leaf.cat.root]!.pick(base);
    const brandId = leaf.brandId ?? picked;
    const brand = this.structure.brands[brandId - 1]!.name;
    const model = this.model(base, brand, leaf);

    // Which attributes a product fills comes from its product type: one of two fill templates per
    // type (complete cards and sparser ones), as real catalogs fill a category's cards alike.
    const subset = leaf.subsets[base.chance(0.65) ? 0 : 1]!;
    const attributes: Record<string, AttributeValue> = Object.create(null);
    const valueRng = grouped ? base : own;
    for (const k of subset) attributes[leaf.attrs[k]!.code] = leaf.gens[k]!(valueRng);
    if (grouped) this.varyAxes(leaf, attributes, member, base);

    const name = this.name(leaf, brand, model, attributes);
    const sku = skuOf(i);
    const slug = `${slugify(name, 80)}-${sku.toLowerCase()}`;
    const r = own;
    const status = STATUS[r.next() < 0.92 ? 0 : r.int(3) + 1]!;
    const images: { url: string; alt?: string }[] = [];
    const shard = String(i % 1000).padStart(3, '0');
    const imageCount = r.between(1, 5);
    for (let k = 1; k <= imageCount; k++) {
      const url = `/media/products/${shard}/${sku.toLowerCase()}-${k}.jpg`;
      images.push(k === 1 ? { url, alt: name } : { url });
    }
    const tag_ids: number[] = [];
    if (r.chance(0.35)) {
      const k = r.between(1, 3);
      for (let t = 0; t < k; t++) {
        const x = r.next();
        const id = 1 + Math.floor(x * x * this.structure.tags.length);
        if (!tag_ids.includes(id)) tag_ids.push(id);
      }
    }
    return {
      index: i,
      sku,
      slug,
      name,
      description: this.description(leaf, name, brand, attributes, r),
      brand_id: brandId,
      brand,
      status,
      primary_category_id: ids[0]!,
      category_ids: ids,
      attributes,
      images,
      tag_ids,
      variant_group: grouped ? `VG-${String(i >> 2).padStart(6, '0')}` : null,
      offers: this.offers(leaf, base, r, attributes),
    };
  }

  private model(rng: Rng, brand: string, leaf: LeafInfo): string {
    const series = leaf.cat.profiles[0] === 'phones' ? PHONE_SERIES[brand] : undefined;
    if (series) {
      const s = rng.pick(series);
      const iphone = s.startsWith('iPhone');
      const suffix = rng.chance(0.3) ? rng.pick([' Pro', ' Plus', ' Lite', 's', ' Ultra']) : '';
      return `${s}${rng.between(iphone ? 13 : 5, iphone ? 16 : 80)}${suffix}`;
    }
    const L = 'ABCDEFGHKLMNPRSTVXZ';
    switch (rng.int(4)) {
      case 0:
        return `${rng.pick(SERIES)} ${rng.between(2, 990)}`;
      case 1:
        return `${L[rng.int(L.length)]}${L[rng.int(L.length)]}-${rng.between(100, 9990)}`;
      case 2:
        return `${L[rng.int(L.length)]}${rng.between(1, 99)}${rng.chance(0.4) ? ` ${rng.pick(SERIES)}` : ''}`;
      default:
        return `${rng.pick(SERIES)} ${L[rng.int(L.length)]}${rng.between(10, 99)}`;
    }
  }

  /** Members of a variant group take distinct values on up to two single-valued axes. */
  private varyAxes(leaf: LeafInfo, values: Record<string, AttributeValue>, member: number, rng: Rng) {
    const axes = leaf.axes.map((k) => leaf.attrs[k]!).filter((a) => a.type === 'enum' || a.type === 'number');
    const pickAxis = (a: GenAttribute, step: number) => {
      const domain = a.type === 'enum' ? a.options.map((o) => o.code) : uniqueNumbers(a);
      if (domain.length < 2) return;
      const start = Math.abs(domain.indexOf(values[a.code] as never));
      values[a.code] = domain[(Math.max(0, start) + step) % domain.length]!;
    };
    void rng;
    if (axes.length >= 2) {
      const storage = axes.find((a) => a.code === 'storage') ?? axes[0]!;
      const other = axes.find((a) => a !== storage && a.type === 'enum') ?? axes.find((a) => a !== storage)!;
      pickAxis(storage, member >> 1);
      pickAxis(other, member & 1);
    } else if (axes.length === 1) pickAxis(axes[0]!, member);
  }

  private name(leaf: LeafInfo, brand: string, model: string, v: Record<string, AttributeValue>): string {
    const parts = [leaf.cat.noun, brand, model];
    const keys = leaf.nameKeys;
    const attr = (code: string) => leaf.attrs.find((a) => a.code === code);
    if (keys.includes('tire_width') && v.tire_width !== undefined && v.tire_profile !== undefined && v.rim_diameter !== undefined) {
      parts.push(`${v.tire_width}/${v.tire_profile} R${v.rim_diameter}`);
    } else {
      for (const code of keys) {
        const a = attr(code);
        const val = v[code];
        if (!a || val === undefined) continue;
        if (code === 'ram' && v.storage !== undefined && keys.includes('storage')) {
          const storage = numberLabel(v.storage as number, 'ГБ');
          parts.push(storage.endsWith('ТБ') ? `${val} ГБ/${storage}` : `${val}/${storage}`);
        } else if (code === 'storage' && v.ram !== undefined && keys.includes('ram')) {
          continue;
        } else if (code === 'color') {
          parts.push(agree(valueLabel(a, val), leaf.cat.noun));
        } else if (a.type === 'enum') {
          const label = valueLabel(a, val);
          const paren = /\(([^)]+)\)/.exec(label);
          parts.push(code === 'screen_resolution' && paren ? paren[1]! : label.replace(/\s*\(.*\)$/, '').toLowerCase());
        } else if (a.type === 'number') {
          parts.push(numberLabel(val as number, a.unit));
        }
      }
    }
    return parts.filter(Boolean).join(' ');
  }

  private description(leaf: LeafInfo, name: string, brand: string, v: Record<string, AttributeValue>, r: Rng): string {
    const features: string[] = [];
    for (let k = 0; k < leaf.attrs.length && features.length < 4; k++) {
      const a = leaf.attrs[k]!;
      const val = v[a.code];
      if (val === undefined || a.type === 'text') continue;
      features.push(`${a.name.toLowerCase()} — ${valueLabel(a, val)}`);
    }
    const warranty = v.warranty_months;
    return (
      `${name} — ${r.pick(INTROS)}. ` +
      (features.length ? `Основные характеристики: ${features.join('; ')}. ` : '') +
      (warranty ? `Гарантия ${brand} — ${warranty} мес. ` : '') +
      r.pick(CLOSINGS)
    );
  }

  private offers(leaf: LeafInfo, base: Rng, r: Rng, v: Record<string, AttributeValue>): GenOffer[] {
    const [lo, hi] = leaf.price;
    const u = base.next();
    let rub = lo * Math.exp(Math.log(hi / lo) * u * u); // log-uniform, skewed to cheaper items
    if (typeof v.storage === 'number') rub *= 1 + Math.log2(Math.max(1, (v.storage as number) / 64)) * 0.12;
    const price = roundPrice(rub);
    const x = r.next();
    const count = x < 0.35 ? 1 : x < 0.7 ? 2 : x < 0.9 ? 3 : 4;
    const out: GenOffer[] = [];
    const refs = new Set<string>();
    for (let k = 0; k < count; k++) {
      const source: OfferSource = k === 0 ? (r.chance(0.75) ? 'own' : 'supplier') : r.chance(0.55) ? 'supplier' : 'seller';
      let ref = '';
      if (source === 'supplier') ref = `sup-${String(r.between(1, 60)).padStart(3, '0')}`;
      else if (source === 'seller') ref = `seller-${String(r.between(1, 2500)).padStart(4, '0')}`;
      if (source === 'own' && k > 0) continue;
      if (refs.has(`${source}|${ref}`)) continue;
      refs.add(`${source}|${ref}`);
      const factor = source === 'own' ? 1 : source === 'supplier' ? 0.93 + r.next() * 0.15 : 0.85 + r.next() * 0.3;
      const p = roundPrice(price * factor);
      const stock: Record<string, number> = {};
      let total = 0;
      if (source === 'own') {
        const inStock = r.chance(0.85);
        const n = r.between(1, 4);
        for (let w = 0; w < n; w++) {
          const q = inStock ? r.between(0, 120) : 0;
          const x = r.next();
          stock[WAREHOUSES[Math.floor(x * x * WAREHOUSES.length)]!] = q;
        }
        if (inStock && !Object.values(stock).some((q) => q > 0)) stock.msk = r.between(1, 20);
      } else {
        stock[r.pick(['msk', 'msk', 'spb', 'ekb'])] = r.chance(source === 'seller' ? 0.8 : 0.6) ? r.between(1, 500) : 0;
      }
      for (const q of Object.values(stock)) total += q;
      const old = r.chance(0.25) ? Math.max(roundPrice(p * (1.1 + r.next() * 0.3)), p + (p >= 1000 ? 100 : 10)) : null;
      out.push({ source, source_ref: ref, price: p * 100, old_price: old === null ? null : old * 100, currency: 'RUB', stock, stock_total: total });
    }
    return out;
  }
}

/** Required attributes and variant axes, then a share of the rest: 10–30 values in matrix order. */
function fillTemplate(leaf: LeafInfo, rng: Rng, share: number): number[] {
  const n = leaf.attrs.length;
  const chosen = new Uint8Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) if (leaf.required[k]) (chosen[k] = 1), count++;
  for (const k of leaf.axes) if (!chosen[k]) (chosen[k] = 1), count++;
  const wanted = Math.max(Math.min(n, 10), Math.min(30, Math.round(n * share)));
  for (let guard = 0; count < wanted && guard < n * 8; guard++) {
    const k = rng.int(n);
    if (!chosen[k]) (chosen[k] = 1), count++;
  }
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (chosen[k]) out.push(k);
  return out;
}

const numbersCache = new WeakMap<GenAttribute, number[]>();
function uniqueNumbers(a: GenAttribute): number[] {
  let v = numbersCache.get(a);
  if (!v) numbersCache.set(a, (v = [...new Set(a.hint.values ?? [])].sort((x, y) => x - y)));
  return v;
}
