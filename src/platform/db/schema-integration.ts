// Kysely types of migrations/003_integration.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IntegrationTables {}
