// Public API of the CMS module: pages, blog (posts, categories, tags), redirects.
export { createCmsService, type CmsService, type Paged } from './service.js';
export { cmsRoutes } from './routes.js';
export { seedDemoContent } from './demo.js';
export type { CmsPage, BlogPost, BlogCategory, Redirect } from './schemas.js';
export type { PostFilter } from './repository.js';
