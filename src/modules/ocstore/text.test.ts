// Pure conversions of ocStore values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttributeTyping, coerce, decodeEntities, naiveDate, passwordScheme, toMinor, typeOf, ocstoreSha1 } from './text.js';

describe('ocStore text conversions', () => {
  it('decodes HTML entities exactly once', () => {
    assert.equal(decodeEntities('Apple Cinema 30&quot;'), 'Apple Cinema 30"');
    assert.equal(decodeEntities('&lt;p&gt;a &amp;amp; b&lt;/p&gt;'), '<p>a &amp; b</p>');
    assert.equal(decodeEntities('&#1055;&#x440;&laquo;x&raquo; &unknown;'), 'Пр«x» &unknown;');
  });

  it('reads zero and impossible dates as null and naive times in the shop time zone', () => {
    assert.equal(naiveDate('0000-00-00 00:00:00'), null);
    assert.equal(naiveDate('2021-02-30'), null);
    assert.equal(naiveDate('2021-05-01 12:00:00'), '2021-05-01T12:00:00.000Z');
    assert.equal(naiveDate('2021-05-01 12:00:00', 'Europe/Moscow'), '2021-05-01T09:00:00.000Z');
  });

  it('turns DECIMAL strings into kopecks without float drift', () => {
    assert.equal(toMinor('100.0000'), 10000);
    assert.equal(toMinor('279.9900'), 27999);
    assert.equal(toMinor('1.0050'), 101);
    assert.equal(toMinor('-10.0000'), -1000);
  });

  it('types attribute texts: numbers with units, yes/no, else text', () => {
    assert.deepEqual(typeOf('100mhz'), { kind: 'number', value: 100, unit: 'mhz' });
    assert.deepEqual(typeOf('8,5 ГБ'), { kind: 'number', value: 8.5, unit: 'гб' });
    assert.deepEqual(typeOf('Да'), { kind: 'boolean', value: true });
    assert.equal(typeOf('Intel Core i5').kind, 'text');
    const t = new AttributeTyping();
    for (const v of ['8gb', '16GB']) t.add(v);
    assert.deepEqual(t.type, { type: 'number', unit: 'gb' });
    t.add('много');
    assert.deepEqual(t.type, { type: 'text', unit: null });
    assert.equal(coerce('16GB', 'number'), 16);
    assert.equal(coerce('нет', 'boolean'), false);
  });

  it('recognises ocStore password hashes', () => {
    const h = ocstoreSha1('salt12345', 'secret');
    assert.deepEqual(passwordScheme(h, 'salt12345'), { scheme: 'ocstore_sha1', hash: h, salt: 'salt12345' });
    assert.deepEqual(passwordScheme('5EBE2294ECD0E0F08EAB7690D2A6EE69', ''), { scheme: 'md5', hash: '5ebe2294ecd0e0f08eab7690d2a6ee69', salt: null });
    assert.ok('problem' in passwordScheme('$2y$10$abc', '')!);
    assert.equal(passwordScheme('', ''), null);
  });
});
