// Kysely types of migrations/004_search.ts and 012_search_scale.ts.
import type { ColumnType, Generated } from 'kysely';

export interface SearchDocumentsTable {
  product_id: number;
  sku: string;
  slug: string;
  name: string;
  brand: string | null;
  brand_slug: string | null;
  category_ids: number[];
  primary_category_id: number;
  attributes: unknown;
  price: number | null;
  currency: string | null;
  in_stock: boolean;
  popularity: number;
  created_at: ColumnType<Date, Date | string, Date | string>;
  tsv: string;
  generation: Generated<number>;
}

export interface SearchTermsTable {
  term: string;
  generation: Generated<number>;
}

export interface SearchLabelsTable {
  kind: 'brand' | 'category';
  id: number;
  text: string;
  slug: string;
  lower_text: string;
  generation: Generated<number>;
}

export interface SearchStateTable {
  key: string;
  value: unknown;
  updated_at: Generated<Date>;
}

/** migration 012: autocomplete phrases (a product's name from each of its first words) */
export interface SearchSuggestTable {
  product_id: number;
  pos: number;
  phrase: string;
  weight: Generated<number>;
  generation: Generated<number>;
}

/** migration 023: each label's text from each of its words on, for prefix lookups */
export interface SearchLabelWordsTable {
  kind: string;
  id: number;
  pos: number;
  phrase: string;
  /** length(search_labels.text): ranks labels without reading them (migration 024) */
  text_length: number;
}

export interface SearchTables {
  search_label_words: SearchLabelWordsTable;
  search_suggest: SearchSuggestTable;
  search_documents: SearchDocumentsTable;
  search_terms: SearchTermsTable;
  search_labels: SearchLabelsTable;
  search_state: SearchStateTable;
}
