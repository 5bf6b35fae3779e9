// Kysely types of migrations/009_storefront.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StorefrontTables {}
