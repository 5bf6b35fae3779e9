// Public API of the categories module: other modules import only from here.
export { createCategoriesService, type CategoriesService } from './service.js';
export { categoriesRoutes } from './routes.js';
export { slugify } from './slug.js';
export type {
  Breadcrumb,
  Category,
  CreateCategoryInput,
  ListCategoriesQuery,
  PageResult,
  RemoveResult,
  TreeNode,
  TreeQuery,
  UpdateCategoryInput,
} from './types.js';
