// Public types of the orders module: the status vocabulary (with its Russian labels, in one place)
// and the shapes the storefront, 1C integration and admin pages use.
export const ORDER_STATUSES = ['created', 'accepted', 'assembled', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  created: 'Оформлен',
  accepted: 'Принят',
  assembled: 'Собран',
  shipped: 'Передан в доставку',
  delivered: 'Доставлен',
  cancelled: 'Отменён',
};

export const isOrderStatus = (s: string): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s);
export const orderStatusLabel = (s: string): string => (isOrderStatus(s) ? ORDER_STATUS_LABELS[s] : s);

export const PAYMENT_METHODS = ['cash_on_delivery', 'card_on_delivery'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash_on_delivery: 'Наличными при получении',
  card_on_delivery: 'Картой при получении',
};

export type StatusChangeSource = '1c' | 'admin';
export type StatusChangeResult = 'applied' | 'stale' | 'duplicate' | 'unknown_order';

export interface StatusChangeInput {
  /** orders.number (VT-000123) or orders.external_ref (1C's id) */
  order_ref: string;
  status: string;
  occurred_at: Date;
  comment?: string | null;
  source: StatusChangeSource;
}

export interface DeliveryInput {
  method: 'pickup' | 'courier';
  pickup_point?: string;
  address?: { city: string; line1: string; line2?: string; postcode?: string; region?: string };
}

export interface CheckoutInput {
  contact: { name: string; email: string; phone: string };
  delivery: DeliveryInput;
  payment_method: PaymentMethod;
  comment?: string | null;
  /** the prices the buyer was shown (offer_id → kopecks); defaults to the cart's price_seen */
  expected_total?: number;
}

export interface OrderItemView {
  product_id: number | null;
  offer_id: number | null;
  sku: string;
  name: string;
  warehouse: string | null;
  quantity: number;
  price: number;
  total: number;
}

export interface StatusHistoryEntry {
  status: string;
  status_label: string;
  comment: string | null;
  source: string;
  occurred_at: string;
}

export interface OrderView {
  id: number;
  number: string;
  customer_id: number | null;
  status: string;
  status_label: string;
  email: string | null;
  phone: string | null;
  contact_name: string;
  delivery: Record<string, unknown>;
  payment_method: string;
  payment_status: string;
  subtotal: number;
  delivery_cost: number;
  discount: number;
  total: number;
  currency: string;
  comment: string | null;
  external_ref: string | null;
  created_at: string;
  updated_at: string;
  items: OrderItemView[];
  history: StatusHistoryEntry[];
}

export interface OrderSummary {
  id: number;
  number: string;
  status: string;
  status_label: string;
  total: number;
  currency: string;
  items_count: number;
  created_at: string;
}

/** A line that changed between the cart and checkout (price or available quantity). */
export interface CartChange {
  offer_id: number;
  sku: string;
  name: string;
  kind: 'price' | 'stock' | 'unavailable';
  was: number;
  now: number;
}
