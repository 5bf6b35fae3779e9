// Request and response schemas of the category routes (TypeBox → validation and OpenAPI).
import { Type } from '@sinclair/typebox';
import { Page, PageQuery } from '../../platform/http/schemas.js';
import { SLUG_MAX, SLUG_PATTERN } from './slug.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: SLUG_MAX, description: 'lowercase latin, digits, hyphens' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Position = Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'order among siblings, from 0' });

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  parent_id: Type.Union([Type.Integer(), Type.Null()]),
  slug: Type.String(),
  name: Type.String(),
  name_en: Type.Union([Type.String(), Type.Null()]),
  description: Type.Union([Type.String(), Type.Null()]),
  path: Type.String({ description: 'slash-joined slugs from the root' }),
  depth: Type.Integer({ description: 'root = 0' }),
  position: Type.Integer(),
  ancestor_ids: Type.Array(Type.Integer(), { description: 'root → self, inclusive' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const BreadcrumbSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  path: Type.String(),
});

export const TreeNodeSchema = Type.Object({
  id: Type.Integer(),
  parent_id: Type.Union([Type.Integer(), Type.Null()]),
  slug: Type.String(),
  name: Type.String(),
  name_en: Type.Union([Type.String(), Type.Null()]),
  path: Type.String(),
  depth: Type.Integer(),
  position: Type.Integer(),
});

export const CategoryPage = Page(CategorySchema);

export const CategoryDetail = Type.Object({
  category: CategorySchema,
  breadcrumbs: Type.Array(BreadcrumbSchema),
  children: Type.Array(CategorySchema),
});

export const IdParams = Type.Object({ id: Id });

export const ListQuery = Type.Object(
  {
    parent_id: Type.Optional(Type.Integer({ minimum: 0, description: 'children of this category; 0 = root categories' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'name prefix (Russian or English)' })),
    depth: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    ...PageQuery,
  },
);

export const CreateBody = Type.Object(
  {
    name: Name,
    slug: Type.Optional(Slug),
    name_en: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    parent_id: Type.Optional(Type.Union([Id, Type.Null()])),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);

export const UpdateBody = Type.Object(
  {
    name: Type.Optional(Name),
    slug: Type.Optional(Slug),
    name_en: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    position: Type.Optional(Position),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const MoveBody = Type.Object(
  {
    parent_id: Type.Union([Id, Type.Null()], { description: 'null moves the subtree to the top level' }),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);

export const DeleteQuery = Type.Object(
  { reassign_to: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'category that takes the products' })) },
);

export const DeleteResult = Type.Object({ id: Type.Integer(), reassigned_products: Type.Integer() });

export const ByPathQuery = Type.Object({ path: Type.String({ minLength: 1, maxLength: 4000 }) });

export const TreeQuerySchema = Type.Object(
  {
    root: Type.Optional(Type.Integer({ minimum: 1, description: 'only this subtree (root included)' })),
    depth: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'levels below the root to include' })),
  },
);

export const TreeResult = Type.Object({ items: Type.Array(TreeNodeSchema), total: Type.Integer() });

export const RefParams = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: 200 }) });
