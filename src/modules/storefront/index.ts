// Public API of the storefront module: the server-rendered shop (pages, SEO, sitemaps).
export { storefrontRoutes, storefrontPages } from './routes.js';
export { csrfGuard } from './csrf.js';
export { TEMPLATES as SEO_TEMPLATES, type PageType } from './seo.js';
export { SITEMAP_MAX_URLS } from './seo-routes.js';
