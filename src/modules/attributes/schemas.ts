// Request/response schemas of the attributes API; the service's input and output types are derived
// from them, so the HTTP contract and the service cannot drift.
import {
  Type,
  type Static,
  type StringOptions,
  type TBoolean,
  type TInteger,
  type TNull,
  type TNumber,
  type TString,
  type TUnion,
} from '@sinclair/typebox';
import { PageQuery } from '../../platform/http/schemas.js';

// Nullable as `type: [x, 'null']` at run time rather than anyOf: with the app's coerceTypes an anyOf
// coerces null to "" or 0 in its first branch (a null name_en would be stored as ""). The static
// type stays the equivalent union, which the type provider understands.
type Scalar = TString | TNumber | TInteger | TBoolean;
const Nullable = <T extends Scalar>(t: T): TUnion<[T, TNull]> =>
  ({ ...t, type: [t.type, 'null'] }) as unknown as TUnion<[T, TNull]>;
const NullableString = (options: StringOptions = {}) => Nullable(Type.String(options));
const NullableNumber = Nullable(Type.Number());
const NullableInt = Nullable(Type.Integer());
const NullableBool = Nullable(Type.Boolean());

export const CODE_PATTERN = '^[a-z][a-z0-9_]*$';
export const OPTION_CODE_PATTERN = '^[a-z0-9][a-z0-9_-]*$';

export const AttributeTypeSchema = Type.Union([
  Type.Literal('text'),
  Type.Literal('number'),
  Type.Literal('boolean'),
  Type.Literal('enum'),
  Type.Literal('multi_enum'),
  Type.Literal('range'),
]);

export const OptionSchema = Type.Object({
  code: Type.String(),
  value: Type.String(),
  value_en: NullableString(),
  position: Type.Optional(Type.Integer()),
});

export const AttributeSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  name_en: NullableString(),
  type: AttributeTypeSchema,
  unit: NullableString(),
  min_value: NullableNumber,
  max_value: NullableNumber,
  pattern: NullableString(),
  required: Type.Boolean(),
  filterable: Type.Boolean(),
  searchable: Type.Boolean(),
  variant_axis: Type.Boolean(),
  group_id: NullableInt,
  position: Type.Integer(),
  options: Type.Array(OptionSchema),
});

export const OptionInput = Type.Object(
  {
    code: Type.String({ pattern: OPTION_CODE_PATTERN, maxLength: 64 }),
    value: Type.String({ minLength: 1, maxLength: 200 }),
    value_en: Type.Optional(NullableString({ maxLength: 200 })),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type OptionInput = Static<typeof OptionInput>;

export const OptionPatch = Type.Object(
  {
    code: Type.Optional(Type.String({ pattern: OPTION_CODE_PATTERN, maxLength: 64 })),
    value: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    value_en: Type.Optional(NullableString({ maxLength: 200 })),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type OptionPatch = Static<typeof OptionPatch>;

// The code format is checked by the service (422 naming the field), so non-HTTP callers get it too.
const definitionFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  name_en: Type.Optional(NullableString({ maxLength: 200 })),
  type: AttributeTypeSchema,
  unit: Type.Optional(NullableString({ minLength: 1, maxLength: 32 })),
  min_value: Type.Optional(NullableNumber),
  max_value: Type.Optional(NullableNumber),
  pattern: Type.Optional(NullableString({ minLength: 1, maxLength: 500 })),
  required: Type.Optional(Type.Boolean()),
  filterable: Type.Optional(Type.Boolean()),
  searchable: Type.Optional(Type.Boolean()),
  variant_axis: Type.Optional(Type.Boolean()),
  group_id: Type.Optional(NullableInt),
  position: Type.Optional(Type.Integer({ minimum: 0 })),
  options: Type.Optional(Type.Array(OptionInput, { maxItems: 5000 })),
};

export const AttributeCreate = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }), ...definitionFields },
  { additionalProperties: false },
);
export type AttributeCreate = Static<typeof AttributeCreate>;

/** `options`, when present, replaces the whole option list. */
export const AttributePatch = Type.Partial(AttributeCreate, { additionalProperties: false });
export type AttributePatch = Static<typeof AttributePatch>;

export const AttributeListQuery = Type.Object({
  ...PageQuery,
  type: Type.Optional(AttributeTypeSchema),
  group: Type.Optional(Type.String({ description: 'display group id or code' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'substring of code or name' })),
});
export type AttributeListQuery = Partial<Static<typeof AttributeListQuery>>;

export const GroupSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  name_en: NullableString(),
  position: Type.Integer(),
});
export type AttributeGroup = Static<typeof GroupSchema>;

export const GroupCreate = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    name_en: Type.Optional(NullableString({ maxLength: 200 })),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type GroupCreate = Static<typeof GroupCreate>;
export const GroupPatch = Type.Partial(GroupCreate, { additionalProperties: false });
export type GroupPatch = Static<typeof GroupPatch>;

/** A category's own matrix entry as stored: NULL settings inherit. */
export const OwnEntrySchema = Type.Object({
  attribute_id: Type.Integer(),
  attribute_code: Type.String(),
  required: NullableBool,
  filterable: NullableBool,
  position: NullableInt,
  hidden: Type.Boolean(),
});
export type OwnEntry = Static<typeof OwnEntrySchema>;

export const EntrySettings = Type.Object(
  {
    required: Type.Optional(NullableBool),
    filterable: Type.Optional(NullableBool),
    position: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    hidden: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type EntrySettings = Static<typeof EntrySettings>;

export const EntryInput = Type.Object(
  {
    attribute: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1 })], {
      description: 'attribute code or id',
    }),
    ...EntrySettings.properties,
  },
  { additionalProperties: false },
);
export type EntryInput = Static<typeof EntryInput>;

export const MatrixEntrySchema = Type.Object({
  attribute: AttributeSchema,
  required: Type.Boolean(),
  filterable: Type.Boolean(),
  position: Type.Integer(),
  source_category_id: Type.Integer(),
});

export const EffectiveMatrixSchema = Type.Object({
  category_id: Type.Integer(),
  entries: Type.Array(MatrixEntrySchema),
});

export const ProductMatrixBody = Type.Object(
  {
    primary_category_id: Type.Integer({ minimum: 1 }),
    category_ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 100, default: [] }),
  },
  { additionalProperties: false },
);
