// Delivery options: pickup points and the courier tariff, kept in one place.
export interface PickupPoint {
  /** also a warehouse code: stock of that warehouse is taken first */
  code: string;
  name: string;
  address: string;
}

export const PICKUP_POINTS: PickupPoint[] = [
  { code: 'msk', name: 'Москва, пункт выдачи на Тверской', address: 'Москва, ул. Тверская, 1' },
  { code: 'spb', name: 'Санкт-Петербург, пункт выдачи на Невском', address: 'Санкт-Петербург, Невский пр., 28' },
  { code: 'ekb', name: 'Екатеринбург, пункт выдачи на Ленина', address: 'Екатеринбург, пр. Ленина, 50' },
];

export const COURIER_COST = 30_000; // 300 ₽
export const FREE_COURIER_FROM = 500_000; // 5 000 ₽

export const deliveryCost = (method: 'pickup' | 'courier', subtotal: number) =>
  method === 'pickup' || subtotal >= FREE_COURIER_FROM ? 0 : COURIER_COST;
