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
import { cellGenerator } from './cells.ts';

const KEY = 'differential-watermark-key-0123456789';
const CELLS = 1_000_000;

const r = rng(20261126);
const { generate, int } = cellGenerator(r);

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
