// Public API of the cart module: other modules import only this file.
export { createCartService, MAX_LINE_QUANTITY, type CartService, type CartView, type CartLine } from './service.js';
export { cartRoutes, CART_COOKIE, visitor, setCartCookie, clearCartCookie } from './routes.js';
