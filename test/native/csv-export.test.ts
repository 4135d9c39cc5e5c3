// The native export hot path (native/csv_export.cc) against the TypeScript path it mirrors
// (server/export-csv.ts with catalog/masking.ts and watermark/carriers.ts): every block of
// generated COPY text — every masking rule, every carrier kind, escapes, NULLs, characters
// outside the BMP — must become the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvBlockWriter, type CsvExportSpec } from '../../server/export-csv.ts';
import { nativeCsv } from '../../native/index.ts';
import { MASK_RULES, type MaskRule } from '../../catalog/masking.ts';
import { cellGenerator } from '../watermark/cells.ts';
import { rng } from '../watermark/holders.ts';

// CI (.ci/run) sets FUNDGOV_REQUIRE_NATIVE=1: there a converter that did not build fails the tests
const skip = nativeCsv() || process.env.FUNDGOV_REQUIRE_NATIVE === '1' ? false : 'the native addon is not built (npm install builds it with node-gyp)';
const KEY = 'native-differential-key-0123456789';

/** A value as COPY … TO STDOUT (text format) prints it. */
function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return v.replace(/[\\\n\r\t\b\f\v]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\v': '\\v' })[c]!);
}

const r = rng(20261127);
const { generate, int, pick } = cellGenerator(r);
const ASTRAL = ['𠀀', '😀', '𡃁家', 'a😀', '😀😀😀😀', '张😀', '𠮷野家', '😀@example.com', '1381234567😀'];
function value(): string | null {
  const x = r();
  if (x < 0.03) return null;
  if (x < 0.05) return pick(ASTRAL) + (r() < 0.5 ? generate() : '');
  if (x < 0.06) return generate() + pick(ASTRAL);
  if (x < 0.08) return pick(['"', '"a"', 'a,b', ' x', 'x ', '\ufeff', 'a\r\nb', '\\', '\\N', 'N', '""', ',', '\u2028', 'a\\b']);
  return generate();
}

const columns = (rules: Array<MaskRule | null>): CsvExportSpec['columns'] => rules.map((mask, i) => ({ header: `c${i}`, mask }));
const ALL: Array<MaskRule | null> = [null, ...MASK_RULES, null];
const spec = (exportId: string, encoding: CsvExportSpec['encoding'] = 'utf8-bom'): CsvExportSpec => ({ columns: columns(ALL), watermarkKey: KEY, exportId, encoding });

function block(rows: number, width: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(Array.from({ length: width }, value).map(copyText).join('\t'));
  return Buffer.from(lines.join('\n'), 'utf8');
}

function firstDifference(a: Buffer, b: Buffer): string {
  const x = a.toString('utf8').split('\n'), y = b.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `row ${i}: native ${JSON.stringify(x[i])}, TypeScript ${JSON.stringify(y[i])}`;
  return 'same text, different bytes';
}

test('native and TypeScript paths write the same bytes for 3,000,000 generated cells under every masking rule', { skip }, () => {
  const width = ALL.length;
  let cells = 0;
  for (const exportId of ['EXP-NATIVE-1', 'EXP-NATIVE-2']) {
    const fast = csvBlockWriter(spec(exportId)), slow = csvBlockWriter(spec(exportId), { native: false });
    while (cells < (exportId.endsWith('1') ? 1_500_000 : 3_000_000)) {
      const rows = 1 + int(r() < 0.1 ? 5 : 2000);
      const b = block(rows, width);
      const got = fast(b), want = slow(b);
      assert.equal(got.rows, rows);
      assert.equal(want.rows, rows);
      if (!got.bytes.equals(want.bytes)) assert.fail(firstDifference(got.bytes, want.bytes));
      cells += rows * width;
    }
  }
  assert.ok(cells >= 3_000_000);
});

test('GBK exports: native then transcoded, the same bytes as the TypeScript path for 500,000 generated cells', { skip }, () => {
  const fast = csvBlockWriter(spec('EXP-NATIVE-GBK', 'gbk')), slow = csvBlockWriter(spec('EXP-NATIVE-GBK', 'gbk'), { native: false });
  let cells = 0;
  while (cells < 500_000) {
    const rows = 1 + int(2000);
    const b = block(rows, ALL.length);
    const got = fast(b), want = slow(b);
    assert.equal(got.rows, want.rows);
    if (!got.bytes.equals(want.bytes)) assert.fail(firstDifference(got.bytes, want.bytes));
    cells += rows * ALL.length;
  }
});

test('the native converter is the one writing (a valid block does not fall back)', { skip }, () => {
  const native = nativeCsv();
  assert.ok(native, 'the native converter is not built (npm run build:native) or FUNDGOV_NATIVE=0');
  const conv = native.createConverter(Int32Array.from([-1, 0, 7]), new Uint32Array([1, 2]), new Uint32Array([3, 4, 5, 6]));
  const done = native.convert(conv, Buffer.from('1\t张伟\t13812345678\n2\t\\N\t110105199001011234', 'utf8'));
  assert.ok(done);
  assert.equal(done.rows, 2);
  const text = done.bytes.toString('utf8');
  // masked, then marked: the parity of a run of '*' carries a bit, so a run may grow by one
  assert.match(text, /^1,张\*{1,2},138\*{4,5}5678\n2,,110105\*{8,9}1234\n$/);
});

test('edge blocks: one empty cell, invalid UTF-8, a row of another width, escapes before line terminators', { skip }, () => {
  const one = (rules: Array<MaskRule | null>, encoding: CsvExportSpec['encoding'] = 'utf8-bom') => {
    const s: CsvExportSpec = { columns: columns(rules), watermarkKey: KEY, exportId: 'EXP-EDGE', encoding };
    return [csvBlockWriter(s), csvBlockWriter(s, { native: false })] as const;
  };
  const same = (rules: Array<MaskRule | null>, b: Buffer) => {
    const [fast, slow] = one(rules);
    const got = fast(b), want = slow(b);
    assert.equal(got.rows, want.rows);
    assert.ok(got.bytes.equals(want.bytes), firstDifference(got.bytes, want.bytes));
    return got;
  };
  // an empty block is one row with one empty cell (a one-column table holding '')
  assert.equal(same([null], Buffer.alloc(0)).bytes.toString(), '\n');
  // not UTF-8 (a server in SQL_ASCII): the TypeScript path writes it, with U+FFFD as Node decodes
  const bad = Buffer.concat([Buffer.from('张三\t'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n李四\t\xe9', 'latin1')]);
  assert.equal(nativeCsv()!.convert(nativeCsv()!.createConverter(Int32Array.from([0, -1]), new Uint32Array(2), new Uint32Array(4)), bad), null);
  same(['name', null], bad);
  // escapes as JavaScript's /\\(.)/ reads them: not before \r, U+2028 or U+2029, nor at the end
  same([null, 'generic'], Buffer.from('a\\\rb\tx\\\u2028y\nz\\\tq\\\u2029\\\nend\\\t\\N\\N', 'utf8'));
  // a row of another width is refused with the same message
  const [fast, slow] = one([null, null]);
  const wide = Buffer.from('1\t2\n1\t2\t3');
  assert.throws(() => slow(wide), /COPY returned a row of 3 fields, expected 2/);
  assert.throws(() => fast(wide), /COPY returned a row of 3 fields, expected 2/);
  // GBK: a mask that cuts a surrogate pair (an e-mail starting with an emoji keeps its first code
  // unit) is written by the TypeScript path, whose GB18030 encoder writes '?' for it
  const [gbk, gbkSlow] = one(['name', 'email'], 'gbk');
  assert.ok(gbk(Buffer.from('张三\tzz@example.com')).bytes.equals(gbkSlow(Buffer.from('张三\tzz@example.com')).bytes));
  assert.equal(gbk(Buffer.from('张三\tzz@example.com')).bytes.subarray(0, 3).toString('latin1'), '\xd5\xc5*');
  const lone = Buffer.from('张三\t😀a@example.com');
  assert.equal(nativeCsv()!.convert(nativeCsv()!.createConverter(Int32Array.from([0, 4]), new Uint32Array(2), new Uint32Array(4)), lone)!.loneSurrogate, true);
  assert.ok(gbk(lone).bytes.equals(gbkSlow(lone).bytes));
  assert.match(gbk(lone).bytes.toString('latin1'), /,\?\*{3,4}@example\.com\n$/);
});
