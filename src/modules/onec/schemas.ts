// Message bodies of every Kafka topic, as TypeBox schemas: consumers validate with them and
// contracts/kafka/*.schema.json are generated from them (`npm run docs:contracts`, drift-tested).
// Money is integer minor units (kopecks), as everywhere in Vitrina.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { CustomerPayload, OrderCancelled, OrderCreated } from '../../platform/events/event-map.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Sku = Type.String({ minLength: 1, maxLength: 100, description: 'product SKU (also the Kafka key)' });
const Money = (description: string) => Type.Integer({ minimum: 0, description });
const Warehouse = Type.String({ pattern: '^[a-z0-9_-]{1,32}$', description: 'warehouse code' });
const Quantity = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });
const StockMap = Type.Record(Type.String(), Quantity, { description: 'warehouse code → quantity' });

/** §19 of the design document, accepted exactly as shown; the optional fields are Vitrina extensions. */
export const ProductUpdated = Type.Object(
  {
    id: Type.Union([Type.String({ minLength: 1 }), Type.Integer()], { description: '1C product id' }),
    sku: Sku,
    name: Type.String({ minLength: 1, maxLength: 500 }),
    price: Type.Optional(Money('price of the own offer, minor units')),
    stock: Type.Optional(StockMap),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'attribute code or name (Russian or English) → value; unknown names are reported',
      }),
    ),
    old_price: Type.Optional(Nullable(Money('crossed-out price'))),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    description: Type.Optional(Nullable(Type.String())),
    brand: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    category_id: Type.Optional(Type.Integer({ minimum: 1, description: 'category of a NEW product (id)' })),
    category: Type.Optional(Type.String({ minLength: 1, description: 'category of a NEW product (slug or path)' })),
  },
  { $id: 'product.updated', title: 'product.updated (1C → Vitrina), key: sku', additionalProperties: true },
);
export type ProductUpdated = Static<typeof ProductUpdated>;

export const PriceChanged = Type.Object(
  {
    sku: Sku,
    price: Money('new price, minor units'),
    old_price: Type.Optional(Nullable(Money('crossed-out price; absent or null clears it; must exceed price'))),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, default: unchanged (RUB for a new offer)' })),
    source: Type.Optional(Type.String({ maxLength: 100, description: '1C price type, informational' })),
  },
  { $id: 'price.changed', title: 'price.changed (1C → Vitrina), key: sku', additionalProperties: false },
);
export type PriceChanged = Static<typeof PriceChanged>;

/** One warehouse, or several at once; warehouses not listed keep their quantity. */
export const StockChanged = Type.Union(
  [
    Type.Object({ sku: Sku, warehouse: Warehouse, quantity: Quantity }, { additionalProperties: false }),
    Type.Object({ sku: Sku, stock: StockMap }, { additionalProperties: false }),
  ],
  { $id: 'stock.changed', title: 'stock.changed (1C → Vitrina), key: sku' },
);
export type StockChanged = Static<typeof StockChanged>;

export const OrderStatusChanged = Type.Object(
  {
    order_id: Type.String({ minLength: 1, description: 'Vitrina order number (order.created order_id) or 1C id' }),
    status: Type.String({ minLength: 1, description: 'accepted, assembled, shipped, delivered, cancelled, …' }),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    occurred_at: Type.Optional(Type.String({ format: 'date-time', description: 'fallback when the header is absent' })),
  },
  { $id: 'order.status_changed', title: 'order.status_changed (1C → Vitrina), key: order_id', additionalProperties: true },
);
export type OrderStatusChanged = Static<typeof OrderStatusChanged>;

/** From 1C:CRM. The same topic carries Vitrina's own outbound customer.updated (header producer=vitrina, skipped). */
export const CustomerUpdatedInbound = Type.Object(
  {
    external_ref: Type.String({ minLength: 1, description: 'the CRM id of the customer' }),
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    first_name: Type.Optional(Type.String({ maxLength: 200 })),
    last_name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { $id: 'customer.updated.inbound', title: 'customer.updated (1C:CRM → Vitrina), key: external_ref', additionalProperties: true },
);
export type CustomerUpdatedInbound = Static<typeof CustomerUpdatedInbound>;

// Outbound (Vitrina → 1C): mirrors of the event map's types, checked against them at compile time below.
const OrderItem = Type.Object({
  product_id: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  sku: Type.String(),
  name: Type.String(),
  price: Money('unit price, minor units'),
  offer_id: Type.String(),
  warehouse: Nullable(Type.String()),
});
export const OrderCreatedSchema = Type.Object(
  {
    order_id: Type.String(),
    user_id: Nullable(Type.String()),
    items: Type.Array(OrderItem),
    total: Money('minor units'),
    status: Type.Literal('created'),
    currency: Type.String(),
    subtotal: Money('minor units'),
    delivery_cost: Money('minor units'),
    payment_method: Type.String(),
    delivery: Type.Record(Type.String(), Type.Unknown()),
    contact: Type.Object({ name: Type.String(), email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
    created_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'order.created', title: 'order.created (Vitrina → 1C), key: order_id' },
);
export const OrderCancelledSchema = Type.Object(
  { order_id: Type.String(), reason: Nullable(Type.String()), cancelled_at: Type.String({ format: 'date-time' }) },
  { $id: 'order.cancelled', title: 'order.cancelled (Vitrina → 1C), key: order_id' },
);
const customerFields = {
  customer_id: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  first_name: Type.String(),
  last_name: Type.String(),
  external_ref: Nullable(Type.String()),
  updated_at: Type.String({ format: 'date-time' }),
};
export const CustomerRegisteredSchema = Type.Object(customerFields, {
  $id: 'customer.registered', title: 'customer.registered (Vitrina → 1C:CRM), key: customer_id',
});
export const CustomerUpdatedOutbound = Type.Object(customerFields, {
  $id: 'customer.updated.outbound', title: 'customer.updated (Vitrina → 1C:CRM), key: customer_id, header producer=vitrina',
});

// Compile-time drift check between the TypeBox mirrors and the event map (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertSame = <T extends true>(_: T) => _;
assertSame<Same<Static<typeof OrderCreatedSchema>, OrderCreated>>(true);
assertSame<Same<Static<typeof OrderCancelledSchema>, OrderCancelled>>(true);
assertSame<Same<Static<typeof CustomerRegisteredSchema>, CustomerPayload>>(true);

/** Every contract, by file name under contracts/kafka/ (version suffix bumps on a breaking change). */
export const CONTRACTS: Record<string, TSchema> = {
  'product.updated.v1': ProductUpdated,
  'price.changed.v1': PriceChanged,
  'stock.changed.v1': StockChanged,
  'order.status_changed.v1': OrderStatusChanged,
  'customer.updated.inbound.v1': CustomerUpdatedInbound,
  'order.created.v1': OrderCreatedSchema,
  'order.cancelled.v1': OrderCancelledSchema,
  'customer.registered.v1': CustomerRegisteredSchema,
  'customer.updated.outbound.v1': CustomerUpdatedOutbound,
};
