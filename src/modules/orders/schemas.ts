// Request and response shapes of the checkout and orders API.
import { Type } from '@sinclair/typebox';

const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
const NullableInt = Type.Unsafe<number | null>({ type: ['integer', 'null'] });

export const CheckoutBody = Type.Object({
  contact: Type.Object({
    name: Type.String({ maxLength: 200 }),
    email: Type.String({ maxLength: 254 }),
    phone: Type.String({ maxLength: 40, description: 'Russian number in any usual spelling' }),
  }, { additionalProperties: false }),
  delivery: Type.Object({
    method: Type.Union([Type.Literal('pickup'), Type.Literal('courier')]),
    pickup_point: Type.Optional(Type.String({ maxLength: 64, description: 'code from GET /api/checkout/options' })),
    address: Type.Optional(Type.Object({
      city: Type.String({ maxLength: 200 }),
      line1: Type.String({ maxLength: 300 }),
      line2: Type.Optional(Type.String({ maxLength: 300 })),
      postcode: Type.Optional(Type.String({ maxLength: 12 })),
      region: Type.Optional(Type.String({ maxLength: 200 })),
    }, { additionalProperties: false })),
  }, { additionalProperties: false }),
  payment_method: Type.String({ description: 'cash_on_delivery | card_on_delivery' }),
  comment: Type.Optional(NullableString),
}, { additionalProperties: false });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ description: 'required: 8–100 characters, one per checkout attempt' })),
});

export const OrderItem = Type.Object({
  product_id: NullableInt, offer_id: NullableInt, sku: Type.String(), name: Type.String(), warehouse: NullableString,
  quantity: Type.Integer(), price: Type.Integer(), total: Type.Integer(),
});

export const HistoryEntry = Type.Object({
  status: Type.String(), status_label: Type.String(), comment: NullableString, source: Type.String(), occurred_at: Type.String(),
});

export const Order = Type.Object({
  id: Type.Integer(), number: Type.String({ description: 'VT-000123' }), customer_id: NullableInt,
  status: Type.String(), status_label: Type.String({ description: 'Russian label' }),
  email: NullableString, phone: NullableString, contact_name: Type.String(),
  delivery: Type.Object({}, { additionalProperties: true }),
  payment_method: Type.String(), payment_status: Type.String(),
  subtotal: Type.Integer(), delivery_cost: Type.Integer(), discount: Type.Integer(), total: Type.Integer(), currency: Type.String(),
  comment: NullableString, external_ref: NullableString, created_at: Type.String(), updated_at: Type.String(),
  items: Type.Array(OrderItem), history: Type.Array(HistoryEntry),
});

export const OrderSummary = Type.Object({
  id: Type.Integer(), number: Type.String(), status: Type.String(), status_label: Type.String(), total: Type.Integer(),
  currency: Type.String(), items_count: Type.Integer(), created_at: Type.String(),
});

export const OrderPage = Type.Object({
  items: Type.Array(OrderSummary), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
});

export const CheckoutResult = Type.Object({ order: Order, replayed: Type.Boolean() });

export const CheckoutOptions = Type.Object({
  pickup_points: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), address: Type.String() })),
  payment_methods: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  courier_cost: Type.Integer(), free_courier_from: Type.Integer(),
});

export const StatusBody = Type.Object({
  status: Type.String({ description: 'created | accepted | assembled | shipped | delivered | cancelled' }),
  comment: Type.Optional(NullableString),
}, { additionalProperties: false });

export const StatusResult = Type.Object({ result: Type.String({ description: 'applied | stale | duplicate' }), order: Order });

export const CancelBody = Type.Object({ reason: Type.Optional(NullableString) }, { additionalProperties: false });
