import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redirectCandidates } from './redirect-candidates.js';

describe('redirect candidates', () => {
  it('tries the exact URL, then its identifying parameters, then the bare path', () => {
    assert.deepEqual(redirectCandidates('/index.php?route=product/product&path=20_27&product_id=42'), [
      '/index.php?route=product/product&path=20_27&product_id=42',
      '/index.php?route=product/product&product_id=42',
      '/index.php',
    ]);
    assert.deepEqual(redirectCandidates('/index.php?route=product/product&search=phone&product_id=42&utm_source=x')[1], '/index.php?route=product/product&product_id=42');
  });

  it('keeps the category path when no id names the page', () => {
    assert.deepEqual(redirectCandidates('/index.php?route=product/category&path=20_27&page=2')[1], '/index.php?route=product/category&path=20_27');
  });

  it('leaves other URLs alone', () => {
    assert.deepEqual(redirectCandidates('/old/phone.html?ref=1'), ['/old/phone.html?ref=1', '/old/phone.html']);
    assert.deepEqual(redirectCandidates('/old/phone.html'), ['/old/phone.html']);
  });
});
