// Kysely types of migrations/004_search.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SearchTables {}
