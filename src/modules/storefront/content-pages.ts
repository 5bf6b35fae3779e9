// CMS pages and the blog, rendered from the database: /page/<slug>, /blog, /blog/<slug>, /blog/tag/<slug>.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import { pageParam, withQuery, type Kit } from './kit.js';
import { breadcrumbList, pageSuffix } from './seo.js';

const POSTS_PER_PAGE = 10;

export function contentPages(app: FastifyInstance, services: Services, kit: Kit) {
  const hide = { schema: { hide: true } };
  const { cms } = services;

  app.get('/page/:slug', hide, async (req, reply) => {
    const page = await cms.pages.published((req.params as { slug: string }).slug);
    if (!page) return kit.notFound(req, reply);
    const path = `/page/${page.slug}`;
    return kit.page(req, reply, 'page', { bodyHtml: page.body_html, crumbs: [{ name: page.title, path: '' }] }, {
      type: 'page', vars: { name: page.title }, canonical: path, cacheable: true, title: page.meta_title, description: page.meta_description,
      jsonld: [breadcrumbList(req, [{ name: page.title, path }])],
    });
  });

  async function blogList(req: FastifyRequest, reply: FastifyReply, tag: { slug: string; name: string } | null) {
    const q = req.query as Record<string, unknown>;
    const pageNo = pageParam(q);
    const category = typeof q.category === 'string' && /^[a-z0-9-]{1,200}$/.test(q.category) ? q.category : undefined;
    const [list, categories] = await Promise.all([
      cms.posts.list({ published: true, ...(tag ? { tag: tag.slug } : {}), ...(category ? { category } : {}), limit: POSTS_PER_PAGE, offset: (pageNo - 1) * POSTS_PER_PAGE }),
      cms.categories.list(),
    ]);
    const pages = Math.max(1, Math.ceil(list.total / POSTS_PER_PAGE));
    if (pageNo > pages) return kit.notFound(req, reply);
    const basePath = tag ? `/blog/tag/${tag.slug}` : '/blog';
    const keep: [string, string][] = category ? [['category', category]] : [];
    const pager = kit.pager(pageNo, pages, (n) => withQuery(basePath, keep, n));
    const crumbs = tag ? [{ name: 'Блог', path: '/blog' }, { name: tag.name, path: '' }] : [{ name: 'Блог', path: '' }];
    return kit.page(req, reply, 'blog', { posts: list.items, categories, pager, crumbs }, {
      type: tag ? 'tag' : 'blog', vars: { name: tag?.name, page: pageSuffix(pageNo) },
      canonical: withQuery(basePath, keep, pageNo), prev: pager.prev, next: pager.next, cacheable: true,
    });
  }

  app.get('/blog', hide, (req, reply) => blogList(req, reply, null));

  app.get('/blog/tag/:slug', hide, async (req, reply) => {
    const tag = await cms.tag((req.params as { slug: string }).slug);
    if (!tag) return kit.notFound(req, reply);
    return blogList(req, reply, tag);
  });

  app.get('/blog/:slug', hide, async (req, reply) => {
    const post = await cms.posts.published((req.params as { slug: string }).slug);
    if (!post) return kit.notFound(req, reply);
    const path = `/blog/${post.slug}`;
    return kit.page(req, reply, 'post', { post, crumbs: [{ name: 'Блог', path: '/blog' }, { name: post.title, path: '' }] }, {
      type: 'post', vars: { name: post.title, excerpt: post.excerpt ?? post.title }, canonical: path, cacheable: true,
      title: post.meta_title, description: post.meta_description, image: post.cover_image,
      jsonld: [
        {
          '@context': 'https://schema.org', '@type': 'BlogPosting', headline: post.title,
          datePublished: post.published_at, dateModified: post.updated_at,
          ...(post.excerpt ? { description: post.excerpt } : {}), keywords: post.tags.map((t) => t.name).join(', '),
        },
        breadcrumbList(req, [{ name: 'Блог', path: '/blog' }, { name: post.title, path }]),
      ],
    });
  });
}
