// Pure rendering of stored attribute values with the effective matrix: display groups, names,
// units and option labels for the card, and the variant-axis values of sibling products.
import type { AttributeValue } from '../../platform/db/schema.js';
import type { EffectiveMatrix, MatrixEntry } from '../attributes/matrix-types.js';
import type { AttributeGroupView, RenderedAttribute } from './schemas.js';

export interface GroupInfo {
  id: number;
  code: string;
  name: string;
  position: number;
}

const number = (n: number) => String(n).replace('.', ',');
const withUnit = (s: string, unit: string | null) => (unit ? `${s} ${unit}` : s);

export function displayValue(entry: MatrixEntry, value: AttributeValue): string {
  const a = entry.attribute;
  switch (a.type) {
    case 'number':
      return typeof value === 'number' ? withUnit(number(value), a.unit) : String(value);
    case 'boolean':
      return value === true ? 'да' : value === false ? 'нет' : String(value);
    case 'enum':
    case 'multi_enum': {
      const label = (code: string) => a.options.find((o) => o.code === code)?.value ?? code;
      return Array.isArray(value) ? value.map(label).join(', ') : label(String(value));
    }
    case 'range': {
      const r = value as { min: number; max: number };
      return r && typeof r === 'object' ? withUnit(`${number(r.min)}–${number(r.max)}`, a.unit) : String(value);
    }
    default:
      return String(value);
  }
}

const byPosition = (x: MatrixEntry, y: MatrixEntry) =>
  x.position - y.position || x.attribute.position - y.attribute.position || x.attribute.id - y.attribute.id;

/** Values grouped by display group (group order, ungrouped last), entries in matrix order. */
export function renderAttributes(
  matrix: EffectiveMatrix,
  values: Record<string, AttributeValue>,
  groups: GroupInfo[],
): AttributeGroupView[] {
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const buckets = new Map<number | null, RenderedAttribute[]>();
  for (const e of [...matrix.entries].sort(byPosition)) {
    const v = values[e.attribute.code];
    if (v === undefined || v === null) continue;
    const gid = e.attribute.group_id !== null && groupById.has(e.attribute.group_id) ? e.attribute.group_id : null;
    const list = buckets.get(gid) ?? [];
    list.push({
      code: e.attribute.code,
      name: e.attribute.name,
      type: e.attribute.type,
      unit: e.attribute.unit,
      value: v,
      display: displayValue(e, v),
    });
    buckets.set(gid, list);
  }
  const ordered = [...buckets.keys()].sort((x, y) => {
    if (x === null) return 1;
    if (y === null) return -1;
    const gx = groupById.get(x)!;
    const gy = groupById.get(y)!;
    return gx.position - gy.position || gx.id - gy.id;
  });
  return ordered.map((gid) => {
    const g = gid === null ? null : groupById.get(gid)!;
    return { code: g?.code ?? null, name: g?.name ?? 'Прочее', attributes: buckets.get(gid)! };
  });
}

export const variantAxes = (matrix: EffectiveMatrix) =>
  matrix.entries.filter((e) => e.attribute.variant_axis).sort(byPosition);

/** A canonical string of a product's axis values: equal strings = indistinguishable variants. */
export function axisKey(axes: MatrixEntry[], values: Record<string, AttributeValue>): string {
  return JSON.stringify(
    axes.map((e) => {
      const v = values[e.attribute.code];
      return Array.isArray(v) ? [...v].sort() : (v ?? null);
    }),
  );
}
