// Public API of the offers module: other modules import only this file.
export { createOffersService, type OffersService, type OffersModuleDeps } from './service.js';
export { offersRoutes } from './routes.js';
export type { Offer, OfferCreateInput, OfferPatchInput, StockInput } from './schemas.js';
export type { OfferData } from './types.js';
export { OFFER_CHANGED, OFFERS_CHANGED, offersChanged } from './events.js';
// in-transaction best-offer refresh for writers of many offers at once (the 1C Kafka apply path)
export { refreshBestOffers } from './repository.js';
// the unit price of a quantity (quantity tiers), shared by the cart and checkout
export { OFFER_TIERS_JSON, quantityTiers, unitPrice, type QuantityTier } from './quantity-prices.js';
