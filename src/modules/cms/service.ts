// CMS rules: slugs (derived from titles, unique), publication, post tags, redirects. SQL in repository.ts.
import type { PlatformDeps } from '../../platform/context.js';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import { slugify } from '../../platform/text/slug.js';
import { redirectCandidates } from './redirect-candidates.js';
import * as repo from './repository.js';
import type {
  BlogCategory, BlogCategoryInput, BlogPost, CmsPage, PageInput, PagePatch, PostInput, PostPatch, Redirect, RedirectInput,
} from './schemas.js';

export interface Paged<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface CmsService {
  pages: {
    list(q: { status?: 'draft' | 'published'; limit: number; offset: number }): Promise<Paged<CmsPage>>;
    get(ref: string | number): Promise<CmsPage>;
    /** a published page by slug, or null (the storefront 404s) */
    published(slug: string): Promise<CmsPage | null>;
    create(input: PageInput): Promise<CmsPage>;
    update(id: number, patch: PagePatch): Promise<CmsPage>;
    remove(id: number): Promise<void>;
    sitemap(): Promise<{ slug: string; updated_at: Date }[]>;
  };
  posts: {
    list(q: repo.PostFilter): Promise<Paged<BlogPost>>;
    get(ref: string | number): Promise<BlogPost>;
    published(slug: string): Promise<BlogPost | null>;
    create(input: PostInput): Promise<BlogPost>;
    update(id: number, patch: PostPatch): Promise<BlogPost>;
    remove(id: number): Promise<void>;
    sitemap(): Promise<{ slug: string; updated_at: Date }[]>;
  };
  categories: {
    list(): Promise<BlogCategory[]>;
    get(ref: string | number): Promise<BlogCategory>;
    create(input: BlogCategoryInput): Promise<BlogCategory>;
    update(id: number, patch: Partial<BlogCategoryInput>): Promise<BlogCategory>;
    remove(id: number): Promise<void>;
  };
  tag(slug: string): Promise<{ id: number; slug: string; name: string } | null>;
  redirects: {
    /** the redirect for a requested URL (see redirect-candidates.ts for the order); counts the hit */
    resolve(url: string): Promise<{ to: string; code: number } | null>;
    list(q: { limit: number; offset: number }): Promise<Paged<Redirect>>;
    put(input: RedirectInput): Promise<Redirect>;
    remove(id: number): Promise<void>;
  };
}

const iso = (d: Date | string | null) => (d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString());

function isUniqueViolation(e: unknown) {
  return !!e && typeof e === 'object' && (e as { code?: unknown }).code === '23505';
}

async function guardSlug<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CMS_SLUG_TAKEN', 'That slug is already used.', 'slug');
    throw e;
  }
}

function deriveSlug(explicit: string | undefined, title: string): string {
  const s = explicit ?? slugify(title, 120);
  if (!s) throw new AppError('CMS_INVALID', 'Cannot derive a slug from the title; give one.', 'slug');
  return s;
}

const toPage = (r: NonNullable<Awaited<ReturnType<typeof repo.findPage>>>): CmsPage => ({
  ...r, created_at: iso(r.created_at)!, updated_at: iso(r.updated_at)!,
});

const toPost = (r: repo.PostRow): BlogPost => ({
  ...r, published_at: iso(r.published_at), created_at: iso(r.created_at)!, updated_at: iso(r.updated_at)!,
});

const tagRefs = (names: string[]) => {
  const seen = new Map<string, string>();
  for (const n of names) {
    const slug = slugify(n.trim(), 100);
    if (slug && !seen.has(slug)) seen.set(slug, n.trim());
  }
  return [...seen].map(([slug, name]) => ({ slug, name }));
};

export function createCmsService(deps: PlatformDeps): CmsService {
  const db = deps.db.kysely;
  const notFound = (code: ErrorCode, what: string) => new AppError(code, `No ${what}.`);

  async function mustPage(ref: string | number) {
    const r = await repo.findPage(db, ref);
    if (!r) throw notFound('CMS_PAGE_NOT_FOUND', `page ${ref}`);
    return toPage(r);
  }
  async function mustPost(ref: string | number) {
    const r = await repo.findPost(db, ref);
    if (!r) throw notFound('CMS_POST_NOT_FOUND', `blog post ${ref}`);
    return toPost(r);
  }
  async function mustCategory(ref: string | number) {
    const r = await repo.findBlogCategory(db, ref);
    if (!r) throw notFound('CMS_BLOG_CATEGORY_NOT_FOUND', `blog category ${ref}`);
    return r;
  }
  async function checkCategory(id: number | null | undefined) {
    if (id === null || id === undefined) return;
    if (!(await repo.findBlogCategory(db, id))) throw new AppError('CMS_BLOG_CATEGORY_NOT_FOUND', `No blog category ${id}.`, 'category_id');
  }

  return {
    pages: {
      async list(q) {
        const { items, total } = await repo.listPages(db, q);
        return { items: items.map(toPage), total, limit: q.limit, offset: q.offset };
      },
      get: mustPage,
      async published(slug) {
        const r = await repo.findPage(db, slug);
        return r && r.status === 'published' ? toPage(r) : null;
      },
      async create(input) {
        const id = await guardSlug(() =>
          repo.insertPage(db, {
            slug: deriveSlug(input.slug, input.title), title: input.title, body_html: input.body_html ?? '',
            meta_title: input.meta_title ?? null, meta_description: input.meta_description ?? null,
            status: input.status ?? 'published', position: input.position ?? 0,
          }),
        );
        return mustPage(id);
      },
      async update(id, patch) {
        await mustPage(id);
        await guardSlug(() => repo.updatePage(db, id, patch));
        return mustPage(id);
      },
      async remove(id) {
        if (!(await repo.deletePage(db, id))) throw notFound('CMS_PAGE_NOT_FOUND', `page ${id}`);
      },
      sitemap: () => repo.publishedPageSlugs(db),
    },

    posts: {
      async list(q) {
        const { items, total } = await repo.listPosts(db, q);
        return { items: items.map(toPost), total, limit: q.limit, offset: q.offset };
      },
      get: mustPost,
      async published(slug) {
        const r = await repo.findPost(db, slug);
        return r && r.status === 'published' && r.published_at && new Date(r.published_at) <= new Date() ? toPost(r) : null;
      },
      async create(input) {
        await checkCategory(input.category_id);
        const status = input.status ?? 'published';
        const id = await guardSlug(() =>
          db.transaction().execute(async (tx) => {
            const id = await repo.insertPost(tx, {
              category_id: input.category_id ?? null, slug: deriveSlug(input.slug, input.title), title: input.title,
              excerpt: input.excerpt ?? null, body_html: input.body_html ?? '', cover_image: input.cover_image ?? null,
              meta_title: input.meta_title ?? null, meta_description: input.meta_description ?? null, status,
              // a published post without a date is published now
              published_at: input.published_at ?? (status === 'published' ? new Date() : null),
            });
            await repo.setPostTags(tx, id, tagRefs(input.tags ?? []));
            return id;
          }),
        );
        return mustPost(id);
      },
      async update(id, patch) {
        const current = await mustPost(id);
        await checkCategory(patch.category_id);
        const { tags, ...fields } = patch;
        if (fields.status === 'published' && !current.published_at && fields.published_at === undefined) {
          fields.published_at = new Date().toISOString();
        }
        await guardSlug(() =>
          db.transaction().execute(async (tx) => {
            if (Object.keys(fields).length) await repo.updatePost(tx, id, fields);
            if (tags) await repo.setPostTags(tx, id, tagRefs(tags));
          }),
        );
        return mustPost(id);
      },
      async remove(id) {
        const n = await db.transaction().execute((tx) => repo.deletePost(tx, id));
        if (!n) throw notFound('CMS_POST_NOT_FOUND', `blog post ${id}`);
      },
      sitemap: () => repo.publishedPostSlugs(db),
    },

    categories: {
      list: () => repo.listBlogCategories(db),
      get: mustCategory,
      async create(input) {
        await checkCategory(input.parent_id);
        const id = await guardSlug(() =>
          repo.insertBlogCategory(db, { slug: deriveSlug(input.slug, input.name), name: input.name, parent_id: input.parent_id ?? null }),
        );
        return mustCategory(id);
      },
      async update(id, patch) {
        await mustCategory(id);
        if (patch.parent_id === id) throw new AppError('CMS_INVALID', 'A category cannot be its own parent.', 'parent_id');
        await checkCategory(patch.parent_id);
        await guardSlug(() => repo.updateBlogCategory(db, id, patch));
        return mustCategory(id);
      },
      async remove(id) {
        if (!(await repo.deleteBlogCategory(db, id))) throw notFound('CMS_BLOG_CATEGORY_NOT_FOUND', `blog category ${id}`);
      },
    },

    tag: async (slug) => (await repo.findTag(db, slug)) ?? null,

    redirects: {
      async resolve(url) {
        const r = await repo.findRedirect(db, redirectCandidates(url));
        if (!r) return null;
        // a lost hit count is harmless; the redirect itself must not wait for it
        repo.countRedirectHit(db, r.id).catch(() => {});
        return { to: r.to_path, code: r.code };
      },
      async list(q) {
        const { items, total } = await repo.listRedirects(db, q);
        return { items: items.map((r) => ({ ...r, hits: Number(r.hits), created_at: iso(r.created_at)! })), total, ...q };
      },
      async put(input) {
        if (input.from_path === input.to_path) throw new AppError('CMS_INVALID', 'A redirect cannot point to itself.', 'to_path');
        if (!/^(\/|https?:\/\/)/.test(input.to_path)) throw new AppError('CMS_INVALID', 'The target must be a path (/…) or an http(s) URL.', 'to_path');
        const r = await repo.upsertRedirect(db, { from_path: input.from_path, to_path: input.to_path, code: input.code ?? 301 });
        return { ...r, hits: Number(r.hits), created_at: iso(r.created_at)! };
      },
      async remove(id) {
        if (!(await repo.deleteRedirect(db, id))) throw notFound('CMS_REDIRECT_NOT_FOUND', `redirect ${id}`);
      },
    },
  };
}
