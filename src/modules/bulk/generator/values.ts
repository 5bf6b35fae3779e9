// Attribute value generators and their human labels (for names and descriptions).
import type { AttributeValue } from '../../../platform/db/schema.js';
import type { Rng } from './prng.js';
import type { GenAttribute } from './structure.js';
import type { ValueHint } from './vocab-attributes.js';

export type ValueGen = (rng: Rng) => AttributeValue;

const round = (x: number, step: number) => {
  const v = Math.round(x / step) * step;
  return Number(v.toFixed(step < 1 ? 3 : 0));
};
const clamp = (x: number, a: GenAttribute) => {
  if (a.min_value !== null && x < a.min_value) return a.min_value;
  if (a.max_value !== null && x > a.max_value) return a.max_value;
  return x;
};
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXZ';

export function valueGen(a: GenAttribute, hint: ValueHint): ValueGen {
  switch (a.type) {
    case 'enum': {
      const codes = hint.codes ?? a.options.map((o) => o.code);
      return (rng) => rng.pickSkewed(codes);
    }
    case 'multi_enum': {
      const codes = hint.codes ?? a.options.map((o) => o.code);
      const many = Math.min(hint.many ?? 3, codes.length);
      return (rng) => {
        const k = rng.between(1, many);
        const start = rng.int(codes.length - k + 1);
        return codes.slice(start, start + k);
      };
    }
    case 'boolean': {
      const p = hint.p ?? 0.5;
      return (rng) => rng.chance(p);
    }
    case 'number': {
      if (hint.values?.length) {
        const values = hint.values.map((v) => clamp(v, a));
        return (rng) => rng.pick(values);
      }
      const lo = hint.lo ?? Math.max(a.min_value ?? 1, 1);
      const hi = hint.hi ?? Math.min(a.max_value ?? 100, lo + 100);
      const step = hint.step ?? 1;
      return (rng) => clamp(round(lo + rng.next() * (hi - lo), step), a);
    }
    case 'range': {
      const [mins, widths] = hint.range ?? [[a.min_value ?? 0], [10, 20, 50]];
      return (rng) => {
        const min = clamp(rng.pick(mins), a);
        return { min, max: clamp(min + rng.pick(widths), a) };
      };
    }
    case 'text': {
      if (a.pattern) {
        // part numbers: "KT-4821B"
        return (rng) => `${LETTERS[rng.int(LETTERS.length)]}${LETTERS[rng.int(LETTERS.length)]}-${rng.between(100, 99999)}${rng.chance(0.3) ? LETTERS[rng.int(LETTERS.length)] : ''}`;
      }
      const texts = hint.texts?.length ? hint.texts : [`${a.name} по стандарту производителя`];
      return (rng) => rng.pick(texts);
    }
  }
}

const num = (v: number) => String(v).replace('.', ',');

export function numberLabel(v: number, unit: string | null): string {
  if (!unit) return num(v);
  if (unit === '"') return `${num(v)}"`;
  if (unit === 'ГБ' && v >= 1024 && v % 1024 === 0) return `${v / 1024} ТБ`;
  return `${num(v)} ${unit}`;
}

/** The label a buyer reads: option names instead of codes, units after numbers. */
export function valueLabel(a: GenAttribute, v: AttributeValue): string {
  switch (a.type) {
    case 'number':
      return numberLabel(v as number, a.unit);
    case 'boolean':
      return v ? 'есть' : 'нет';
    case 'enum':
      return a.options.find((o) => o.code === v)?.value ?? String(v);
    case 'multi_enum':
      return (v as string[]).map((c) => a.options.find((o) => o.code === c)?.value ?? c).join(', ');
    case 'range': {
      const r = v as { min: number; max: number };
      return `от ${num(r.min)} до ${num(r.max)}${a.unit ? ` ${a.unit}` : ''}`;
    }
    case 'text':
      return String(v);
  }
}

/** Agrees a color adjective with the product noun: "Кроссовки белые", "Куртка синяя". */
export function agree(adjective: string, noun: string): string {
  const lower = adjective.toLowerCase();
  if (!/(ый|ий|ой)$/.test(lower)) return lower;
  const last = noun.split(' ').pop()!.toLowerCase();
  const stem = lower.slice(0, -2);
  const soft = lower.endsWith('ий') && !/[гкхжшчщ]ий$/.test(lower);
  if (/(ы|и)$/.test(last)) return stem + (soft ? 'ие' : /[гкхжшчщ]$/.test(stem) ? 'ие' : 'ые');
  if (/(а|я)$/.test(last) && !/(ья)$/.test(last)) return stem + (soft ? 'яя' : 'ая');
  if (/(о|е)$/.test(last)) return stem + (soft ? 'ее' : 'ое');
  return lower;
}
