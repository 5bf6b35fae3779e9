export { OpenSearchEngine, createOpenSearchEngine, type OpenSearchEngineOptions } from './engine.js';
