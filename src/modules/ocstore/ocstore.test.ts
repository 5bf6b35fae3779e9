// ocStore 3.0 installer data into server PostgreSQL, and the errors that come before any write.
// (2.3: ocstore-23.test.ts; 3.0 into PGlite: ocstore-pglite.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { importOcstore } from './index.js';
import { count, importSuite, suiteSkip } from './import-suite.js';
import { dropMysqlDatabase, loadShop, mysqlUrl } from './test-fixtures.js';

const skip = await suiteSkip('postgres');
importSuite('3.0', 'postgres', skip);

describe('ocStore import refuses bad input before writing anything', { skip }, () => {
  let t: TestApp;
  let shop: string;
  before(async () => {
    [shop, t] = await Promise.all([loadShop('2.3'), createTestApp('postgres')]);
  });
  after(async () => {
    await Promise.all([t?.close(), shop ? dropMysqlDatabase(shop) : null]);
  });

  const expectError = async (opts: object, code: string, message: RegExp) => {
    await assert.rejects(importOcstore(t.deps, { mysql: mysqlUrl(shop), ...opts }), (e: { code?: string; message: string }) => {
      assert.equal(e.code, code);
      assert.match(e.message, message);
      return true;
    });
    assert.equal(await count(t, 'external_refs'), 0);
    assert.equal(await count(t, 'products'), 0);
  };

  it('an unreachable database', () => expectError({ mysql: 'mysql://root@127.0.0.1:1/nothing' }, 'OCSTORE_SOURCE_UNREACHABLE', /cannot read/));
  it('a wrong table prefix (and suggests the right one)', () => expectError({ prefix: 'shop_' }, 'OCSTORE_SCHEMA_MISMATCH', /--prefix oc_/));
  it('a language the shop does not have', () => expectError({ language: 'de-de' }, 'OCSTORE_LANGUAGE_NOT_FOUND', /has: ru-ru, en-gb/));
  it('missing tables of an older version', async () => {
    const { adminConnection } = await import('./test-fixtures.js');
    const c = await adminConnection(shop);
    await c.query('RENAME TABLE oc_url_alias TO oc_url_alias_old');
    await c.end();
    await expectError({}, 'OCSTORE_SCHEMA_MISMATCH', /lacks table\(s\) .*url_alias/);
  });
});
