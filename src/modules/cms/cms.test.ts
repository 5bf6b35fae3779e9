// The CMS admin API: pages, blog posts with tags (shared taggings, entity_type 'post'), blog
// categories and redirects — admin-only, with stable error codes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { postgresUnavailable } from '../../../test/db.js';
import { seedDemoContent } from './index.js';

const kind = (await postgresUnavailable()) ? 'pglite' : 'postgres';

describe(`cms admin API on ${kind}`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(kind);
  });
  after(async () => {
    await t.close();
  });

  it('needs an admin bearer token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/cms/pages' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'AUTH_REQUIRED');
  });

  it('creates a page with a slug transliterated from its Russian title and refuses a taken slug', async () => {
    const res = await t.admin('POST', '/api/admin/cms/pages', { title: 'Гарантия и сервис', body_html: '<p>Год гарантии.</p>' });
    assert.equal(res.statusCode, 201);
    const page = res.json();
    assert.equal(page.slug, 'garantiya-i-servis');
    assert.equal(page.status, 'published');
    const dup = await t.admin('POST', '/api/admin/cms/pages', { title: 'Другая', slug: 'garantiya-i-servis' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'CMS_SLUG_TAKEN');
    const patched = await t.admin('PATCH', `/api/admin/cms/pages/${page.id}`, { status: 'draft', meta_title: 'Гарантия' });
    assert.equal(patched.json().status, 'draft');
    assert.equal(patched.json().meta_title, 'Гарантия');
    assert.equal((await t.admin('DELETE', `/api/admin/cms/pages/${page.id}`)).statusCode, 204);
    const gone = await t.admin('GET', `/api/admin/cms/pages/${page.id}`);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().code, 'CMS_PAGE_NOT_FOUND');
  });

  it('keeps post tags in the shared taggings table and replaces them on update', async () => {
    const cat = (await t.admin('POST', '/api/admin/cms/blog-categories', { name: 'Новости' })).json();
    assert.equal(cat.slug, 'novosti');
    const res = await t.admin('POST', '/api/admin/cms/posts', {
      title: 'Открыли пункт выдачи', category_id: cat.id, tags: ['Новости', 'Пункты выдачи', 'новости'],
    });
    assert.equal(res.statusCode, 201);
    const post = res.json();
    assert.deepEqual(post.tags.map((x: { slug: string }) => x.slug).sort(), ['novosti', 'punkty-vydachi']);
    assert.ok(post.published_at, 'a published post without a date is published now');
    assert.equal(post.category.name, 'Новости');
    const updated = (await t.admin('PATCH', `/api/admin/cms/posts/${post.id}`, { tags: ['Акции'] })).json();
    assert.deepEqual(updated.tags, [{ slug: 'aktsii', name: 'Акции' }]);
    const rows = await t.deps.db.kysely.selectFrom('taggings').selectAll().where('entity_type', '=', 'post').where('entity_id', '=', post.id).execute();
    assert.equal(rows.length, 1);
    const listed = (await t.admin('GET', '/api/admin/cms/posts?tag=aktsii')).json();
    assert.deepEqual(listed.items.map((p: { id: number }) => p.id), [post.id]);
    const bad = await t.admin('POST', '/api/admin/cms/posts', { title: 'x', category_id: 999999 });
    assert.equal(bad.json().code, 'CMS_BLOG_CATEGORY_NOT_FOUND');
    assert.equal((await t.admin('DELETE', `/api/admin/cms/posts/${post.id}`)).statusCode, 204);
    const left = await t.deps.db.kysely.selectFrom('taggings').selectAll().where('entity_type', '=', 'post').where('entity_id', '=', post.id).execute();
    assert.equal(left.length, 0);
  });

  it('validates redirects: a path to a path or URL, never to itself', async () => {
    const self = await t.admin('PUT', '/api/admin/cms/redirects', { from_path: '/a', to_path: '/a' });
    assert.equal(self.statusCode, 422);
    assert.equal(self.json().code, 'CMS_INVALID');
    const bad = await t.admin('PUT', '/api/admin/cms/redirects', { from_path: '/a', to_path: 'javascript:alert(1)' });
    assert.equal(bad.statusCode, 422);
    const ok = await t.admin('PUT', '/api/admin/cms/redirects', { from_path: '/a', to_path: '/b' });
    assert.equal(ok.json().code, 301);
    const replaced = await t.admin('PUT', '/api/admin/cms/redirects', { from_path: '/a', to_path: '/c', code: 302 });
    assert.equal(replaced.json().id, ok.json().id);
    assert.equal(replaced.json().to_path, '/c');
  });

  it('seeds the demo pages and posts once, leaving edited content alone on a second run', async () => {
    const first = await seedDemoContent(t.deps.db.kysely);
    assert.ok(first >= 7);
    assert.equal(await seedDemoContent(t.deps.db.kysely), 0);
    const pages = (await t.admin('GET', '/api/admin/cms/pages?status=published')).json();
    assert.ok(pages.items.some((p: { slug: string }) => p.slug === 'kontakty'));
  });
});
