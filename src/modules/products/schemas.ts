// Request and response shapes of the products API (TypeBox → validation + OpenAPI).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PageQuery } from '../../platform/http/schemas.js';

// `type: [t, 'null']`, not anyOf: with ajv's coerceTypes an anyOf tries the integer branch first and
// turns null into 0 (and into "" for strings); a type list coerces only when no listed type matches.
const Nullable = <T extends TSchema & { type: string }>(t: T) =>
  Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, 'null'] });

export const Status = Type.Union([
  Type.Literal('draft'),
  Type.Literal('moderation'),
  Type.Literal('published'),
  Type.Literal('archived'),
]);

export const ImageInput = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL or a path under /media/' }),
    alt: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

const productFields = {
  name: Type.String({ minLength: 1, maxLength: 500 }),
  slug: Type.Optional(Type.String({ maxLength: 200, description: 'generated from the name and SKU when absent' })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 100_000 }))),
  brand_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  brand: Type.Optional(
    Nullable(Type.String({ minLength: 1, maxLength: 200, description: 'brand name or slug; created when unknown' })),
  ),
  category_ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50, uniqueItems: true }),
  primary_category_id: Type.Optional(Type.Integer({ minimum: 1, description: 'defaults to the first category_ids' })),
  attributes: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: 'attribute code → typed value; null clears it' }),
  ),
  images: Type.Optional(Type.Array(ImageInput, { maxItems: 50 })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'names or slugs' })),
  variant_group: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
};

export const ProductCreateBody = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 100 }),
    ...productFields,
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);
export type ProductCreateInput = Static<typeof ProductCreateBody>;

export const ProductPatchBody = Type.Partial(
  Type.Object({ sku: Type.String({ minLength: 1, maxLength: 100 }), ...productFields }, { additionalProperties: false }),
  { additionalProperties: false },
);
export type ProductPatchInput = Static<typeof ProductPatchBody>;

export const StatusBody = Type.Object({ status: Status }, { additionalProperties: false });

export const Brand = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() });
export type Brand = Static<typeof Brand>;
export const BrandBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), slug: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export const BrandPatchBody = Type.Partial(BrandBody, { additionalProperties: false });

export const Tag = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() });
export type Tag = Static<typeof Tag>;

const Image = Type.Object({ url: Type.String(), alt: Type.Optional(Type.String()) });
const Money = {
  best_offer_id: Nullable(Type.Integer()),
  best_price: Nullable(Type.Integer({ description: 'minor units' })),
  best_old_price: Nullable(Type.Integer()),
  best_currency: Nullable(Type.String()),
  in_stock: Type.Boolean(),
};

export const Product = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  brand: Type.Union([Brand, Type.Null()]),
  status: Status,
  primary_category_id: Type.Integer(),
  category_ids: Type.Array(Type.Integer()),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  images: Type.Array(Image),
  tags: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
  variant_group: Nullable(Type.String()),
  ...Money,
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type Product = Static<typeof Product>;

export const ProductSummary = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  status: Status,
  brand: Type.Union([Brand, Type.Null()]),
  primary_category_id: Type.Integer(),
  ...Money,
  updated_at: Type.String(),
});
export type ProductSummary = Static<typeof ProductSummary>;

export const AdminListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(Status),
    category_id: Type.Optional(Type.Integer({ minimum: 1, description: 'the category and its whole subtree' })),
    brand: Type.Optional(Type.String({ minLength: 1, description: 'brand id or slug' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'prefix of the name or SKU' })),
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    sort: Type.Optional(
      Type.Union([Type.Literal('id'), Type.Literal('name'), Type.Literal('price'), Type.Literal('updated_at')], {
        default: 'id',
      }),
    ),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' })),
  },
  { additionalProperties: false },
);
export type AdminListQuery = Static<typeof AdminListQuery>;

const capped = {
  total_capped: Type.Boolean({ description: 'true when total stopped at the count cap (more rows match)' }),
};
export const ProductPage = Type.Object({
  items: Type.Array(ProductSummary),
  total: Type.Integer(),
  ...capped,
  limit: Type.Integer(),
  offset: Type.Integer(),
});

// --- storefront ---

export const ListingSort = Type.Union(
  [Type.Literal('price_asc'), Type.Literal('price_desc'), Type.Literal('newest'), Type.Literal('name')],
  { default: 'price_asc' },
);
export type ListingSort = Static<typeof ListingSort>;

export const ListingQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 24 }),
    offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
    sort: ListingSort,
  },
  {
    // filter[<code>]=<value>: enum/boolean/text equality (comma = any of), numbers as min..max
    additionalProperties: true,
    description: 'Attribute filters as filter[<code>]=<value>; numbers as filter[<code>]=min..max; "a,b" = any of',
  },
);

export const ListingItem = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  brand: Nullable(Type.String()),
  image: Type.Union([Image, Type.Null()]),
  best_price: Nullable(Type.Integer()),
  best_old_price: Nullable(Type.Integer()),
  best_currency: Nullable(Type.String()),
  in_stock: Type.Boolean(),
});
export type ListingItem = Static<typeof ListingItem>;

export const Listing = Type.Object({
  items: Type.Array(ListingItem),
  total: Type.Integer(),
  ...capped,
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type Listing = Static<typeof Listing>;

const RenderedAttribute = Type.Object({
  code: Type.String(),
  name: Type.String(),
  type: Type.String(),
  unit: Nullable(Type.String()),
  value: Type.Unknown({ description: 'the stored value (option codes for enums)' }),
  display: Type.String({ description: 'the value as shown: option labels, number with unit' }),
});
export type RenderedAttribute = Static<typeof RenderedAttribute>;

const AttributeGroup = Type.Object({
  code: Nullable(Type.String()),
  name: Type.String(),
  attributes: Type.Array(RenderedAttribute),
});
export type AttributeGroupView = Static<typeof AttributeGroup>;

const Variant = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  current: Type.Boolean(),
  best_price: Nullable(Type.Integer()),
  in_stock: Type.Boolean(),
  axes: Type.Record(Type.String(), Type.Object({ value: Type.Unknown(), display: Type.String() })),
});
export type VariantView = Static<typeof Variant>;

export const CardOffer = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  source_ref: Type.Optional(Type.String({ description: 'seller id; not shown for suppliers' })),
  price: Type.Integer(),
  old_price: Nullable(Type.Integer()),
  currency: Type.String(),
  stock: Type.Record(Type.String(), Type.Integer()),
  stock_total: Type.Integer(),
  in_stock: Type.Boolean(),
  best: Type.Boolean(),
});
export type CardOffer = Static<typeof CardOffer>;

export const Card = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  brand: Type.Union([Brand, Type.Null()]),
  breadcrumbs: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), slug: Type.String(), path: Type.String() })),
  attribute_groups: Type.Array(AttributeGroup),
  tags: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
  images: Type.Array(Image),
  variants: Type.Object({
    axes: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), unit: Nullable(Type.String()) })),
    items: Type.Array(Variant),
  }),
  price: Nullable(Type.Integer()),
  old_price: Nullable(Type.Integer()),
  currency: Nullable(Type.String()),
  in_stock: Type.Boolean(),
  offers: Type.Array(CardOffer),
});
export type Card = Static<typeof Card>;
