import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { databaseKinds } from '../../../test/db.js';
import { createShopTestApp, type ShopTestApp } from '../orders/test-app.js';
import { startSmtpSink, type SmtpSink } from '../notifications/testing.js';
import { normalizePhone } from './contacts.js';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('contact rules', () => {
  it('normalizes Russian phone numbers written in the usual ways and rejects the rest', () => {
    for (const raw of ['+7 (912) 345-67-89', '8 912 345 67 89', '79123456789', '9123456789']) {
      assert.equal(normalizePhone(raw), '+79123456789');
    }
    for (const bad of ['12345', '+1 212 555 0100', '8 112 345 67 89', '+7 912 345 67 8a']) {
      assert.throws(() => normalizePhone(bad), /CONTACT_INVALID|российский/);
    }
  });
});

for (const { kind, skip } of await databaseKinds()) {
  describe(`accounts on ${kind}`, { skip }, () => {
    let t: ShopTestApp;
    let smtp: SmtpSink;
    before(async () => {
      smtp = await startSmtpSink();
      t = await createShopTestApp(kind, { SMTP_URL: smtp.url, MAIL_FROM: 'Магазин <shop@vitrina.test>', VITRINA_PUBLIC_URL: 'https://shop.example' });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    it('registers, logs in with an http-only vt_sid cookie and reads the account', async () => {
      const b = t.browser();
      const reg = await b.request('POST', '/api/account/register', { email: 'Ivan@Example.ru', password: 'secret-123', first_name: 'Иван', phone: '8 912 345-67-89' });
      assert.equal(reg.statusCode, 201, reg.body);
      assert.equal(reg.json().customer.email, 'ivan@example.ru');
      assert.equal(reg.json().customer.phone, '+79123456789');
      const out = await b.request('POST', '/api/account/logout');
      assert.equal(out.statusCode, 204);
      assert.equal((await b.request('GET', '/api/account')).statusCode, 401);

      const login = await b.request('POST', '/api/account/login', { email: 'ivan@example.ru', password: 'secret-123' });
      assert.equal(login.statusCode, 200, login.body);
      const sid = (login.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) => c.name === 'vt_sid');
      assert.ok(sid?.httpOnly);
      assert.equal(sid?.sameSite, 'Lax');
      const me = await b.request('GET', '/api/account');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().customer.first_name, 'Иван');

      const events = await t.deps.db.kysely.selectFrom('outbox').select(['topic', 'payload']).where('topic', 'like', 'customer.%').execute();
      assert.ok(events.some((e) => e.topic === 'customer.registered' && (e.payload as { email: string }).email === 'ivan@example.ru'));
    });

    it('answers 401 AUTH_INVALID_CREDENTIALS for a wrong password or unknown e-mail, 409 for a taken e-mail', async () => {
      const b = t.browser();
      await b.request('POST', '/api/account/register', { email: 'petr@example.ru', password: 'secret-123' });
      const wrong = await t.browser().request('POST', '/api/account/login', { email: 'petr@example.ru', password: 'nope-nope' });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().code, 'AUTH_INVALID_CREDENTIALS');
      const unknown = await t.browser().request('POST', '/api/account/login', { email: 'nobody@example.ru', password: 'secret-123' });
      assert.equal(unknown.json().code, 'AUTH_INVALID_CREDENTIALS');
      const taken = await t.browser().request('POST', '/api/account/register', { email: 'PETR@example.ru', password: 'secret-456' });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().code, 'ACCOUNT_EMAIL_TAKEN');
      const bad = await t.browser().request('POST', '/api/account/register', { email: 'not-an-email', password: 'secret-456' });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().field, 'email');
      const weak = await t.browser().request('POST', '/api/account/register', { email: 'weak@example.ru', password: '123' });
      assert.equal(weak.json().code, 'ACCOUNT_PASSWORD_WEAK');
    });

    it('logs in customers imported from ocStore (salted sha1) and md5, then re-hashes them to argon2id', async () => {
      const db = t.deps.db.kysely;
      await db.insertInto('customers').values([
        { email: 'oc@example.ru', phone: null, password_hash: sha1('s4lt' + sha1('s4lt' + sha1('старый-пароль'))), password_scheme: 'ocstore_sha1', password_salt: 's4lt', external_ref: null, source_version: null },
        { email: 'md5@example.ru', phone: null, password_hash: md5('md5-password'), password_scheme: 'md5', password_salt: null, external_ref: null, source_version: null },
      ]).execute();
      assert.equal((await t.browser().request('POST', '/api/account/login', { email: 'oc@example.ru', password: 'wrong-one' })).statusCode, 401);
      assert.equal((await t.browser().request('POST', '/api/account/login', { email: 'oc@example.ru', password: 'старый-пароль' })).statusCode, 200);
      assert.equal((await t.browser().request('POST', '/api/account/login', { email: 'md5@example.ru', password: 'md5-password' })).statusCode, 200);
      const rows = await db.selectFrom('customers').select(['email', 'password_scheme', 'password_hash', 'password_salt'])
        .where('email', 'in', ['oc@example.ru', 'md5@example.ru']).execute();
      for (const r of rows) {
        assert.equal(r.password_scheme, 'argon2id');
        assert.match(r.password_hash!, /^\$argon2id\$/);
        assert.equal(r.password_salt, null);
      }
      // and the new hash still accepts the same password
      assert.equal((await t.browser().request('POST', '/api/account/login', { email: 'oc@example.ru', password: 'старый-пароль' })).statusCode, 200);
    });

    it('limits login attempts per IP and e-mail with 429 RATE_LIMITED', async () => {
      const b = t.browser();
      let last;
      for (let i = 0; i < 11; i++) last = await b.request('POST', '/api/account/login', { email: 'victim@example.ru', password: `guess-${i}x` });
      assert.equal(last!.statusCode, 429);
      assert.equal(last!.json().code, 'RATE_LIMITED');
      assert.ok(last!.headers['retry-after']);
    });

    it('resets a password through a link e-mailed over real SMTP; the token works once and ends old sessions', async () => {
      const old = t.browser();
      await old.request('POST', '/api/account/register', { email: 'reset@example.ru', password: 'first-pass', first_name: 'Ольга' });
      assert.equal((await old.request('GET', '/api/account')).statusCode, 200);

      const req = await t.browser().request('POST', '/api/account/password-reset', { email: 'reset@example.ru' });
      assert.equal(req.statusCode, 202);
      const unknown = await t.browser().request('POST', '/api/account/password-reset', { email: 'nobody@example.ru' });
      assert.equal(unknown.statusCode, 202); // no account probing
      await t.services.notifications.flush();
      const mail = await smtp.waitFor((m) => m.to.includes('reset@example.ru'));
      assert.equal(mail.subject, 'Восстановление пароля');
      assert.match(mail.text, /Здравствуйте, Ольга!/);
      assert.equal(mail.from, 'shop@vitrina.test');
      const token = /https:\/\/shop\.example\/account\/password-reset\?token=([\w-]+)/.exec(mail.text)?.[1];
      assert.ok(token, mail.text);

      const b = t.browser();
      const ok = await b.request('POST', '/api/account/password-reset/confirm', { token, password: 'second-pass' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await b.request('GET', '/api/account')).statusCode, 200);
      const again = await t.browser().request('POST', '/api/account/password-reset/confirm', { token, password: 'third-pass' });
      assert.equal(again.json().code, 'ACCOUNT_RESET_TOKEN_INVALID');
      assert.equal((await old.request('GET', '/api/account')).statusCode, 401, 'the old session ended');
      assert.equal((await t.browser().request('POST', '/api/account/login', { email: 'reset@example.ru', password: 'first-pass' })).statusCode, 401);
      assert.equal((await t.browser().request('POST', '/api/account/login', { email: 'reset@example.ru', password: 'second-pass' })).statusCode, 200);
    });

    it('changes the profile (customer.updated) and keeps addresses with one default', async () => {
      const b = t.browser();
      await b.request('POST', '/api/account/register', { email: 'addr@example.ru', password: 'secret-123' });
      const p = await b.request('PATCH', '/api/account', { last_name: 'Петрова', phone: '+7 495 123-45-67' });
      assert.equal(p.statusCode, 200, p.body);
      assert.equal(p.json().customer.phone, '+74951234567');
      const badPhone = await b.request('PATCH', '/api/account', { phone: '123' });
      assert.equal(badPhone.json().code, 'CONTACT_INVALID');
      const a1 = await b.request('POST', '/api/account/addresses', { city: 'Москва', line1: 'ул. Тверская, 1' });
      assert.equal(a1.statusCode, 201, a1.body);
      assert.equal(a1.json().is_default, true);
      const a2 = await b.request('POST', '/api/account/addresses', { city: 'Казань', line1: 'ул. Баумана, 2', is_default: true });
      const list = (await b.request('GET', '/api/account/addresses')).json().items;
      assert.deepEqual(list.map((a: { id: number; is_default: boolean }) => [a.id, a.is_default]), [[a2.json().id, true], [a1.json().id, false]]);
      assert.equal((await b.request('DELETE', `/api/account/addresses/${a1.json().id}`)).statusCode, 204);
      // someone else's address is not found
      const other = t.browser();
      await other.request('POST', '/api/account/register', { email: 'other@example.ru', password: 'secret-123' });
      assert.equal((await other.request('DELETE', `/api/account/addresses/${a2.json().id}`)).json().code, 'ACCOUNT_ADDRESS_NOT_FOUND');
      const upd = await t.deps.db.kysely.selectFrom('outbox').select('payload').where('topic', '=', 'customer.updated').execute();
      assert.ok(upd.some((e) => (e.payload as { last_name: string }).last_name === 'Петрова'));
    });

    it('upserts customers from 1C:CRM, ignoring older events', async () => {
      const c = t.services.customers;
      const at = new Date('2026-01-01T10:00:00Z');
      assert.equal(await c.upsertFromCrm({ external_ref: 'crm-1', email: 'crm@example.ru', phone: '89120000000', first_name: 'А', last_name: 'Б', occurred_at: at }), 'applied');
      assert.equal(await c.upsertFromCrm({ external_ref: 'crm-1', email: 'crm@example.ru', phone: null, first_name: 'Старое', last_name: 'Б', occurred_at: new Date('2025-12-31T10:00:00Z') }), 'stale');
      assert.equal(await c.upsertFromCrm({ external_ref: 'crm-1', email: 'crm@example.ru', phone: null, first_name: 'Новое', last_name: 'Б', occurred_at: new Date('2026-01-02T10:00:00Z') }), 'applied');
      const row = await t.deps.db.kysely.selectFrom('customers').selectAll().where('external_ref', '=', 'crm-1').executeTakeFirstOrThrow();
      assert.equal(row.first_name, 'Новое');
      // a site account with the same e-mail is linked, not duplicated
      await t.browser().request('POST', '/api/account/register', { email: 'linked@example.ru', password: 'secret-123' });
      await c.upsertFromCrm({ external_ref: 'crm-2', email: 'linked@example.ru', phone: null, first_name: 'Связан', last_name: '', occurred_at: at });
      const linked = await t.deps.db.kysely.selectFrom('customers').select(['external_ref', 'first_name']).where('email', '=', 'linked@example.ru').execute();
      assert.deepEqual(linked, [{ external_ref: 'crm-2', first_name: 'Связан' }]);
    });
  });
}
