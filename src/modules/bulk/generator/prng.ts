// Seeded pseudo-random numbers (sfc32 seeded through splitmix32). Every product draws from its own
// stream derived from (seed, index), so product #n is the same whether the catalog is generated
// in one pass, in chunks, or twice (the COPY baseline and the load see identical rows).

/** Mixes up to three integers into a 32-bit hash (splitmix32 finalizer). */
export function mix(a: number, b = 0, c = 0): number {
  let h = (a ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = (h + Math.imul(b ^ 0x27d4eb2f, 0x165667b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h + Math.imul(c ^ 0x61c88647, 0x27d4eb2f)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0, sub = 0) {
    this.a = mix(seed, stream, sub);
    this.b = mix(this.a, 0x51ed27, sub);
    this.c = mix(this.b, stream, 0xa5a5a5);
    this.d = 1;
    // the state words are already avalanche-mixed by `mix`, so a short warm-up suffices
    for (let i = 0; i < 4; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** integer in [lo, hi] */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** Skewed towards the front of the list: popular options first, a long tail after. */
  pickSkewed<T>(list: readonly T[]): T {
    const x = this.next();
    return list[Math.floor(x * x * list.length)]!;
  }

  /** k distinct items (k ≤ list.length), in list order. */
  sample<T>(list: readonly T[], k: number): T[] {
    if (k >= list.length) return list.slice();
    const idx = new Set<number>();
    while (idx.size < k) idx.add(this.int(list.length));
    return [...idx].sort((x, y) => x - y).map((i) => list[i]!);
  }

  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
}

/** Cumulative weights for O(log n) weighted picks over large lists (categories, brands). */
export class WeightedPicker<T> {
  private readonly cum: Float64Array;
  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    this.cum = new Float64Array(items.length);
    let s = 0;
    for (let i = 0; i < items.length; i++) this.cum[i] = s += weights[i]!;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.cum[this.cum.length - 1]!;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
