// CSRF secrets of new visitors are cut from a pooled block of CSPRNG output: every visitor still gets
// a secret of its own (across block refills too), and a token checks only against its own secret.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, CSRF_FIELD, csrfToken, csrfValid } from './csrf.js';

function visitor() {
  const cookies: Record<string, string> = {};
  const req = { cookies: {} as Record<string, string>, headers: {}, body: undefined as unknown } as unknown as FastifyRequest & { body: unknown };
  const reply = { setCookie: (name: string, value: string) => void (cookies[name] = value) } as unknown as FastifyReply;
  return { req, reply, cookies };
}

describe('storefront CSRF secrets', () => {
  it('gives each new visitor a distinct secret across pool refills, and tokens valid only with their own', () => {
    const seen = new Set<string>();
    const visitors = Array.from({ length: 700 }, () => {
      const v = visitor();
      const token = csrfToken(v.req, v.reply, true);
      const secret = v.cookies[CSRF_COOKIE]!;
      assert.match(secret, /^[A-Za-z0-9_-]{32}$/);
      assert.ok(!seen.has(secret), 'a secret is never handed out twice');
      seen.add(secret);
      return { secret, token };
    });
    const post = (secret: string, token: string) => {
      const { req } = visitor();
      req.cookies[CSRF_COOKIE] = secret;
      (req as { body: unknown }).body = { [CSRF_FIELD]: token };
      return csrfValid(req);
    };
    for (const i of [0, 255, 256, 511, 699]) assert.equal(post(visitors[i]!.secret, visitors[i]!.token), true);
    assert.equal(post(visitors[255]!.secret, visitors[256]!.token), false, "a neighbour's token is refused");
    assert.equal(post(visitors[0]!.secret, visitors[699]!.token), false);
  });
});
