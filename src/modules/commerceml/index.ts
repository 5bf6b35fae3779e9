// Public API of the CommerceML exchange module (1C "обмен с сайтом"): other modules import only this file.
export { commercemlRoutes } from './routes.js';
export {
  createCommerceMlService, COOKIE_NAME, type CommerceMlService, type CommerceMlModuleDeps, type ExchangeRequest, type ExchangeReply,
} from './service.js';
export type { OrderStatusPort, StatusChangeRequest } from './jobs.js';
export type { ImportReport } from './report.js';
export { parseXml, decodeXml, CmlFormatError } from './xml.js';
export { parseCatalogDocument, type CmlCatalogDocument } from './parse-catalog.js';
