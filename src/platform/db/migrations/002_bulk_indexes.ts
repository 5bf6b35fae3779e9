import { bulkIndexes } from './001_catalog.js';

export const up = Object.values(bulkIndexes);
