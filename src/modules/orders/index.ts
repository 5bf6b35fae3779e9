// Public API of the orders module (checkout + lifecycle): other modules import only this file.
export { createOrdersService, type OrdersService, type OrdersModuleDeps, type CheckoutRequest } from './service.js';
export type { PlaceOrderInput, Placed } from './checkout.js';
export { PICKUP_POINTS, COURIER_COST, FREE_COURIER_FROM, deliveryCost, type PickupPoint } from './delivery.js';
export { ordersRoutes } from './routes.js';
export {
  ORDER_STATUSES, ORDER_STATUS_LABELS, PAYMENT_METHODS, PAYMENT_METHOD_LABELS, isOrderStatus, orderStatusLabel,
  type OrderStatus, type PaymentMethod, type StatusChangeInput, type StatusChangeResult, type StatusChangeSource,
  type CheckoutInput, type DeliveryInput, type OrderView, type OrderSummary, type OrderItemView,
  type StatusHistoryEntry, type CartChange,
} from './types.js';
export { type PaymentProvider, offlinePaymentProvider } from './payment.js';
/** fixtures for tests and benchmarks (published products with stocked offers, plain SQL) */
export { seedShopOffers, offerStock, type SeededOffer } from './testing.js';
