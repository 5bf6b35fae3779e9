import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Namespace } from '../../platform/cache/index.js';
import { databaseKinds } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import type { Category } from './index.js';

const BASE = '/api/admin/categories';

for (const { kind, skip } of await databaseKinds()) {
  describe(`categories on ${kind}`, { skip }, () => {
    let t: TestApp;
    let n = 0;
    before(async () => {
      t = await createTestApp(kind);
    });
    after(async () => {
      await t?.close();
    });

    const create = async (body: Record<string, unknown>): Promise<Category> => {
      const r = await t.admin('POST', BASE, body);
      assert.equal(r.statusCode, 201, r.body);
      return r.json();
    };
    /** A chain root → … of fresh categories with unique slugs. */
    const chain = async (...names: string[]): Promise<Category[]> => {
      const out: Category[] = [];
      for (const name of names) {
        out.push(await create({ name, slug: `${name.toLowerCase()}-${++n}`, parent_id: out.at(-1)?.id ?? null }));
      }
      return out;
    };
    const get = async (id: number): Promise<Category> => (await t.admin('GET', `${BASE}/${id}`)).json();
    const insertProduct = async (sku: string, categoryIds: number[], primary = categoryIds[0]!) => {
      const tree = await t.services.categories.treeIds(categoryIds);
      const db = t.deps.db.kysely;
      const { rows } = await sql<{ id: number }>`
        insert into products (sku, slug, name, primary_category_id, category_tree_ids)
        values (${sku}, ${sku.toLowerCase()}, ${`Товар ${sku}`}, ${primary}, ${`{${tree.join(',')}}`}::int[])
        returning id`.execute(db);
      const id = Number(rows[0]!.id);
      for (const c of categoryIds) {
        await sql`insert into product_categories (product_id, category_id, is_primary) values (${id}, ${c}, ${c === primary})`.execute(db);
      }
      return id;
    };
    const product = async (id: number) => {
      const db = t.deps.db.kysely;
      const p = await db.selectFrom('products').select(['primary_category_id', 'category_tree_ids']).where('id', '=', id).executeTakeFirstOrThrow();
      const links = await db.selectFrom('product_categories').select(['category_id', 'is_primary']).where('product_id', '=', id).orderBy('category_id').execute();
      return { primary: p.primary_category_id, tree: p.category_tree_ids.map(Number), links };
    };

    it('creates a four-level tree with transliterated slugs, full paths, depths and ancestor ids', async () => {
      const root = await create({ name: 'Электроника' });
      const phones = await create({ name: 'Телефоны', parent_id: root.id });
      const smart = await create({ name: 'Смартфоны и гаджеты', parent_id: phones.id, name_en: 'Smartphones' });
      const android = await create({ name: 'Android', parent_id: smart.id });
      assert.equal(root.slug, 'elektronika');
      assert.equal(smart.slug, 'smartfony-i-gadzhety');
      assert.equal(android.path, 'elektronika/telefony/smartfony-i-gadzhety/android');
      assert.deepEqual([root.depth, phones.depth, smart.depth, android.depth], [0, 1, 2, 3]);
      assert.deepEqual(android.ancestor_ids, [root.id, phones.id, smart.id, android.id]);
      assert.equal(smart.name_en, 'Smartphones');
    });

    it('appends -2 and -3 when a generated slug is already taken', async () => {
      const a = await create({ name: 'Аксессуары' });
      const b = await create({ name: 'Аксессуары' });
      const c = await create({ name: 'Аксессуары' });
      assert.deepEqual([a.slug, b.slug, c.slug], ['aksessuary', 'aksessuary-2', 'aksessuary-3']);
    });

    it('finds a category by id, by slug and by path, through the service and the API', async () => {
      const [, , leaf] = await chain('Dom', 'Kukhnya', 'Posuda');
      const s = t.services.categories;
      assert.equal((await s.get(leaf!.id)).path, leaf!.path);
      assert.equal((await s.findBySlug(leaf!.slug))?.id, leaf!.id);
      assert.equal((await s.findByPath(`/${leaf!.path}/`))?.id, leaf!.id);
      assert.equal((await s.resolve(String(leaf!.id))).id, leaf!.id);
      assert.equal((await s.resolve(leaf!.path)).id, leaf!.id);
      assert.equal(await s.findBySlug('no-such-slug'), null);

      const byPath = await t.admin('GET', `${BASE}/by-path?path=${encodeURIComponent(leaf!.path)}`);
      assert.equal(byPath.statusCode, 200);
      assert.equal(byPath.json().id, leaf!.id);
      const pub = await t.app.inject({ method: 'GET', url: `/api/categories/${leaf!.slug}` });
      assert.equal(pub.statusCode, 200, pub.body);
      assert.equal(pub.json().category.id, leaf!.id);
      const pubPath = await t.app.inject({ method: 'GET', url: `/api/categories?path=${encodeURIComponent(leaf!.path)}` });
      assert.equal(pubPath.json().category.id, leaf!.id);
    });

    it('returns breadcrumbs from the root down to the category, and its children', async () => {
      const [a, b, c, d] = await chain('Sad', 'Instrumenty', 'Lopaty', 'Shtykovye');
      assert.deepEqual(
        (await t.services.categories.breadcrumbs(d!.id)).map((x) => x.id),
        [a!.id, b!.id, c!.id, d!.id],
      );
      const pub = (await t.app.inject({ method: 'GET', url: `/api/categories/${c!.id}` })).json();
      assert.deepEqual(pub.breadcrumbs.map((x: Category) => x.slug), [a!.slug, b!.slug, c!.slug]);
      assert.deepEqual(pub.breadcrumbs[2], { id: c!.id, name: c!.name, slug: c!.slug, path: c!.path });
      assert.deepEqual(pub.children.map((x: Category) => x.id), [d!.id]);
    });

    it('rewrites the path of every descendant when a slug changes, and renames', async () => {
      const [a, b, c, d] = await chain('Avto', 'Shiny', 'Letnie', 'R16');
      const r = await t.admin('PATCH', `${BASE}/${b!.id}`, { slug: 'kolesa', name: 'Колёса' });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().name, 'Колёса');
      assert.equal(r.json().path, `${a!.slug}/kolesa`);
      assert.equal((await get(c!.id)).path, `${a!.slug}/kolesa/${c!.slug}`);
      assert.equal((await get(d!.id)).path, `${a!.slug}/kolesa/${c!.slug}/${d!.slug}`);
      assert.equal((await t.services.categories.findByPath(`${a!.slug}/kolesa/${c!.slug}`))?.id, c!.id);
      assert.equal(await t.services.categories.findByPath(c!.path), null);
    });

    it('reorders siblings and keeps their positions dense from zero', async () => {
      const [p] = await chain('Sport');
      const [x, y, z] = [await create({ name: 'X', slug: `x-${++n}`, parent_id: p!.id }), await create({ name: 'Y', slug: `y-${++n}`, parent_id: p!.id }), await create({ name: 'Z', slug: `z-${++n}`, parent_id: p!.id })];
      const r = await t.admin('PATCH', `${BASE}/${z!.id}`, { position: 0 });
      assert.equal(r.statusCode, 200, r.body);
      const order = async () => (await t.admin('GET', `${BASE}?parent_id=${p!.id}`)).json().items.map((c: Category) => [c.id, c.position]);
      assert.deepEqual(await order(), [[z.id, 0], [x.id, 1], [y.id, 2]]);
      await t.services.categories.reorder(z.id, 99);
      assert.deepEqual(await order(), [[x.id, 0], [y.id, 1], [z.id, 2]]);
      const w = await create({ name: 'W', slug: `w-${++n}`, parent_id: p!.id, position: 1 });
      assert.deepEqual(await order(), [[x.id, 0], [w.id, 1], [y.id, 2], [z.id, 3]]);
    });

    it('moves a subtree and rewrites parent, paths, depths and ancestor ids of every descendant', async () => {
      const [a, b, c, d] = await chain('Knigi', 'Khudozhestvennye', 'Romany', 'Istoricheskie');
      const [e] = await chain('Arkhiv');
      const [sib] = [await create({ name: 'Sib', slug: `sib-${++n}`, parent_id: a!.id })];
      const pid = await insertProduct(`MV-${n}`, [d!.id]);
      const matrix = new Namespace(t.deps.cache, 'matrix');
      await t.deps.cache.set(await matrix.key('probe'), 1);

      const r = await t.admin('POST', `${BASE}/${b!.id}/move`, { parent_id: e!.id });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json().parent_id, e!.id);
      const [b2, c2, d2] = [await get(b!.id), await get(c!.id), await get(d!.id)];
      assert.equal(d2.path, `${e!.slug}/${b!.slug}/${c!.slug}/${d!.slug}`);
      assert.deepEqual([b2.depth, c2.depth, d2.depth], [1, 2, 3]);
      assert.deepEqual(d2.ancestor_ids, [e!.id, b!.id, c!.id, d!.id]);
      assert.deepEqual(c2.ancestor_ids, [e!.id, b!.id, c!.id]);
      assert.equal((await get(sib.id)).position, 0, 'the old siblings are renumbered');
      assert.deepEqual((await product(pid)).tree, [e!.id, b!.id, c!.id, d!.id].sort((x, y) => x - y));
      assert.equal(await t.deps.cache.get(await matrix.key('probe')), undefined, 'matrix cache invalidated');
      const events = await t.deps.db.kysely.selectFrom('outbox').select(['payload']).where('topic', '=', 'catalog.category_changed').where('key', '=', String(b!.id)).execute();
      assert.ok(events.some((x) => (x.payload as { change: string }).change === 'moved'));

      // and back out to the top level, first among the roots
      const top = await t.admin('POST', `${BASE}/${c!.id}/move`, { parent_id: null, position: 0 });
      assert.equal(top.statusCode, 200, top.body);
      assert.deepEqual([top.json().depth, top.json().path, top.json().position], [0, c!.slug, 0]);
      const d3 = await get(d!.id);
      assert.deepEqual([d3.depth, d3.path, d3.ancestor_ids], [1, `${c!.slug}/${d!.slug}`, [c!.id, d!.id]]);
      assert.deepEqual((await product(pid)).tree, [c!.id, d!.id].sort((x, y) => x - y));
    });

    it('refuses to move a category under itself or its own descendant with 409 CATALOG_CATEGORY_CYCLE and changes nothing', async () => {
      const [a, b, c] = await chain('Muzyka', 'Gitary', 'Struny');
      const outboxBefore = (await t.deps.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      for (const target of [c!.id, a!.id]) {
        const r = await t.admin('POST', `${BASE}/${a!.id}/move`, { parent_id: target });
        assert.equal(r.statusCode, 409, r.body);
        assert.equal(r.json().code, 'CATALOG_CATEGORY_CYCLE');
        assert.equal(r.json().field, 'parent_id');
      }
      assert.deepEqual(await get(c!.id), c);
      assert.deepEqual(await get(b!.id), b);
      const outboxAfter = (await t.deps.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      assert.equal(Number(outboxAfter), Number(outboxBefore));
    });

    it('refuses to delete a category that still has child categories', async () => {
      const [a] = await chain('Igrushki', 'Konstruktory');
      const r = await t.admin('DELETE', `${BASE}/${a!.id}`);
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'CATALOG_CATEGORY_NOT_EMPTY');
      assert.equal((await t.admin('GET', `${BASE}/${a!.id}`)).statusCode, 200);
    });

    it('refuses to delete a category that has products unless they are reassigned', async () => {
      const [, leaf] = await chain('Zoo', 'Korma');
      await insertProduct(`ND-${n}`, [leaf!.id]);
      const r = await t.admin('DELETE', `${BASE}/${leaf!.id}`);
      assert.equal(r.statusCode, 409);
      assert.equal(r.json().code, 'CATALOG_CATEGORY_NOT_EMPTY');
      assert.equal((await t.admin('GET', `${BASE}/${leaf!.id}`)).statusCode, 200);
    });

    it('deletes with reassign_to, moving the products, merging links and recomputing their category tree ids', async () => {
      const [r1, from] = await chain('Odezhda', 'Kurtki');
      const [r2, to] = await chain('Rasprodazha', 'Verkhnyaya');
      const [r3, other] = await chain('Novinki', 'Zima');
      const onlyFrom = await insertProduct(`RA1-${n}`, [from!.id, other!.id]); // primary in `from`
      const both = await insertProduct(`RA2-${n}`, [from!.id, to!.id], from!.id); // already in `to`, primary in `from`
      const r = await t.admin('DELETE', `${BASE}/${from!.id}?reassign_to=${to!.id}`);
      assert.equal(r.statusCode, 200, r.body);
      assert.deepEqual(r.json(), { id: from!.id, reassigned_products: 2 });
      assert.equal((await t.admin('GET', `${BASE}/${from!.id}`)).statusCode, 404);

      const p1 = await product(onlyFrom);
      assert.equal(p1.primary, to!.id);
      assert.deepEqual(p1.links, [{ category_id: to!.id, is_primary: true }, { category_id: other!.id, is_primary: false }].sort((x, y) => x.category_id - y.category_id));
      assert.deepEqual(p1.tree, [r2!.id, to!.id, r3!.id, other!.id].sort((x, y) => x - y));
      const p2 = await product(both);
      assert.equal(p2.primary, to!.id);
      assert.deepEqual(p2.links, [{ category_id: to!.id, is_primary: true }]);
      assert.deepEqual(p2.tree, [r2!.id, to!.id].sort((x, y) => x - y));
      assert.ok(!p2.tree.includes(r1!.id));
    });

    it('answers 404 CATALOG_CATEGORY_NOT_FOUND for an unknown category everywhere', async () => {
      for (const [method, url, body] of [
        ['GET', `${BASE}/999999`],
        ['PATCH', `${BASE}/999999`, { name: 'X' }],
        ['DELETE', `${BASE}/999999`],
        ['POST', `${BASE}/999999/move`, { parent_id: null }],
        ['GET', `${BASE}/by-path?path=no/such/path`],
        ['POST', BASE, { name: 'Orphan', parent_id: 999999 }],
      ] as const) {
        const r = await t.admin(method, url, body);
        assert.equal(r.statusCode, 404, `${method} ${url}: ${r.body}`);
        assert.equal(r.json().code, 'CATALOG_CATEGORY_NOT_FOUND');
      }
      const pub = await t.app.inject({ method: 'GET', url: '/api/categories/no-such-slug' });
      assert.equal(pub.statusCode, 404);
      await assert.rejects(t.services.categories.requireMany([1, 999998]), (e: { code: string; field: string }) => e.code === 'CATALOG_CATEGORY_NOT_FOUND' && e.field === '999998');
    });

    it('answers 401 AUTH_REQUIRED to an admin request without a token', async () => {
      const r = await t.app.inject({ method: 'GET', url: BASE });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().code, 'AUTH_REQUIRED');
      const w = await t.app.inject({ method: 'POST', url: BASE, payload: { name: 'Nope' } });
      assert.equal(w.statusCode, 401);
    });

    it('names the offending field in validation errors', async () => {
      const noName = await t.admin('POST', BASE, { slug: 'no-name' });
      assert.equal(noName.statusCode, 400);
      assert.equal(noName.json().code, 'VALIDATION_FAILED');
      assert.equal(noName.json().field, 'body.name');
      const badSlug = await t.admin('POST', BASE, { name: 'Плохой', slug: 'Bad Slug' });
      assert.equal(badSlug.json().field, 'body.slug');
      const blank = await t.admin('POST', BASE, { name: '   ' });
      assert.deepEqual([blank.statusCode, blank.json().field], [400, 'name']);
      const [taken] = await chain('Zanyato');
      const dup = await t.admin('POST', BASE, { name: 'Дубль', slug: taken!.slug });
      assert.deepEqual([dup.statusCode, dup.json().code, dup.json().field], [409, 'CATALOG_CATEGORY_SLUG_TAKEN', 'slug']);
      const self = await t.admin('DELETE', `${BASE}/${taken!.id}?reassign_to=${taken!.id}`);
      assert.deepEqual([self.statusCode, self.json().field], [400, 'reassign_to']);
    });

    it('lists categories filtered by parent, name prefix and depth, with a total', async () => {
      const [p] = await chain('Katalog');
      for (const name of ['Чайники', 'Чашки', 'Ложки']) await create({ name, parent_id: p!.id });
      const page = (await t.admin('GET', `${BASE}?parent_id=${p!.id}&limit=2&offset=0`)).json();
      assert.equal(page.total, 3);
      assert.deepEqual(page.items.map((c: Category) => c.name), ['Чайники', 'Чашки']);
      const found = (await t.admin('GET', `${BASE}?q=${encodeURIComponent('ча')}&parent_id=${p!.id}`)).json();
      assert.deepEqual(found.items.map((c: Category) => c.name).sort(), ['Чайники', 'Чашки']);
      const roots = (await t.admin('GET', `${BASE}?depth=0&limit=500`)).json();
      assert.ok(roots.items.every((c: Category) => c.depth === 0 && c.parent_id === null));
      assert.ok(roots.items.some((c: Category) => c.id === p!.id));
    });

    it('returns the tree as a flat list in display order, limited to a root and a depth', async () => {
      const [a, b, c] = await chain('Derevo', 'Vetka', 'List');
      const b2 = await create({ name: 'Vetka 0', slug: `vetka0-${++n}`, parent_id: a!.id, position: 0 });
      const sub = (await t.admin('GET', `${BASE}/tree?root=${a!.id}`)).json();
      assert.deepEqual(sub.items.map((x: Category) => x.id), [a!.id, b2.id, b!.id, c!.id]);
      const shallow = (await t.admin('GET', `${BASE}/tree?root=${a!.id}&depth=1`)).json();
      assert.deepEqual(shallow.items.map((x: Category) => x.id), [a!.id, b2.id, b!.id]);
      const all = (await t.admin('GET', `${BASE}/tree`)).json();
      const ids = all.items.map((x: Category) => x.id);
      assert.ok(ids.indexOf(a!.id) < ids.indexOf(b2.id) && ids.indexOf(b2.id) < ids.indexOf(b!.id) && ids.indexOf(b!.id) < ids.indexOf(c!.id));
      assert.equal(all.total, all.items.length);
    });

    it('gives other modules the union of ancestor ids through treeIds', async () => {
      const [a, b] = await chain('Foto', 'Kamery');
      const [c] = await chain('Video');
      assert.deepEqual(await t.services.categories.treeIds([b!.id, c!.id, b!.id]), [a!.id, b!.id, c!.id].sort((x, y) => x - y));
    });

    it('documents the routes in OpenAPI under the categories tag', async () => {
      const doc = t.app.swagger() as { paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>> };
      for (const path of [BASE, `${BASE}/{id}`, `${BASE}/{id}/move`, `${BASE}/by-path`, `${BASE}/tree`, '/api/categories', '/api/categories/{idOrSlug}']) {
        assert.ok(doc.paths[path], `${path} missing`);
        for (const op of Object.values(doc.paths[path]!)) assert.deepEqual(op.tags, ['categories']);
      }
      assert.deepEqual(doc.paths[BASE]!.get!.security, [{ bearer: [] }]);
    });

    // Runs last: it adds 20,020 rows to this suite's database.
    // timings belong to bench:catalog; here: right answers, and index plans (no scan of 20k rows)
    it('looks a category up by path, slug and id among 20,000 categories through indexes', async () => {
      const db = t.deps.db.kysely;
      await sql`insert into categories (parent_id, slug, name, path, depth, position, ancestor_ids)
        select null, 'perf-' || i, 'Perf ' || i, 'perf-' || i, 0, 1000 + i, '{}' from generate_series(1, 20) i`.execute(db);
      await sql`update categories set ancestor_ids = array[id] where depth = 0 and slug like 'perf-%'`.execute(db);
      for (const [depth, fanout] of [[1, 50], [2, 19]] as const) {
        await sql`insert into categories (parent_id, slug, name, path, depth, position, ancestor_ids)
          select p.id, p.slug || '-' || j, p.name || ' ' || j, p.path || '/' || p.slug || '-' || j, ${depth}::int, j - 1, '{}'
            from categories p cross join generate_series(1, ${fanout}::int) j
           where p.depth = ${depth - 1}::int and p.slug like 'perf-%'`.execute(db);
        await sql`update categories c set ancestor_ids = p.ancestor_ids || c.id
          from categories p where c.parent_id = p.id and c.depth = ${depth}::int and c.slug like 'perf-%'`.execute(db);
      }
      await sql`analyze categories`.execute(db);
      const total = Number((await db.selectFrom('categories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      assert.ok(total >= 20_000, `${total} categories`);

      const s = t.services.categories;
      const byPath = await s.findByPath('perf-17/perf-17-33/perf-17-33-12');
      const bySlug = await s.findBySlug('perf-3-41-7');
      const byId = await s.get(byPath!.id + 1);
      const http = await t.admin('GET', `${BASE}/by-path?path=perf-9/perf-9-2/perf-9-2-19`);
      assert.equal(byPath?.depth, 2);
      assert.equal(bySlug?.path, 'perf-3/perf-3-41/perf-3-41-7');
      assert.equal(byId.id, byPath!.id + 1);
      assert.equal(http.statusCode, 200);
      assert.equal(http.json().path, 'perf-9/perf-9-2/perf-9-2-19');
      for (const column of ['path', 'slug', 'id']) {
        const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from categories where ${sql.ref(column)} = ${column === 'id' ? 17 : 'perf-1'}`.execute(db);
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.doesNotMatch(text, /Seq Scan/, `lookup by ${column} scans the table:\n${text}`);
      }
      const tree = await t.admin('GET', `${BASE}/tree`);
      assert.equal(tree.json().total, total);
    });
  });
}
