// The in-process cache of known query words: bounded in size and in age.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownWords } from './known-words.js';

describe('postgres engine known words', () => {
  it('forgets a word after its time to live, the oldest word when full, and everything on clear', () => {
    let now = 0;
    const words = knownWords(2, 1000, () => now);
    words.add({ t: 'чайник', stems: ['чайник'] });
    now = 999;
    assert.deepEqual(words.get('чайник'), { t: 'чайник', stems: ['чайник'] });
    now = 1001;
    assert.equal(words.get('чайник'), undefined, 'too old');
    words.add({ t: 'a', stems: ['a'] });
    words.add({ t: 'b', stems: ['b'] });
    words.add({ t: 'c', stems: ['c'] });
    assert.equal(words.get('a'), undefined, 'the oldest made room');
    assert.ok(words.get('b') && words.get('c'));
    words.clear();
    assert.equal(words.get('c'), undefined);
  });
});
