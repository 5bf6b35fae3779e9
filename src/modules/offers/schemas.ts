// Request and response shapes of the offers API.
import { Type, type Static } from '@sinclair/typebox';

export const Source = Type.Union([Type.Literal('own'), Type.Literal('seller'), Type.Literal('supplier')], {
  description: 'own warehouse, marketplace seller or supplier',
});

const Stock = Type.Record(Type.String({ description: 'warehouse code, ^[a-z0-9_-]{1,32}$' }), Type.Integer(), {
  description: 'quantity per warehouse code, e.g. {"msk": 100, "spb": 50}',
});

const fields = {
  source_ref: Type.Optional(Type.String({ maxLength: 100, description: 'supplier code or seller id; "" for own' })),
  price: Type.Integer({ description: 'minor units (kopecks), ≥ 0' }),
  // a type list, not anyOf: ajv's coerceTypes would turn null into 0 in an integer-first anyOf
  old_price: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], description: 'minor units, > price' })),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: 'ISO 4217, default RUB' })),
  stock: Type.Optional(Stock),
};

export const OfferCreateBody = Type.Object({ source: Source, ...fields }, { additionalProperties: false });
export type OfferCreateInput = Static<typeof OfferCreateBody>;

export const OfferPatchBody = Type.Partial(Type.Object({ source: Source, ...fields }), { additionalProperties: false });
export type OfferPatchInput = Static<typeof OfferPatchBody>;

export const StockBody = Stock;
export type StockInput = Static<typeof StockBody>;

export const Offer = Type.Object({
  id: Type.Integer(),
  product_id: Type.Integer(),
  source: Source,
  source_ref: Type.String(),
  price: Type.Integer(),
  old_price: Type.Unsafe<number | null>({ type: ['integer', 'null'] }),
  currency: Type.String(),
  stock: Type.Record(Type.String(), Type.Integer()),
  stock_total: Type.Integer(),
  best: Type.Boolean({ description: 'the offer the best-offer rule picked for the card' }),
  prices: Type.Optional(Type.Array(Type.Object({
    type_id: Type.String({ description: 'the price type as the source system names it (1C ТипЦены Ид)' }),
    type: Type.String({ description: 'price type name, e.g. Розничная, Оптовая' }),
    price: Type.Integer({ description: 'minor units' }),
    currency: Type.String(),
  }), { description: 'every price type\'s price (CommerceML); `price` above is the retail one. Absent when none are kept' })),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type Offer = Static<typeof Offer>;

export const OfferList = Type.Object({ items: Type.Array(Offer) });
