// Password hashing: argon2id for everything we write; ocStore's salted sha1 and plain md5 are only
// verified (customers imported from ocStore keep their passwords) and re-hashed on the first good login.
import { createHash, timingSafeEqual } from 'node:crypto';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import type { PasswordScheme } from '../../platform/db/schema-commerce.js';

// OWASP's argon2id minimum (19 MiB, 2 passes); one hash takes ~25 ms on this machine's cores
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

function equalHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface StoredPassword {
  password_hash: string | null;
  password_scheme: PasswordScheme | null;
  password_salt: string | null;
}

/** True when `password` matches; `rehash` says the stored hash should be replaced by argon2id. */
export async function verifyPassword(stored: StoredPassword, password: string): Promise<{ ok: boolean; rehash: boolean }> {
  const h = stored.password_hash;
  if (!h) return { ok: false, rehash: false };
  switch (stored.password_scheme ?? 'argon2id') {
    case 'argon2id':
      try {
        return { ok: await verify(h, password), rehash: false };
      } catch {
        return { ok: false, rehash: false };
      }
    case 'ocstore_sha1': {
      const salt = stored.password_salt ?? '';
      return { ok: equalHex(sha1(salt + sha1(salt + sha1(password))), h), rehash: true };
    }
    case 'md5':
      return { ok: equalHex(md5(password), h), rehash: true };
    default:
      return { ok: false, rehash: false };
  }
}

let dummy: Promise<string> | null = null;
/** Spends the time of a real verification, so "no such e-mail" and "wrong password" look alike. */
export async function burnVerification(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-0000');
  await verify(await dummy, password).catch(() => false);
}

export function checkPasswordStrength(password: string): string | null {
  if (password.length < 8) return 'Пароль должен быть не короче 8 символов.';
  if (password.length > 200) return 'Пароль должен быть не длиннее 200 символов.';
  return null;
}
