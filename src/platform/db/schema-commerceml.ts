// Kysely types of migrations/006_commerceml.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CommerceMlTables {}
