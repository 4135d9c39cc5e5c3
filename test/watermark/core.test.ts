import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sipHash64, sipHashBytes, sipHashString, sipKeyFromBytes } from '../../watermark/siphash.ts';
import { logBinomialTail } from '../../watermark/stats.ts';
import { markCell, newScan, scanCell } from '../../watermark/carriers.ts';

const hex = (o: Uint32Array) => o[1].toString(16).padStart(8, '0') + o[0].toString(16).padStart(8, '0');
const K = sipKeyFromBytes(Uint8Array.from({ length: 16 }, (_, i) => i));

test('SipHash-2-4 matches the reference vectors of Aumasson & Bernstein', () => {
  const o = new Uint32Array(2);
  assert.equal(hex(sipHashBytes(K, new Uint8Array(0), o)), '726fdb47dd0e0e31');
  assert.equal(hex(sipHashBytes(K, Uint8Array.from({ length: 8 }, (_, i) => i), o)), '93f5f5799a932462');
  assert.equal(hex(sipHashBytes(K, Uint8Array.from({ length: 15 }, (_, i) => i), o)), 'a129ca6149be45e5');
  assert.equal(hex(sipHash64(K, 0x03020100, 0x07060504, o)), '93f5f5799a932462');
  for (const s of ['', 'a', '基金', 'abc', 'abcd', '张三丰,12345.67', 'x'.repeat(37)]) {
    const a = hex(sipHashString(K, s, new Uint32Array(2)));
    assert.equal(a, hex(sipHashBytes(K, Buffer.from(s, 'utf16le'), o)), s);
  }
});

test('binomial tail in log space equals the exact sum and stays finite far out', () => {
  const exact = (n: number, k: number) => {
    let s = 0n;
    let c = 1n;
    for (let i = 0; i <= n; i++) { if (i >= k) s += c; c = (c * BigInt(n - i)) / BigInt(i + 1); }
    return Number(s) / 2 ** n;
  };
  for (const [n, k] of [[10, 0], [10, 3], [10, 5], [10, 6], [64, 58], [64, 64], [300, 160], [300, 200], [1000, 499]]) {
    const got = Math.exp(logBinomialTail(n, k));
    assert.ok(Math.abs(got - exact(n, k)) <= 1e-9 * exact(n, k) + 1e-300, `${n},${k}: ${got} vs ${exact(n, k)}`);
  }
  assert.ok(Math.abs(logBinomialTail(100000, 100000) / Math.LN10 + 100000 * Math.log10(2)) < 1e-6);
  assert.equal(logBinomialTail(5, 6), -Infinity);
});

const ones = () => ({ lo: 0xffffffff, hi: 0 });
const zeros = () => ({ lo: 0, hi: 0 });

test('carriers: each kind flips between its two forms and reads back what was written', () => {
  const rows: Array<[string, string, string]> = [
    // value, all-ones form, all-zeros form
    ['12345.67', '12,345.67', '12345.67'],
    ['-1234567.5', '-1,234,567.5', '-1234567.5'],
    ['13812345678', '138 1234 5678', '13812345678'],
    ['110105199003071234', '110105199003071234', '110105199003071234'],
    ['11010519900307123X', '11010519900307123x', '11010519900307123X'],
    ['2024-03-05', '2024/03/05', '2024-03-05'],
    ['138****5678', '138*****5678', '138****5678'],
    ['风险等级：C3，首次(网上)', '风险等级：C3，首次（网上）', '风险等级:C3,首次(网上)'],
    ['  定投扣款成功，每月15日  ', '  定投扣款成功，每月15日  ', '  定投扣款成功,每月15日  '],
    ['金额1,000元', '金额1,000元', '金额1,000元'],
    ['000123.45', '000123.45', '000123.45'],
    ['999.99', '999.99', '999.99'],
    ['华夏成长混合', '华夏成长混合', '华夏成长混合'],
    ['000001', '000001', '000001'],
  ];
  const scan = newScan();
  for (const [value, one, zero] of rows) {
    assert.equal(markCell(value, false, ones), one, value);
    assert.equal(markCell(value, false, zeros), zero, value);
    if (scanCell(one, false, scan) && scan.n > 0) {
      assert.equal(scan.bits, 2 ** scan.n - 1, `${one} reads back as ones`);
      const key = scan.key;
      scanCell(zero, false, scan);
      assert.equal(scan.bits, 0, `${zero} reads back as zeros`);
      assert.equal(scan.key, key, 'both forms have the same carrier key');
    }
  }
});

test('LSB carrier moves the last digit by one unit without carrying', () => {
  assert.equal(markCell('100.09', true, zeros), '100.08');
  assert.equal(markCell('100.00', true, ones), '100.01');
  assert.equal(markCell('100.05', true, () => ({ lo: 0, hi: 1 })), '100.06');
  assert.equal(markCell('100.05', true, () => ({ lo: 0, hi: 0 })), '100.04');
  for (const v of ['1.1', '12.37', '5.90', '0.5']) {
    for (const src of [ones, zeros]) {
      const out = markCell(v, true, src);
      assert.ok(Math.abs(Number(out.replace(/,/g, '')) - Number(v)) <= 10 ** -(v.split('.')[1].length) + 1e-12, `${v} -> ${out}`);
      assert.equal(out.split('.')[1].length, v.split('.')[1].length);
    }
  }
});
