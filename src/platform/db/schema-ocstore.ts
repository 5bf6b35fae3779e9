// Kysely types of migrations/007_ocstore.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OcstoreTables {}
