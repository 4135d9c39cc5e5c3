// Differential test of the marking hot path: the current watermark/ against a frozen copy of
// the implementation it replaced (test/watermark/reference/, regexes and key strings). Every
// cell of ≥ 1,000,000 generated cells covering every carrier kind must be marked to the same
// string, with and without the LSB carrier, and scanned to the same carrier key and bits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCellMarker } from '../../watermark/table.ts';
import { markCell, newScan, scanCell, type CellScan } from '../../watermark/carriers.ts';
import { cellDigest, cellDigestCodes, sipHash13, sipHash64, sipKeyFromBytes } from '../../watermark/siphash.ts';
import { createCellMarker as refCreateCellMarker, bitSourceFor as refBitSourceFor } from './reference/table.ts';
import { markCell as refMarkCell, newScan as refNewScan, scanCell as refScanCell } from './reference/carriers.ts';
import { rng } from './holders.ts';

const KEY = 'differential-watermark-key-0123456789';
const CELLS = 1_000_000;

const r = rng(20261126);
const int = (n: number) => Math.floor(r() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
const digits = (n: number) => { let s = ''; for (let i = 0; i < n; i++) s += String(int(10)); return s; };
const wide = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** sometimes full-width forms of some characters, sometimes spaces around */
function noise(s: string): string {
  const x = r();
  if (x < 0.06) s = wide(s);
  else if (x < 0.12) { const i = int(s.length); s = s.slice(0, i) + wide(s.charAt(i)) + s.slice(i + 1); }
  const y = r();
  if (y < 0.04) s = pick([' ', '  ', '\t', '\u3000', '\u00a0', '\ufeff']) + s;
  else if (y < 0.08) s = s + pick([' ', '\u3000', '\t ', '\n', '\u00a0']);
  return s;
}

const SURNAMES = ['张', '王', '李', '欧阳', '诸葛', '赵', '陈'];
const GIVEN = ['伟', '芳', '娜', '娜娜', '强', '秀英', '明'];
const WORDS = ['风险等级', '首次', '网上', '定投扣款成功', '每月15日', '华夏成长混合', '北京分公司', '赎回', '申购', 'C3', '备注', 'ABC', '基金'];
const PUNCT = [',', '，', ':', '：', ';', '；', '(', '（', ')', '）', '!', '！', '?', '？', '、', '。', ' ', '\u3000', '  ', '\t'];
const FUZZ = [
  ...'0123456789', '-', '/', '.', ',', '+', '*', ' ', '\t', 'T', ':', 'X', 'x', '8', '6', '1', '3', '\u3000', '\u00a0', '\ufeff', '\n',
  '１', '８', '６', '－', '／', '．', '，', '＊', 'Ｘ', 'ｘ', '：', '（', '）', '(', ')', '中', '文', '！', '?', '；', 'a', '@', '\u2028', '\u00e9',
];

function name(): string {
  const n = pick(SURNAMES) + pick(GIVEN);
  const x = r();
  if (x < 0.2) return n + pick(['（经理）', '(经理)', '（经理)', '，先生', ',女士', '：VIP', ' 先生']);
  return n;
}
function text(): string {
  let s = '';
  const parts = 1 + int(r() < 0.05 ? 40 : 6);
  for (let i = 0; i < parts; i++) s += pick(WORDS) + (r() < 0.7 ? pick(PUNCT) : '');
  if (r() < 0.1) s = pick(PUNCT) + s;
  return s;
}
function idNo(): string {
  const body = '110105' + String(1950 + int(60)) + digits(4) + digits(3);
  return body + pick(['X', 'x', String(int(10)), 'Ｘ', 'Y']);
}
function mobile(): string {
  const d = '1' + String(2 + int(8)) + digits(9);
  const sep = pick(['', '', ' ', '-', '  ']);
  let s = sep && r() < 0.9 ? d.slice(0, 3) + sep + d.slice(3, 7) + sep + d.slice(7) : d;
  if (r() < 0.05) s = d.slice(0, 3) + ' ' + d.slice(3, 7) + '-' + d.slice(7);
  const p = r();
  if (p < 0.1) s = pick(['+86', '86', '+86 ', '86-', '+8 6', '+87', '8']) + s;
  if (r() < 0.03) s = s.slice(0, -1);
  return s;
}
function date(): string {
  const y = String(1990 + int(40));
  const m = String(1 + int(12)), d = String(1 + int(31));
  const mm = r() < 0.5 ? m.padStart(2, '0') : m, dd = r() < 0.5 ? d.padStart(2, '0') : d;
  const sep = pick(['-', '/']);
  let s = y + sep + mm + (r() < 0.03 ? pick(['-', '/', '.']) : sep) + dd;
  const t = r();
  if (t < 0.15) s += pick([' ', 'T']) + String(int(24)) + ':' + digits(2);
  else if (t < 0.25) s += pick([' ', 'T']) + String(int(24)).padStart(2, '0') + ':' + digits(2) + ':' + digits(2);
  else if (t < 0.28) s += pick([' 1:2', 'T123:45', ' 12:345', ':', 'T', ' 12:34:5', '1']);
  if (r() < 0.02) s = y + sep + digits(3) + sep + dd;
  return s;
}
function decimal(): string {
  const intLen = 1 + int(r() < 0.1 ? 17 : 8);
  let ip = digits(intLen);
  if (r() < 0.85 && ip[0] === '0' && ip.length > 1) ip = String(1 + int(9)) + ip.slice(1);
  let frac = digits(1 + int(r() < 0.1 ? 8 : 4));
  if (r() < 0.15) frac = frac.slice(0, -1) + '0';
  if (r() < 0.05) frac = frac.replace(/.$/, '00');
  let g = ip;
  const x = r();
  if (x < 0.4) g = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  else if (x < 0.45) g = ip.slice(0, 1) + ',' + ip.slice(1);
  const sign = r() < 0.1 ? pick(['-', '+']) : '';
  const s = sign + g + '.' + frac;
  return r() < 0.02 ? s + '.' + digits(1) : s;
}
function masked(): string {
  const x = r();
  if (x < 0.25) return '138' + '*'.repeat(3 + int(3)) + digits(4);
  if (x < 0.45) return '110105' + '*'.repeat(8 + int(2)) + digits(4);
  if (x < 0.6) return pick(['u', 'ab', '张']) + '*'.repeat(1 + int(4)) + '@example.com';
  if (x < 0.7) return pick(SURNAMES) + '*'.repeat(1 + int(3));
  if (x < 0.8) return pick(['＊＊', '* *', '**', '*', '张**伟', '中 **  文', '1*2**3', 'a\t**\t b', '****']);
  return digits(int(5)) + '*'.repeat(int(4)) + pick(['', ' ', '  x  y', '中']) + digits(int(5));
}
function number(): string {
  const x = r();
  if (x < 0.5) return String(int(1_000_000));
  if (x < 0.7) return digits(6);
  if (x < 0.8) return '-' + String(int(100000));
  return digits(7 + int(14));
}
function fuzz(): string {
  let s = '';
  const n = int(21);
  for (let i = 0; i < n; i++) s += pick(FUZZ);
  return s;
}
function mutate(s: string): string {
  if (s.length === 0) return s;
  const i = int(s.length);
  const x = r();
  if (x < 0.4) return s.slice(0, i) + pick(FUZZ) + s.slice(i + 1);
  if (x < 0.7) return s.slice(0, i) + pick(FUZZ) + s.slice(i);
  return s.slice(0, i) + s.slice(i + 1);
}

const KINDS: Array<[string, () => string]> = [
  ['name', name], ['text', text], ['id', idNo], ['mobile', mobile], ['date', date], ['decimal', decimal],
  ['masked', masked], ['number', number], ['empty', () => pick(['', ' ', 'a', '1', '中', '*', '  '])], ['fuzz', fuzz],
];

function generate(): string {
  const [, gen] = KINDS[int(KINDS.length)];
  let v = gen();
  const x = r();
  if (x < 0.12) v = noise(v);
  else if (x < 0.2) v = mutate(v);
  return v;
}

const scanEq = (a: CellScan, b: CellScan) => a.key === b.key && a.n === b.n && a.bits === b.bits && a.lsbKey === b.lsbKey && a.lsbBit === b.lsbBit;

test('markCell and scanCell agree with the reference implementation on 1,000,000 generated cells', () => {
  const exportIds = ['EXP-DIFF-1', 'EXP-DIFF-2'];
  const fresh = exportIds.map((id) => [createCellMarker({ key: KEY, exportId: id }), createCellMarker({ key: KEY, exportId: id, numericLsb: true })]);
  const ref = exportIds.map((id) => [refCreateCellMarker({ key: KEY, exportId: id }), refCreateCellMarker({ key: KEY, exportId: id, numericLsb: true })]);
  const s1 = newScan(), s2 = refNewScan();
  const changed = [0, 0];
  let carrying = 0;
  const seen = new Set<string>();
  for (let c = 0; c < CELLS; c++) {
    const v = generate();
    const e = c & 1;
    for (let lsb = 0; lsb < 2; lsb++) {
      const got = fresh[e][lsb].markCell(v);
      const want = ref[e][lsb].markCell(v);
      if (got !== want) assert.fail(`cell ${c} ${JSON.stringify(v)} (lsb ${lsb}): marked ${JSON.stringify(got)}, reference ${JSON.stringify(want)}`);
      if (got !== v) changed[lsb]++;
      // a marked cell re-marked for the other export (cells in every written form)
      if (lsb === 0 && got !== v) {
        const again = fresh[1 - e][0].markCell(got), againRef = ref[1 - e][0].markCell(got);
        if (again !== againRef) assert.fail(`re-marking ${JSON.stringify(got)}: ${JSON.stringify(again)} vs ${JSON.stringify(againRef)}`);
      }
    }
    const lsbScan = (c & 2) !== 0;
    const a = scanCell(v, lsbScan, s1), b = refScanCell(v, lsbScan, s2);
    if (a !== b || !scanEq(s1, s2)) assert.fail(`scan of ${JSON.stringify(v)} (lsb ${lsbScan}): ${JSON.stringify([a, s1])} vs ${JSON.stringify([b, s2])}`);
    if (a) {
      carrying++;
      if (s1.key) seen.add(s1.key[0]);
      if (s1.lsbKey) seen.add('l');
    }
  }
  // the generator reaches every carrier kind, and marking changes a real share of the cells
  assert.deepEqual([...seen].sort(), ['d', 'g', 'i', 'k', 'l', 'm', 't']);
  assert.ok(carrying > CELLS / 3, `${carrying} carrying cells`);
  assert.ok(changed[0] > CELLS / 10 && changed[1] > changed[0], `changed ${changed}`);
});

test('markCell with a string BitSource agrees with the reference (the API the tests and callers use)', () => {
  const src = refBitSourceFor(KEY, 'EXP-DIFF-STR');
  const constant = [() => ({ lo: 0xffffffff, hi: 0 }), () => ({ lo: 0, hi: 0 }), () => ({ lo: 0x55555555, hi: 1 })];
  for (let c = 0; c < 100_000; c++) {
    const v = generate();
    const lsb = (c & 1) === 1;
    const bits = c % 4 === 0 ? src : constant[c % 3];
    const got = markCell(v, lsb, bits), want = refMarkCell(v, lsb, bits);
    if (got !== want) assert.fail(`${JSON.stringify(v)} (lsb ${lsb}): ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  }
});

test('cellDigestCodes equals cellDigest of the same string, for every length and code unit range', () => {
  const seeds = new Uint32Array([0x9747b28c, 0xdeadbeef]);
  const a = new Uint32Array(2), b = new Uint32Array(2);
  const codes = new Uint16Array(64);
  for (let c = 0; c < 20_000; c++) {
    const len = int(64);
    for (let i = 0; i < len; i++) codes[i] = r() < 0.5 ? int(128) : int(65536);
    const s = String.fromCharCode(...codes.subarray(0, len));
    cellDigestCodes(seeds, codes, len, a);
    cellDigest(seeds, s, b);
    assert.deepEqual([a[0], a[1]], [b[0], b[1]], JSON.stringify(s));
  }
});

test('sipHash13 equals sipHash64 with c = 1, d = 3', () => {
  const a = new Uint32Array(2), b = new Uint32Array(2);
  for (let c = 0; c < 20_000; c++) {
    const k = sipKeyFromBytes(Uint8Array.from({ length: 16 }, () => int(256)));
    const lo = (r() * 2 ** 32) >>> 0, hi = (r() * 2 ** 32) >>> 0;
    sipHash13(k, lo, hi, a);
    sipHash64(k, lo, hi, b, 1, 3);
    assert.deepEqual([a[0], a[1]], [b[0], b[1]]);
  }
});
