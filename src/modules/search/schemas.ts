// Request and response schemas of the search API (TypeBox → validation and OpenAPI).
import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SearchQuerystring = Type.Object(
  {
    q: Type.Optional(Type.String({ description: 'free text (at most 200 characters); empty = browse the category' })),
    category: Type.Optional(Type.String({ maxLength: 300, description: 'category id, slug or path (its subcategories included)' })),
    sort: Type.Optional(Type.String({ description: 'relevance (default) | price_asc | price_desc | newest | popular' })),
    page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
    per_page: Type.Integer({ minimum: 1, maximum: 100, default: 24 }),
    facets: Type.Optional(Type.String({ maxLength: 1000, description: 'comma-separated facet codes (default: brand, price, in_stock and the category\'s filterable attributes)' })),
  },
  {
    additionalProperties: true,
    description:
      'Filters: `filter[<code>]=<value>` — enum options as codes or labels, comma-separated (any of them); numbers and ' +
      'ranges as `min..max`, `min..` or `..max`; booleans true/false. Reserved codes: `brand` (brand slugs), `price` ' +
      '(range in minor units), `in_stock` (boolean).',
  },
);
export type SearchQuerystring = Static<typeof SearchQuerystring>;

const Image = Type.Object({ url: Type.String(), alt: Type.Optional(Type.String()) });

export const SearchItem = Type.Object({
  id: Type.Integer(),
  sku: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  brand: Nullable(Type.String()),
  image: Nullable(Image),
  best_price: Nullable(Type.Integer({ description: 'minor units (kopecks)' })),
  best_old_price: Nullable(Type.Integer()),
  best_currency: Nullable(Type.String()),
  in_stock: Type.Boolean(),
  score: Type.Number(),
});

export const Facet = Type.Object({
  code: Type.String(),
  kind: Type.Union([Type.Literal('terms'), Type.Literal('range'), Type.Literal('boolean')]),
  name: Type.String(),
  unit: Nullable(Type.String()),
  values: Type.Optional(
    Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }), {
      description: 'counts ignore this facet\'s own filter, so the other options stay visible',
    }),
  ),
  min: Type.Optional(Nullable(Type.Number())),
  max: Type.Optional(Nullable(Type.Number())),
});

export const SearchResponse = Type.Object({
  items: Type.Array(SearchItem),
  total: Type.Integer(),
  exhaustive: Type.Optional(
    Type.Boolean({ description: 'false: a broad query was answered from a bounded candidate set — facet counts count those candidates and total may be a lower bound' }),
  ),
  page: Type.Integer(),
  per_page: Type.Integer(),
  facets: Type.Array(Facet),
  took_ms: Type.Number(),
  did_you_mean: Nullable(Type.String()),
  engine: Type.String(),
});

export const SuggestQuerystring = Type.Object({
  q: Type.String({ description: 'what the buyer has typed so far (at most 200 characters)' }),
  limit: Type.Integer({ minimum: 1, maximum: 20, default: 10 }),
});

export const Suggestion = Type.Object({
  kind: Type.Union([Type.Literal('product'), Type.Literal('category'), Type.Literal('brand')]),
  id: Type.Integer(),
  text: Type.String(),
  slug: Type.String(),
});
export const SuggestResponse = Type.Object({ items: Type.Array(Suggestion) });

export const Vocabulary = Type.Object({
  synonyms: Type.Array(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 2, maxItems: 50 }), {
    maxItems: 5000,
    description: 'groups of interchangeable words or phrases ("смартфон", "телефон")',
  }),
  stopWords: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1000, description: 'words ignored in queries' }),
});
