// Contact validation shared by accounts and checkout (orders import it through index.ts).
import { AppError, type ErrorCode } from '../../platform/errors.js';

const EMAIL = /^[^\s@"<>,;]{1,64}@[^\s@"<>,;]+\.[^\s@"<>,;.]{2,}$/;

/** Lower-cased, trimmed e-mail, or a VALIDATION error naming `field`. */
export function normalizeEmail(raw: string, field = 'email', code: ErrorCode = 'CONTACT_INVALID'): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new AppError(code, `«${raw}» — не похоже на адрес электронной почты (пример: ivan@example.ru).`, field);
  }
  return email;
}

/**
 * A Russian mobile or landline number in any usual spelling (+7 (912) 345-67-89, 8 912 345 67 89,
 * 9123456789) → +79123456789. Area codes start with 3, 4, 8 or 9.
 */
export function normalizePhone(raw: string, field = 'phone', code: ErrorCode = 'CONTACT_INVALID'): string {
  const digits = raw.replace(/[\s()\-.]/g, '');
  const m = /^(?:\+7|8|7)?([3489]\d{9})$/.exec(digits);
  if (!m || /[^\d+]/.test(digits)) {
    throw new AppError(code, `«${raw}» — не похоже на российский номер телефона (пример: +7 912 345-67-89).`, field);
  }
  return `+7${m[1]}`;
}
