// The shape every module agrees on for "which attributes may this category's / product's
// products have, and how are they checked".
import type { AttributeType } from '../../platform/db/schema.js';

export interface AttributeOption {
  code: string;
  value: string;
  value_en: string | null;
  /** display order among the attribute's options (the list is already sorted by it) */
  position?: number;
}

export interface AttributeDefinition {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  type: AttributeType;
  unit: string | null;
  min_value: number | null;
  max_value: number | null;
  pattern: string | null;
  required: boolean;
  filterable: boolean;
  searchable: boolean;
  variant_axis: boolean;
  group_id: number | null;
  position: number;
  options: AttributeOption[];
}

/** One attribute as a category (or product) sees it after inheritance and overrides. */
export interface MatrixEntry {
  attribute: AttributeDefinition;
  required: boolean;
  filterable: boolean;
  position: number;
  /** id of the category whose entry introduced the attribute (nearest ancestor-or-self). */
  source_category_id: number;
}

export interface EffectiveMatrix {
  /** category id, or the primary category id for a product matrix */
  category_id: number;
  entries: MatrixEntry[];
}
