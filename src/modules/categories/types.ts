// Public shapes of the categories module (re-exported by index.ts).

export interface Category {
  id: number;
  parent_id: number | null;
  slug: string;
  name: string;
  name_en: string | null;
  description: string | null;
  /** slash-joined slugs from the root: "elektronika/telefony/smartfony" */
  path: string;
  /** root = 0 */
  depth: number;
  /** order among siblings, dense from 0 */
  position: number;
  /** ids from the root to this category, inclusive of itself */
  ancestor_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface Breadcrumb {
  id: number;
  name: string;
  slug: string;
  path: string;
}

/** A row of the flat tree listing (display order: depth-first, siblings by position). */
export interface TreeNode {
  id: number;
  parent_id: number | null;
  slug: string;
  name: string;
  name_en: string | null;
  path: string;
  depth: number;
  position: number;
}

export interface CreateCategoryInput {
  name: string;
  slug?: string;
  name_en?: string | null;
  description?: string | null;
  parent_id?: number | null;
  /** among the new siblings; default: last */
  position?: number;
}

export interface UpdateCategoryInput {
  name?: string;
  /** a new slug rewrites the path of the category and all its descendants */
  slug?: string;
  name_en?: string | null;
  description?: string | null;
  /** reorder among siblings */
  position?: number;
}

export interface ListCategoriesQuery {
  /** 0 lists root categories */
  parent_id?: number;
  /** case-insensitive prefix of the Russian or English name */
  q?: string;
  depth?: number;
  limit: number;
  offset: number;
}

export interface TreeQuery {
  /** only this category's subtree (the root included) */
  root?: number;
  /** levels below the root (or below the top level without a root) to include */
  depth?: number;
}

export interface PageResult<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface RemoveResult {
  id: number;
  reassigned_products: number;
}
