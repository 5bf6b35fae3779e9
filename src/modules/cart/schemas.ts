// Request and response shapes of the cart API.
import { Type } from '@sinclair/typebox';

export const CartLine = Type.Object({
  offer_id: Type.Integer(),
  product_id: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  image: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  quantity: Type.Integer(),
  price: Type.Integer({ description: 'current price, kopecks' }),
  old_price: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  price_seen: Type.Integer({ description: 'the price when the line was added or last confirmed' }),
  price_changed: Type.Boolean(),
  currency: Type.String(),
  available: Type.Integer({ description: 'how many can be ordered now' }),
  line_total: Type.Integer(),
});

export const CartView = Type.Object({
  id: Type.Unsafe<string | null>({ type: ['string', 'null'] }),
  items: Type.Array(CartLine),
  count: Type.Integer(),
  subtotal: Type.Integer(),
  currency: Type.String(),
  has_changes: Type.Boolean(),
});

export const AddBody = Type.Object({
  offer_id: Type.Integer({ minimum: 1 }),
  quantity: Type.Integer({ minimum: 1, maximum: 999, default: 1 }),
}, { additionalProperties: false });
export const QuantityBody = Type.Object({ quantity: Type.Integer({ minimum: 1, maximum: 999 }) }, { additionalProperties: false });
export const LineParams = Type.Object({ offer_id: Type.Integer({ minimum: 1 }) });
