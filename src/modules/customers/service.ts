// Accounts: registration, login (argon2id, legacy ocStore/md5 hashes upgraded on first login),
// profile and addresses, password reset by e-mail, and the CRM upsert from 1C.
import { createHash, randomBytes } from 'node:crypto';
import type { PlatformDeps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { publish } from '../../platform/events/outbox.js';
import type { SessionStore } from '../../platform/http/session.js';
import type { NotificationsService } from '../notifications/index.js';
import { passwordResetMessage } from '../notifications/index.js';
import { normalizeEmail, normalizePhone } from './contacts.js';
import { burnVerification, checkPasswordStrength, hashPassword, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import type { Address, AddressInput, CrmCustomerInput, Customer, ProfilePatch, RegisterInput } from './types.js';

export interface CustomersService {
  register(input: RegisterInput): Promise<Customer>;
  /** the customer when e-mail and password match an active account; AUTH_INVALID_CREDENTIALS otherwise */
  authenticate(email: string, password: string): Promise<Customer>;
  get(id: number): Promise<Customer>;
  updateProfile(id: number, patch: ProfilePatch): Promise<Customer>;
  changePassword(id: number, current: string, next: string): Promise<void>;
  listAddresses(customerId: number): Promise<Address[]>;
  addAddress(customerId: number, input: AddressInput): Promise<Address>;
  updateAddress(customerId: number, id: number, patch: Partial<AddressInput>): Promise<Address>;
  removeAddress(customerId: number, id: number): Promise<void>;
  /** Sends a reset link when the e-mail has an account; answers the same either way (no account probing). */
  requestPasswordReset(email: string): Promise<void>;
  /** Sets the new password from a valid, unused, unexpired token and ends the customer's sessions. */
  confirmPasswordReset(token: string, password: string): Promise<Customer>;
  /** Customer data from 1C:CRM; older occurred_at than the last applied one is ignored. No event back to 1C. */
  upsertFromCrm(input: CrmCustomerInput): Promise<'applied' | 'stale'>;
}

export interface CustomersModuleDeps {
  notifications: Pick<NotificationsService, 'enqueue' | 'kick'>;
  sessions: Pick<SessionStore, 'revokeCustomer'>;
}

const RESET_TTL_MS = 60 * 60 * 1000;
const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();
const tokenHash = (t: string) => createHash('sha256').update(t).digest('hex');

export function toCustomer(r: repo.CustomerRow): Customer {
  return {
    id: Number(r.id), email: r.email, phone: r.phone, first_name: r.first_name, last_name: r.last_name, role: r.role,
    status: r.status, newsletter: r.newsletter, external_ref: r.external_ref,
    created_at: iso(r.created_at), updated_at: iso(r.updated_at),
  };
}

const payloadOf = (c: Customer) => ({
  customer_id: String(c.id), email: c.email, phone: c.phone, first_name: c.first_name, last_name: c.last_name,
  external_ref: c.external_ref, updated_at: c.updated_at,
});

const isUnique = (e: unknown) => (e as { code?: string })?.code === '23505';

function cleanName(v: string | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (s.length > 100) throw new AppError('CONTACT_INVALID', 'Имя не длиннее 100 символов.', field);
  return s;
}

export function createCustomersService(deps: PlatformDeps, mods: CustomersModuleDeps): CustomersService {
  const db = deps.db.kysely;

  async function get(id: number): Promise<Customer> {
    const row = await repo.findById(db, id);
    if (!row) throw new AppError('ACCOUNT_NOT_FOUND', `No customer ${id}.`);
    return toCustomer(row);
  }

  return {
    async register(input) {
      const email = normalizeEmail(input.email);
      const weak = checkPasswordStrength(input.password);
      if (weak) throw new AppError('ACCOUNT_PASSWORD_WEAK', weak, 'password');
      const phone = input.phone ? normalizePhone(input.phone) : null;
      const hash = await hashPassword(input.password);
      try {
        return await db.transaction().execute(async (tx) => {
          const c = toCustomer(await repo.insertCustomer(tx, {
            email, phone, first_name: cleanName(input.first_name, 'first_name') ?? '',
            last_name: cleanName(input.last_name, 'last_name') ?? '', password_hash: hash, password_scheme: 'argon2id',
          }));
          await publish(tx, 'customer.registered', String(c.id), payloadOf(c));
          return c;
        });
      } catch (e) {
        if (isUnique(e)) throw new AppError('ACCOUNT_EMAIL_TAKEN', 'Этот e-mail уже зарегистрирован — войдите или восстановите пароль.', 'email');
        throw e;
      }
    },

    async authenticate(emailRaw, password) {
      const fail = new AppError('AUTH_INVALID_CREDENTIALS', 'Неверный e-mail или пароль.');
      const row = await repo.findByEmail(db, emailRaw.trim());
      if (!row || row.status !== 'active' || !row.password_hash) {
        await burnVerification(password);
        throw fail;
      }
      const { ok, rehash } = await verifyPassword(row, password);
      if (!ok) throw fail;
      if (rehash) await repo.setPassword(db, row.id, await hashPassword(password));
      return toCustomer(row);
    },

    get,

    async updateProfile(id, patch) {
      const clean = {
        ...(patch.first_name !== undefined ? { first_name: cleanName(patch.first_name, 'first_name')! } : {}),
        ...(patch.last_name !== undefined ? { last_name: cleanName(patch.last_name, 'last_name')! } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone ? normalizePhone(patch.phone) : null } : {}),
        ...(patch.newsletter !== undefined ? { newsletter: patch.newsletter } : {}),
      };
      if (!Object.keys(clean).length) return get(id);
      return db.transaction().execute(async (tx) => {
        const c = toCustomer(await repo.updateCustomer(tx, id, clean));
        await publish(tx, 'customer.updated', String(c.id), payloadOf(c));
        return c;
      });
    },

    async changePassword(id, current, next) {
      const stored = await repo.passwordOf(db, id);
      if (!stored || !(await verifyPassword(stored, current)).ok) {
        throw new AppError('AUTH_INVALID_CREDENTIALS', 'Текущий пароль указан неверно.', 'current_password');
      }
      const weak = checkPasswordStrength(next);
      if (weak) throw new AppError('ACCOUNT_PASSWORD_WEAK', weak, 'password');
      await repo.setPassword(db, id, await hashPassword(next));
    },

    async listAddresses(customerId) {
      return (await repo.listAddresses(db, customerId)).map((a) => ({ ...a, id: Number(a.id) }));
    },

    async addAddress(customerId, input) {
      return db.transaction().execute(async (tx) => {
        const first = !(await repo.listAddresses(tx, customerId)).length;
        const isDefault = input.is_default ?? first;
        if (isDefault) await repo.clearDefaultAddress(tx, customerId);
        const a = await repo.insertAddress(tx, customerId, { ...input, is_default: isDefault });
        return { ...a, id: Number(a.id) };
      });
    },

    async updateAddress(customerId, id, patch) {
      return db.transaction().execute(async (tx) => {
        if (patch.is_default) await repo.clearDefaultAddress(tx, customerId);
        const a = await repo.updateAddress(tx, customerId, id, patch);
        if (!a) throw new AppError('ACCOUNT_ADDRESS_NOT_FOUND', `No address ${id} in this account.`);
        return { ...a, id: Number(a.id) };
      });
    },

    async removeAddress(customerId, id) {
      const r = await repo.deleteAddress(db, customerId, id);
      if (!r.numDeletedRows) throw new AppError('ACCOUNT_ADDRESS_NOT_FOUND', `No address ${id} in this account.`);
    },

    async requestPasswordReset(emailRaw) {
      const row = await repo.findByEmail(db, emailRaw.trim());
      if (!row || row.status !== 'active' || !row.email) return;
      const token = randomBytes(32).toString('base64url');
      const link = `${deps.config.publicUrl.replace(/\/$/, '')}/account/password-reset?token=${token}`;
      await db.transaction().execute(async (tx) => {
        await repo.insertResetToken(tx, tokenHash(token), row.id, new Date(Date.now() + RESET_TTL_MS));
        await mods.notifications.enqueue(tx, [{
          kind: 'password_reset', channel: 'email', recipient: row.email!, customer_id: row.id,
          ...passwordResetMessage({ name: row.first_name, link, ttlMinutes: RESET_TTL_MS / 60_000 }),
        }]);
      });
      mods.notifications.kick();
    },

    async confirmPasswordReset(token, password) {
      const weak = checkPasswordStrength(password);
      if (weak) throw new AppError('ACCOUNT_PASSWORD_WEAK', weak, 'password');
      const hash = await hashPassword(password);
      const customerId = await db.transaction().execute(async (tx) => {
        const t = await repo.consumeResetToken(tx, tokenHash(token));
        if (!t) return null;
        await repo.setPassword(tx, t.customer_id, hash);
        return Number(t.customer_id);
      });
      if (customerId === null) {
        throw new AppError('ACCOUNT_RESET_TOKEN_INVALID', 'Ссылка для смены пароля недействительна или устарела — запросите новую.', 'token');
      }
      await mods.sessions.revokeCustomer(customerId);
      return get(customerId);
    },

    async upsertFromCrm(input) {
      const email = input.email ? input.email.trim().toLowerCase() : null;
      let phone: string | null = null;
      try {
        phone = input.phone ? normalizePhone(input.phone) : null;
      } catch {
        phone = input.phone; // 1C is the master of its data; keep what it sent
      }
      return db.transaction().execute(async (tx) => {
        let row = await repo.findByExternalRef(tx, input.external_ref);
        if (row?.source_version && new Date(row.source_version) >= input.occurred_at) return 'stale' as const;
        const fields = {
          email, phone, first_name: input.first_name ?? '', last_name: input.last_name ?? '',
          external_ref: input.external_ref, source_version: input.occurred_at,
        };
        if (row) {
          await repo.updateCustomer(tx, row.id, fields);
          return 'applied' as const;
        }
        // an account registered on the site with the same e-mail is the same person: link it
        const byEmail = email ? await repo.findByEmail(tx, email) : undefined;
        if (byEmail && !byEmail.external_ref) {
          await repo.updateCustomer(tx, byEmail.id, fields);
          return 'applied' as const;
        }
        await repo.insertCustomer(tx, { ...fields, email: byEmail ? null : email });
        row = undefined;
        return 'applied' as const;
      });
    },
  };
}
