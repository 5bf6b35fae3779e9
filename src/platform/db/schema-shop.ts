// Kysely types of migrations/008_shop.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ShopTables {}
