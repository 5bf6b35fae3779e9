import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { parseCatalogDocument } from './parse-catalog.js';
import { safeName } from './storage.js';
import { CmlFormatError, decodeXml, parseXml, unescapeXml } from './xml.js';

const doc = (ns: string, name: string) =>
  `<КоммерческаяИнформация${ns} ВерсияСхемы="2.07"><Каталог СодержитТолькоИзменения="true"><Ид>c</Ид><Товары><Товар><Ид>p1</Ид><Наименование>${name}</Наименование></Товар></Товары></Каталог></КоммерческаяИнформация>`;
const nameOf = (bytes: Buffer) => parseCatalogDocument(parseXml(bytes).root).catalog!.products[0]!.name;

describe('CommerceML XML reading', () => {
  it('reads UTF-8 and windows-1251, with or without BOM, with or without a namespace', () => {
    const name = 'Ботфорты «Осень» № 5';
    const variants: [string, Buffer][] = [
      ['utf-8, no BOM, no prolog', Buffer.from(doc('', name))],
      ['utf-8 with BOM and namespace', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${doc(' xmlns="urn:1C.ru:commerceml_2"', name)}`)])],
      ['windows-1251 prolog', iconv.encode(`<?xml version="1.0" encoding="windows-1251"?>\n${doc('', name)}`, 'win1251')],
      ['windows-1251 with namespace prefix', iconv.encode(`<?xml version='1.0' encoding='windows-1251'?>${doc(' xmlns="urn:1C.ru:commerceml_3"', name)}`, 'win1251')],
      ['prefixed elements', Buffer.from(doc(' xmlns:c="urn:1C.ru:commerceml_210"', name).replace(/<(\/?)([А-Яа-я])/g, '<$1c:$2'))],
    ];
    for (const [label, bytes] of variants) assert.equal(nameOf(bytes), name, label);
    assert.equal(decodeXml(Buffer.from([0xef, 0xbb, 0xbf, 0x41])), 'A');
  });

  it('decodes only the predefined and numeric entities', () => {
    assert.equal(unescapeXml('ООО &quot;Рога&quot; &amp; &#1050;&#x43E; &lt;b&gt; &nbsp;'), 'ООО "Рога" & Ко <b> &nbsp;');
    assert.equal(nameOf(Buffer.from(doc('', 'A &amp;amp; B'))), 'A &amp; B', 'decoded once, not twice');
  });

  it('refuses DOCTYPE and entity declarations, so no external entity is ever resolved', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${doc('', '&x;')}`;
    assert.throws(() => parseXml(Buffer.from(xxe)), (e: Error) => e instanceof CmlFormatError && /DOCTYPE/.test(e.message));
    const laughs = `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${doc('', '&b;')}`;
    assert.throws(() => parseXml(Buffer.from(laughs)), CmlFormatError);
    // an undeclared entity in a document without DOCTYPE stays literal text
    assert.equal(nameOf(Buffer.from(doc('', '&passwd;'))), '&passwd;');
  });

  it('names the line of malformed XML and refuses a foreign root', () => {
    assert.throws(() => parseXml(Buffer.from('<КоммерческаяИнформация>\n<Каталог>\n</КоммерческаяИнформация>')), /malformed XML at line \d+/);
    assert.throws(() => parseXml(Buffer.from('<yml_catalog/>')), /root element is <yml_catalog>/);
    assert.throws(() => parseXml(Buffer.from([0x3c, 0x3f, 0x78, 0x6d, 0x6c, 0x20, 0x65, 0x6e, 0x63, 0x6f, 0x64, 0x69, 0x6e, 0x67, 0x3d, 0x22, 0x78, 0x22, 0x3f, 0x3e])), /unsupported encoding/);
  });

  it('parses a multi-megabyte catalog in seconds without holding more than a few times its size', () => {
    const goods: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      goods.push(`<Товар><Ид>00000000-0000-0000-0000-${String(i).padStart(12, '0')}</Ид><Артикул>A-${i}</Артикул><Наименование>Товар номер ${i} с длинным названием для объёма</Наименование><Группы><Ид>g1</Ид></Группы><ЗначенияСвойств><ЗначенияСвойства><Ид>p1</Ид><Значение>${i % 7}</Значение></ЗначенияСвойства></ЗначенияСвойств></Товар>`);
    }
    const bytes = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><КоммерческаяИнформация><Каталог><Ид>c</Ид><Товары>${goods.join('\n')}</Товары></Каталог></КоммерческаяИнформация>`);
    assert.ok(bytes.length > 8 * 1024 * 1024);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = Date.now();
    const parsed = parseCatalogDocument(parseXml(bytes).root);
    const ms = Date.now() - t0;
    const grown = process.memoryUsage().heapUsed - heap0;
    assert.equal(parsed.catalog!.products.length, 20_000);
    assert.equal(parsed.catalog!.products[19_999]!.article, 'A-19999');
    assert.ok(ms < 30_000, `${ms} ms`);
    assert.ok(grown < 40 * bytes.length, `${Math.round(grown / 1e6)} MB for ${Math.round(bytes.length / 1e6)} MB`);
  });
});

describe('upload file names', () => {
  it('keeps relative names and refuses .., absolute paths and script extensions', () => {
    assert.equal(safeName('import.xml'), 'import.xml');
    assert.equal(safeName('import_files/9d/x.jpg'), 'import_files/9d/x.jpg');
    assert.equal(safeName('import_files\\9d\\x.jpg'), 'import_files/9d/x.jpg');
    assert.equal(safeName('./a//b.xml'), 'a/b.xml');
    for (const bad of ['../x.xml', 'a/../../x.xml', '/etc/passwd', 'C:\\x.xml', '\\\\server\\x', 'x.php', 'a/.htaccess', '', 'a\0b']) {
      assert.throws(() => safeName(bad), Error, JSON.stringify(bad));
    }
  });
});
