// The streaming reader alone: multi-chunk files in UTF-8 and windows-1251, line numbers of errors
// deep in a file, and the refusals that keep a streamed file as strict as a parsed one.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { goodName, importXml, toBytes } from './generate.js';
import { parseCatalogDocument, product } from './parse-catalog.js';
import { CmlStreamReader } from './xml-stream.js';
import { CmlFormatError, parseFragment, parseXmlText } from './xml.js';

const dir = mkdtempSync(path.join(tmpdir(), 'vitrina-cml-stream-'));
let n = 0;
const file = (bytes: Buffer) => {
  const f = path.join(dir, `f${n++}.xml`);
  writeFileSync(f, bytes);
  return f;
};
const read = async (f: string, validate = true) => {
  const r = new CmlStreamReader(f, { validate });
  const records = [];
  for await (const rec of r.records()) records.push(rec);
  return { r, records };
};

describe('CommerceML stream reader', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const encoding of ['UTF-8', 'windows-1251']) {
    it(`cuts every Товар out of a multi-megabyte ${encoding} file, text intact across chunks`, async () => {
      const goods = 4000; // ≈ 3 MB: several 1 MB chunks, so characters and tags straddle chunk borders
      const { r, records } = await read(file(toBytes(importXml({ goods }, encoding), encoding)));
      assert.equal(records.length, goods);
      assert.equal(r.counts.Товар, goods);
      records.forEach((rec, i) => assert.equal(product(parseFragment(rec.xml)).name, goodName(i)));
      assert.equal(records[0]!.line, 5, 'lines count from the top of the file');
      assert.equal(records[goods - 1]!.line, goods + 4);
      // the skeleton is the document without its goods: the classifier is all there
      const doc = parseCatalogDocument(parseXmlText(r.skeleton()).root);
      assert.equal(doc.classifier?.properties.length, 3);
      assert.equal(doc.catalog?.id, 'cat-gen');
      assert.ok(r.paths.has('КоммерческаяИнформация/Каталог/Товары'));
      assert.ok(r.skeleton().length < 5000, 'no goods in memory');
    });
  }

  it('names the line of a broken element deep in a big file', async () => {
    const text = toBytes(importXml({ goods: 3000 })).toString().replace('<Наименование>Товар №2500 ', '<Наименование Вид=>Товар №2500 ');
    await assert.rejects(read(file(Buffer.from(text))), (e: Error) => e instanceof CmlFormatError && /^malformed XML at line 2505, column \d+/.test(e.message));
    const unclosed = toBytes(importXml({ goods: 3000 })).toString().replace('<Артикул>АРТ-2999</Артикул>', '<Артикул>АРТ-2999');
    await assert.rejects(read(file(Buffer.from(unclosed)), false), /malformed XML at line 3004, column \d+: <\/Товар> closes <Артикул>/);
  });

  it('refuses a DOCTYPE, a foreign root, a second root and a truncated file', async () => {
    const cases: [string, RegExp][] = [
      ['<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><КоммерческаяИнформация>&x;</КоммерческаяИнформация>', /DOCTYPE and entity declarations are not accepted/],
      ['<catalog><item/></catalog>', /the root element is <catalog>/],
      ['<КоммерческаяИнформация/><КоммерческаяИнформация/>', /a second root element/],
      ['<КоммерческаяИнформация><Каталог><Товары><Товар><Ид>1</Ид>', /unexpected end of file: <Ид> is not closed|<Товар> is not closed/],
      ['<КоммерческаяИнформация></КоммерческаяИнформация>trailing', /text after the root element/],
      ['', /no root element/],
    ];
    for (const [xml, re] of cases) await assert.rejects(read(file(Buffer.from(xml))), re, xml);
  });

  it('keeps Товар elements of an order document in the skeleton (they are not catalog goods)', async () => {
    const xml = '<КоммерческаяИнформация><Документ><Ид>1</Ид><Товары><Товар><Ид>x</Ид></Товар></Товары></Документ></КоммерческаяИнформация>';
    const { r, records } = await read(file(Buffer.from(xml)));
    assert.equal(records.length, 0);
    assert.equal(parseCatalogDocument(parseXmlText(r.skeleton()).root).documents.length, 1);
  });
});
