// Attribute definitions, their options and display groups: the rules, no SQL.
import type { Kysely } from 'kysely';
import type { PlatformDeps } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { checkCode, checkDefinition, checkOptions, type DefinitionDraft } from './definition.js';
import type { AttributeDefinition, AttributeOption } from './matrix-types.js';
import * as repo from './repository.js';
import type {
  AttributeCreate,
  AttributeGroup,
  AttributeListQuery,
  AttributePatch,
  GroupCreate,
  GroupPatch,
  OptionInput,
  OptionPatch,
} from './schemas.js';

/** An attribute as the admin API shows it: the definition with its options in display order. */
export interface Attribute extends AttributeDefinition {
  options: (AttributeOption & { position: number })[];
}

export interface AttributePage {
  items: Attribute[];
  total: number;
  limit: number;
  offset: number;
}

export const attributeKey = (ref: number | string): repo.AttributeKey =>
  typeof ref === 'number' ? { id: ref } : /^\d+$/.test(ref) ? { id: Number(ref) } : { code: ref };

function toAttribute(r: repo.AttributeRow, options: repo.OptionRow[] = []): Attribute {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    name_en: r.name_en,
    type: r.type,
    unit: r.unit,
    min_value: r.min_value,
    max_value: r.max_value,
    pattern: r.pattern,
    required: r.required,
    filterable: r.filterable,
    searchable: r.searchable,
    variant_axis: r.variant_axis,
    group_id: r.group_id,
    position: r.position,
    options: options.map((o) => ({ code: o.code, value: o.value, value_en: o.value_en, position: o.position })),
  };
}

const takenOrThrow = (e: unknown, code: string): never => {
  if (repo.uniqueViolation(e)) throw new AppError('CATALOG_ATTRIBUTE_CODE_TAKEN', `Attribute code "${code}" is taken.`, 'code');
  throw e;
};

/** Only the defined keys of a patch (undefined = leave as is; null = clear). */
const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function createDefinitionsService(deps: PlatformDeps, afterChange: () => Promise<void>) {
  const db = deps.db.kysely;

  async function load(q: Kysely<DB>, ref: number | string | repo.AttributeKey, lock = false) {
    const key = typeof ref === 'object' ? ref : attributeKey(ref);
    const row = await repo.findAttribute(q, key, lock);
    if (!row) throw new AppError('CATALOG_ATTRIBUTE_NOT_FOUND', `No attribute with ${'id' in key ? `id ${key.id}` : `code "${key.code}"`}.`);
    return { row, options: (await repo.optionsOf(q, [row.id])).get(row.id) ?? [] };
  }

  async function get(ref: number | string | repo.AttributeKey): Promise<Attribute> {
    const { row, options } = await load(db, ref);
    return toAttribute(row, options);
  }

  async function requireGroup(q: Kysely<DB>, id: number | null | undefined): Promise<void> {
    if (id === null || id === undefined) return;
    if (!(await repo.findGroup(q, { id }))) {
      throw new AppError('CATALOG_ATTRIBUTE_GROUP_NOT_FOUND', `No attribute group with id ${id}.`, 'group_id');
    }
  }

  /** Runs a write on one attribute under a row lock, then invalidates the matrices. */
  async function change(ref: number | string, fn: (tx: Kysely<DB>, row: repo.AttributeRow, options: repo.OptionRow[]) => Promise<void>) {
    const id = await db.transaction().execute(async (tx) => {
      const { row, options } = await load(tx, ref, true);
      await fn(tx, row, options);
      return row.id;
    });
    await afterChange();
    return get(id);
  }

  async function refuseIfOptionHeld(q: Kysely<DB>, row: repo.AttributeRow, code: string, field: string, verb: string) {
    if (await repo.productsHoldOption(q, row, code)) {
      throw new AppError('CATALOG_ATTRIBUTE_OPTION_IN_USE', `Products hold option "${code}" of "${row.code}"; cannot ${verb} it.`, field);
    }
  }

  const optionStyle = { conflict: 'CATALOG_ATTRIBUTE_OPTION_TAKEN' as const, field: (_i: number, key: string) => key };

  return {
    get,
    getByCode: (code: string) => get({ code }),

    async list(f: AttributeListQuery): Promise<AttributePage> {
      const limit = f.limit ?? 50;
      const offset = f.offset ?? 0;
      let groupId: number | undefined;
      if (f.group !== undefined) {
        const g = await repo.findGroup(db, /^\d+$/.test(f.group) ? { id: Number(f.group) } : { code: f.group });
        if (!g) return { items: [], total: 0, limit, offset };
        groupId = g.id;
      }
      const { rows, total } = await repo.listAttributes(db, { ...f, limit, offset, groupId });
      const options = await repo.optionsOf(db, rows.map((r) => r.id));
      return { items: rows.map((r) => toAttribute(r, options.get(r.id))), total, limit, offset };
    },

    async create(input: AttributeCreate): Promise<Attribute> {
      const draft: DefinitionDraft = {
        code: input.code,
        type: input.type,
        unit: input.unit ?? null,
        min_value: input.min_value ?? null,
        max_value: input.max_value ?? null,
        pattern: input.pattern ?? null,
        variant_axis: input.variant_axis ?? false,
        options: input.options ?? [],
      };
      checkDefinition(draft);
      const id = await db
        .transaction()
        .execute(async (tx) => {
          await requireGroup(tx, input.group_id);
          const { options, ...draftFields } = draft;
          const row = await repo.insertAttribute(tx, {
            ...draftFields,
            name: input.name,
            name_en: input.name_en ?? null,
            required: input.required ?? false,
            filterable: input.filterable ?? false,
            searchable: input.searchable ?? false,
            group_id: input.group_id ?? null,
            position: input.position ?? 0,
          });
          await repo.replaceOptions(tx, row.id, input.options ?? []);
          return row.id;
        })
        .catch((e) => takenOrThrow(e, input.code));
      await afterChange();
      return get(id);
    },

    /** A patch; `options` replaces the whole list. Existing product values are re-checked when saved. */
    update(ref: number | string, patch: AttributePatch): Promise<Attribute> {
      return change(ref, async (tx, row, current) => {
        const p = defined(patch);
        const { options: newOptions, ...fields } = p;
        const next = { ...row, ...fields };
        checkDefinition({ ...next, options: newOptions ?? current });
        // a product's JSONB is keyed by code and shaped by type: both are fixed once values exist
        for (const k of ['code', 'type'] as const) {
          if (p[k] !== undefined && p[k] !== row[k] && (await repo.productsHoldAttribute(tx, row.code))) {
            throw new AppError('CATALOG_ATTRIBUTE_IN_USE', `Products hold values of "${row.code}"; its ${k} cannot change.`, k);
          }
        }
        if (newOptions) {
          const kept = new Set(newOptions.map((o) => o.code));
          for (const o of current) if (!kept.has(o.code)) await refuseIfOptionHeld(tx, row, o.code, 'options', 'remove');
        }
        if (fields.group_id !== undefined) await requireGroup(tx, fields.group_id);
        if (Object.keys(fields).length) await repo.updateAttribute(tx, row.id, fields).catch((e) => takenOrThrow(e, next.code));
        else await repo.touchAttribute(tx, row.id);
        if (newOptions) await repo.replaceOptions(tx, row.id, newOptions);
      });
    },

    async remove(ref: number | string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const { row } = await load(tx, ref, true);
        const n = await repo.matrixUsage(tx, row.id);
        if (n) throw new AppError('CATALOG_ATTRIBUTE_IN_USE', `"${row.code}" is in the matrix of ${n} categories; remove it there first.`);
        if (await repo.productsHoldAttribute(tx, row.code)) {
          throw new AppError('CATALOG_ATTRIBUTE_IN_USE', `Products still hold values of "${row.code}".`);
        }
        await repo.deleteAttribute(tx, row.id);
      });
      await afterChange();
    },

    addOption(ref: number | string, input: OptionInput): Promise<Attribute> {
      return change(ref, async (tx, row, current) => {
        if (row.type !== 'enum' && row.type !== 'multi_enum') {
          throw new AppError('CATALOG_ATTRIBUTE_DEFINITION_INVALID', `A ${row.type} attribute has no options.`, 'type');
        }
        const position = input.position ?? current.reduce((m, o) => Math.max(m, o.position + 1), 0);
        checkOptions([...current, { ...input, position }], optionStyle);
        await repo.insertOption(tx, row.id, { ...input, position }).catch((e) => {
          if (repo.uniqueViolation(e)) throw new AppError('CATALOG_ATTRIBUTE_OPTION_TAKEN', `Option "${input.code}" exists.`, 'code');
          throw e;
        });
      });
    },

    /** Renames an option's labels or position freely; its code only while no product holds it. */
    updateOption(ref: number | string, code: string, patch: OptionPatch): Promise<Attribute> {
      return change(ref, async (tx, row, current) => {
        const i = current.findIndex((o) => o.code === code);
        if (i < 0) throw new AppError('CATALOG_ATTRIBUTE_OPTION_NOT_FOUND', `"${row.code}" has no option "${code}".`, 'code');
        const p = defined(patch);
        if (p.code !== undefined && p.code !== code) await refuseIfOptionHeld(tx, row, code, 'code', 'recode');
        checkOptions(current.map((o, j) => (j === i ? { ...o, ...p } : o)), optionStyle);
        await repo.updateOption(tx, row.id, code, p);
      });
    },

    removeOption(ref: number | string, code: string): Promise<Attribute> {
      return change(ref, async (tx, row, current) => {
        if (!current.some((o) => o.code === code)) {
          throw new AppError('CATALOG_ATTRIBUTE_OPTION_NOT_FOUND', `"${row.code}" has no option "${code}".`, 'code');
        }
        if (current.length === 1) {
          throw new AppError('CATALOG_ATTRIBUTE_DEFINITION_INVALID', `An ${row.type} attribute needs at least one option.`, 'options');
        }
        await refuseIfOptionHeld(tx, row, code, 'code', 'remove');
        await repo.deleteOption(tx, row.id, code);
      });
    },

    groups: {
      list: () => repo.listGroups(db),

      async get(id: number): Promise<AttributeGroup> {
        const g = await repo.findGroup(db, { id });
        if (!g) throw new AppError('CATALOG_ATTRIBUTE_GROUP_NOT_FOUND', `No attribute group with id ${id}.`);
        return g;
      },

      async create(input: GroupCreate): Promise<AttributeGroup> {
        checkCode(input.code);
        const g = await repo
          .insertGroup(db, { code: input.code, name: input.name, name_en: input.name_en ?? null, position: input.position ?? 0 })
          .catch(groupTaken(input.code));
        await afterChange();
        return g;
      },

      async update(id: number, patch: GroupPatch): Promise<AttributeGroup> {
        const p = defined(patch);
        if (p.code !== undefined) checkCode(p.code);
        const g = Object.keys(p).length ? await repo.updateGroup(db, id, p).catch(groupTaken(p.code ?? '')) : await repo.findGroup(db, { id });
        if (!g) throw new AppError('CATALOG_ATTRIBUTE_GROUP_NOT_FOUND', `No attribute group with id ${id}.`);
        await afterChange();
        return g;
      },

      /** Deletes the group; its attributes stay, ungrouped. */
      async remove(id: number): Promise<void> {
        const gone = await db.transaction().execute((tx) => repo.deleteGroup(tx, id));
        if (!gone) throw new AppError('CATALOG_ATTRIBUTE_GROUP_NOT_FOUND', `No attribute group with id ${id}.`);
        await afterChange();
      },
    },
  };
}

const groupTaken = (code: string) => (e: unknown): never => {
  if (repo.uniqueViolation(e)) throw new AppError('CATALOG_ATTRIBUTE_GROUP_CODE_TAKEN', `Group code "${code}" is taken.`, 'code');
  throw e;
};

export type DefinitionsService = ReturnType<typeof createDefinitionsService>;
