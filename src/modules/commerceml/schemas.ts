// Query of the exchange endpoint (the body is raw bytes: an XML file, a chunk of it or a zip).
import { Type } from '@sinclair/typebox';

export const ExchangeQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 20, description: 'catalog | sale' })),
  mode: Type.Optional(Type.String({ maxLength: 20, description: 'checkauth | init | file | import | query | success | deactivate | complete' })),
  filename: Type.Optional(Type.String({ maxLength: 1000, description: 'a name relative to the session upload directory' })),
  sessid: Type.Optional(Type.String({ maxLength: 100, description: 'session id (instead of the cookie)' })),
  version: Type.Optional(Type.String({ maxLength: 20, description: 'CommerceML version 1C offers at type=sale&mode=init' })),
  timestamp: Type.Optional(Type.String({ maxLength: 20 })),
});
