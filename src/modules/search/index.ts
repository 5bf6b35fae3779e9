// Public API of the search module: the service, its routes, the engine port and the document builder.
export {
  createSearchService,
  type SearchService,
  type SearchModuleDeps,
  type SearchRequest,
  type SearchResponse,
  type SearchItem,
  type FacetView,
  type ReindexOptions,
} from './service.js';
export { searchRoutes } from './routes.js';
export type * from './engine.js';
export { createDocumentSource, type DocumentSource, type DocumentBatch } from './documents.js';
export { createPostgresEngine } from './engines/postgres/index.js';
export { DEFAULT_VOCABULARY } from './vocabulary.js';
