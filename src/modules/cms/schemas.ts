// Request and response shapes of the CMS admin API.
import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Slug = Type.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', minLength: 1, maxLength: 200 });
const Status = Type.Union([Type.Literal('draft'), Type.Literal('published')]);

export const CmsPage = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  body_html: Type.String(),
  meta_title: Nullable(Type.String()),
  meta_description: Nullable(Type.String()),
  status: Status,
  position: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type CmsPage = Static<typeof CmsPage>;

export const PageBody = Type.Object(
  {
    slug: Type.Optional(Slug),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    body_html: Type.Optional(Type.String({ maxLength: 1_000_000 })),
    meta_title: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    meta_description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    status: Type.Optional(Status),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type PageInput = Static<typeof PageBody>;
export const PagePatchBody = Type.Partial(PageBody, { additionalProperties: false });
export type PagePatch = Static<typeof PagePatchBody>;

const TagRef = Type.Object({ slug: Type.String(), name: Type.String() });

export const BlogPost = Type.Object({
  id: Type.Integer(),
  category_id: Type.Union([Type.Integer(), Type.Null()]),
  category: Type.Union([Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() }), Type.Null()]),
  slug: Type.String(),
  title: Type.String(),
  excerpt: Nullable(Type.String()),
  body_html: Type.String(),
  cover_image: Nullable(Type.String()),
  meta_title: Nullable(Type.String()),
  meta_description: Nullable(Type.String()),
  status: Status,
  published_at: Nullable(Type.String()),
  tags: Type.Array(TagRef),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type BlogPost = Static<typeof BlogPost>;

export const PostBody = Type.Object(
  {
    slug: Type.Optional(Slug),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    category_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    excerpt: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    body_html: Type.Optional(Type.String({ maxLength: 1_000_000 })),
    cover_image: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    meta_title: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    meta_description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    status: Type.Optional(Status),
    published_at: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'tag names; slugs are derived' })),
  },
  { additionalProperties: false },
);
export type PostInput = Static<typeof PostBody>;
export const PostPatchBody = Type.Partial(PostBody, { additionalProperties: false });
export type PostPatch = Static<typeof PostPatchBody>;

export const BlogCategory = Type.Object({
  id: Type.Integer(),
  parent_id: Type.Union([Type.Integer(), Type.Null()]),
  slug: Type.String(),
  name: Type.String(),
});
export type BlogCategory = Static<typeof BlogCategory>;
export const BlogCategoryBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.Optional(Slug),
    parent_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type BlogCategoryInput = Static<typeof BlogCategoryBody>;
export const BlogCategoryPatchBody = Type.Partial(BlogCategoryBody, { additionalProperties: false });

export const Redirect = Type.Object({
  id: Type.Integer(),
  from_path: Type.String(),
  to_path: Type.String(),
  code: Type.Integer(),
  hits: Type.Integer(),
  created_at: Type.String(),
});
export type Redirect = Static<typeof Redirect>;
export const RedirectBody = Type.Object(
  {
    from_path: Type.String({ pattern: '^/', minLength: 1, maxLength: 2000, description: 'old path, with its query string if any' }),
    to_path: Type.String({ minLength: 1, maxLength: 2000, description: 'new path (/…) or absolute URL' }),
    code: Type.Optional(Type.Union([Type.Literal(301), Type.Literal(302), Type.Literal(308)])),
  },
  { additionalProperties: false },
);
export type RedirectInput = Static<typeof RedirectBody>;
