import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { completionInputs } from './mapping.js';
import { foldForCompletion, NamedCompletions, withinOneEdit, type NamedEntry } from './named.js';

const entry = (kind: NamedEntry['kind'], id: number, text: string, weight = kind === 'brand' ? 2 : 1): [string, NamedEntry] => [
  `${kind}:${id}`,
  { kind, id, text, slug: `s-${id}`, inputs: completionInputs(text), weight },
];

const named = new NamedCompletions([
  entry('category', 11, 'Чайники'),
  entry('category', 12, 'Чайные пары'),
  entry('category', 21, 'Смартфоны и телефоны'),
  entry('category', 22, 'Wi-Fi роутеры'),
  entry('category', 23, 'Ёлочные игрушки'),
  entry('brand', 1, 'Samsung'),
  entry('category', 24, 'Samsung'),
  entry('brand', 2, 'Apple'),
  entry('category', 25, 'Apple iPhone 15 Pro'),
]);
const ids = (typed: string, limit = 10) => named.suggest(typed, limit).map((s) => `${s.kind}:${s.id}`);

describe('category and brand autocomplete in memory', () => {
  it('folds typed text and inputs alike', () => {
    assert.equal(foldForCompletion('  Ёлка,  Wi-Fi!  '), 'елка wi fi');
  });

  it('matches the start of the text or of a later word', () => {
    assert.deepEqual(ids('чай'), ['category:11', 'category:12']);
    assert.deepEqual(ids('телеф'), ['category:21'], 'a later word');
    assert.deepEqual(ids('15 pro'), ['category:25'], 'words in order, from a later one');
    assert.deepEqual(ids('wi-f'), ['category:22'], 'separators as the tokenizer saw them');
    assert.deepEqual(ids('елоч'), ['category:23'], 'ё typed as е');
    assert.deepEqual(ids('ЁЛОЧ'), ['category:23']);
    assert.deepEqual(ids('xyz'), []);
    assert.deepEqual(ids(''), []);
  });

  it('puts brands first, one suggestion per text, and stops at the limit', () => {
    assert.deepEqual(ids('sam'), ['brand:1'], 'the category of the same name is left out');
    assert.deepEqual(ids('ap'), ['brand:2', 'category:25']);
    assert.deepEqual(ids('ap', 1), ['brand:2']);
    assert.equal(named.suggest('a', 0).length, 0);
  });

  it('forgives one edit after the first character from four typed characters, exact matches first', () => {
    for (const typo of ['чвйн', 'чакн', 'чайк', 'чайнмки', 'чаник', 'чйаник']) assert.ok(ids(typo).includes('category:11'), typo);
    assert.deepEqual(ids('чайни'), ['category:11', 'category:12'], 'the exact match before the one a letter off ("чайны…")');
    assert.deepEqual(ids('чвй'), [], 'three characters are matched as typed');
    assert.deepEqual(ids('вайн'), [], 'the first character as typed');
    assert.deepEqual(ids('чвйнк'), [], 'two edits');
    assert.deepEqual(ids('samsunk'), ['brand:1']);
  });

  it('checks one edit against a prefix of the key', () => {
    assert.ok(withinOneEdit('чайн', 'чайники'));
    assert.ok(withinOneEdit('чайн', 'чай'), 'the key shorter by the one extra typed character');
    assert.ok(withinOneEdit('чиан', 'чайник') === false);
    assert.ok(withinOneEdit('чаийн', 'чайник'), 'two swapped');
    assert.ok(!withinOneEdit('абвг', 'бвгд'));
  });

  it('takes upserts: a new entry is found, an unchanged one changes nothing, a renamed one moves', () => {
    const n = new NamedCompletions([entry('brand', 5, 'Bosch')]);
    assert.equal(n.upsert([entry('brand', 5, 'Bosch')]), false);
    assert.equal(n.upsert([entry('brand', 6, 'Braun')]), true);
    assert.deepEqual(n.suggest('br', 5).map((s) => s.text), ['Braun']);
    n.upsert([entry('brand', 5, 'Bork')]);
    assert.deepEqual(n.suggest('bo', 5).map((s) => s.text), ['Bork']);
    assert.deepEqual(n.suggest('bos', 5), []);
  });
});
