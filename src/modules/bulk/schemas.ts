// Request/response shapes of the bulk import API.
import { Type } from '@sinclair/typebox';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

export const RowErrorSchema = Type.Object(
  {
    line: Type.Integer({ description: '1-based line number in the file' }),
    sku: Type.Optional(Type.String()),
    code: Type.String({ description: 'error code from the registry (docs/errors.md)' }),
    field: Type.Optional(Type.String({ description: 'offending field, e.g. attributes.color or offers[0].price' })),
    message: Type.String(),
  },
  { $id: 'ImportRowError' },
);

export const ImportReportSchema = Type.Object({
  received: Type.Integer({ description: 'non-empty lines read' }),
  imported: Type.Integer({ description: 'products created or updated' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  failed: Type.Integer({ description: 'lines rejected' }),
  offers: Type.Integer({ description: 'offers created or updated' }),
  errors: Type.Array(Type.Ref(RowErrorSchema), { description: 'the first 1,000 rejected lines, by line number' }),
  errors_truncated: Type.Boolean({ description: 'more lines were rejected than `errors` lists' }),
});
