import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, PassThrough } from 'node:stream';
import { buffer as readAll } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import {
  createCsvMarker, createCsvRowWriter, createXlsxRowWriter, detectTable, markXlsxStream, readTableRows, WatermarkError,
  MATCH_THRESHOLD,
} from '../../watermark/index.ts';
import { foldWidth } from '../../watermark/carriers.ts';
import { holderTable, rng } from './holders.ts';

const KEY = 'fundgov-test-watermark-key-0001';
const EXPORTS = Array.from({ length: 20 }, (_, i) => `EXP-2024-${String(i + 1).padStart(4, '0')}`);
const LEAKER = EXPORTS[7];
const table = holderTable(2000);
const plainCsv = Papa.unparse(table) + '\n';

async function markCsv(csv: Buffer | string, exportId: string, extra: Record<string, unknown> = {}): Promise<Buffer> {
  return readAll(Readable.from([Buffer.from(csv)]).pipe(createCsvMarker({ key: KEY, exportId, ...extra })));
}

const marked = new Map<string, Buffer>();
async function markedCsv(exportId: string): Promise<Buffer> {
  if (!marked.has(exportId)) marked.set(exportId, await markCsv(plainCsv, exportId));
  return marked.get(exportId)!;
}

function rowsOf(buf: Buffer): string[][] {
  return Papa.parse<string[]>(buf.toString('utf8'), { skipEmptyLines: true }).data;
}

function csvOf(rows: string[][], delimiter = ','): string {
  return Papa.unparse(rows, { delimiter }) + '\n';
}

function assertTraced(res: Awaited<ReturnType<typeof detectTable>>, what: string): void {
  if (process.env.WM_VERBOSE) console.log(what, JSON.stringify(res.best));
  assert.equal(res.match, true, `${what}: should match (best ${JSON.stringify(res.best)})`);
  assert.equal(res.exportId, LEAKER, `${what}: traced to the wrong export`);
  assert.ok(res.best!.falsePositiveProbability < MATCH_THRESHOLD, `${what}: FP ${res.best!.falsePositiveProbability}`);
  assert.ok(res.best!.agreeingRows! > 0);
  // the runner-up is an honest non-match
  assert.ok(res.scores[1].log10CorrectedP > -6, `${what}: runner-up ${JSON.stringify(res.scores[1])}`);
}

/** What a value means: the folded, ungrouped, unspaced form every carrier maps to. */
function meaning(v: string): string {
  const f = foldWidth(v.trim());
  if (/^[+-]?[\d,]+\.\d+$/.test(f)) return f.replace(/,/g, '');
  if (/^1[3-9]\d[ -]?\d{4}[ -]?\d{4}$/.test(f)) return f.replace(/[ -]/g, '');
  if (/^\d{17}[xX]$/.test(f)) return f.toUpperCase();
  return f;
}

test('marking keeps every value\'s meaning, shape and row count', async () => {
  const out = rowsOf(await markedCsv(LEAKER));
  assert.equal(out.length, table.length);
  let changed = 0;
  for (let r = 0; r < table.length; r++) {
    assert.equal(out[r].length, table[r].length);
    for (let c = 0; c < table[r].length; c++) {
      assert.equal(meaning(out[r][c]), meaning(table[r][c]), `row ${r} col ${c}`);
      if (out[r][c] !== table[r][c]) changed++;
    }
  }
  assert.ok(changed > 2000, `only ${changed} cells carry a changed form`);
  // fund codes and names keep their exact text
  for (let r = 1; r < table.length; r++) assert.equal(out[r][3], table[r][3]);
});

test('two exports of the same table differ; the same export is reproducible', async () => {
  const a = await markedCsv(EXPORTS[0]);
  const b = await markedCsv(EXPORTS[1]);
  assert.notDeepEqual(a, b);
  assert.deepEqual(await markCsv(plainCsv, EXPORTS[0]), a);
});

const attacks: Array<[string, () => Promise<Buffer | string>]> = [
  ['keeping 50 random rows', async () => {
    const rows = rowsOf(await markedCsv(LEAKER)).slice(1);
    const r = rng(50);
    const picked = rows.map((row) => [r(), row] as const).sort((x, y) => x[0] - y[0]).slice(0, 50).map((x) => x[1]);
    return csvOf(picked);
  }],
  ['keeping 20 rows (1%)', async () => {
    const rows = rowsOf(await markedCsv(LEAKER)).slice(1);
    const r = rng(20);
    return csvOf(rows.map((row) => [r(), row] as const).sort((x, y) => x[0] - y[0]).slice(0, 20).map((x) => x[1]));
  }],
  ['sorting by a numeric column', async () => {
    const [header, ...rows] = rowsOf(await markedCsv(LEAKER));
    rows.sort((x, y) => Number(x[6].replace(/,/g, '')) - Number(y[6].replace(/,/g, '')));
    return csvOf([header, ...rows]);
  }],
  ['keeping every other column', async () => {
    return csvOf(rowsOf(await markedCsv(LEAKER)).map((row) => row.filter((_, i) => i % 2 === 1)));
  }],
  ['trimming every cell', async () => {
    return csvOf(rowsOf(await markedCsv(LEAKER)).map((row) => row.map((v) => v.trim())));
  }],
  ['re-encoding as GBK', async () => {
    const gbk = iconv.encode((await markedCsv(LEAKER)).toString('utf8'), 'gbk');
    assert.equal(iconv.decode(gbk, 'gbk'), (await markedCsv(LEAKER)).toString('utf8'), 'the marks survive GBK byte for byte');
    return gbk;
  }],
  ["re-writing with ';' as delimiter", async () => csvOf(rowsOf(await markedCsv(LEAKER)), ';')],
  ['re-saving the XLSX export as CSV', async () => {
    const sink = new PassThrough();
    const bytes = readAll(sink);
    const writer = createXlsxRowWriter(sink, { key: KEY, exportId: LEAKER });
    for (const row of table) writer.addRow(row);
    await writer.finish();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes) as unknown as ArrayBuffer);
    const csvSink = new PassThrough();
    const csvBytes = readAll(csvSink);
    await wb.csv.write(csvSink);
    csvSink.end();
    return csvBytes;
  }],
];

for (const [name, attack] of attacks) {
  test(`the leaker's copy is traced after ${name}`, async () => {
    const res = await detectTable(await attack(), EXPORTS, KEY);
    assertTraced(res, name);
  });
}

test('pasted tab-separated rows from a spreadsheet are traced', async () => {
  const rows = rowsOf(await markedCsv(LEAKER)).slice(300, 340);
  const res = await detectTable(rows.map((r) => r.join('\t')).join('\n'), EXPORTS, KEY);
  assertTraced(res, 'pasted rows');
});

test('the XLSX export itself is traced, and markXlsxStream marks an existing workbook', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('持有人');
  for (const row of table.slice(0, 300)) ws.addRow(row);
  const plainXlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const sink = new PassThrough();
  const bytes = readAll(sink);
  const info = await markXlsxStream(Readable.from([plainXlsx]), sink, { key: KEY, exportId: LEAKER });
  assert.equal(info.rows, 300);
  const xlsx = await bytes;
  const res = await detectTable(xlsx, EXPORTS, KEY);
  assertTraced(res, 'xlsx');
  const back = await readTableRows(xlsx);
  assert.equal(back.length, 300);
  assert.equal(meaning(back[5][5]), meaning(table[5][5]));
  assert.equal((await detectTable(plainXlsx, EXPORTS, KEY)).match, false);
});

test('the unmarked table does not match any export', async () => {
  const res = await detectTable(plainCsv, EXPORTS, KEY);
  assert.equal(res.match, false);
  assert.equal(res.exportId, null);
  assert.ok(res.best!.carrierBits > 5000, 'the unmarked table has carriers to test');
  assert.ok(res.best!.log10CorrectedP > -3, JSON.stringify(res.best));
});

test('another export\'s copy matches that export only, never the leaker', async () => {
  const other = await markedCsv(EXPORTS[2]);
  const withIt = await detectTable(other, EXPORTS, KEY);
  assert.equal(withIt.exportId, EXPORTS[2]);
  const without = await detectTable(other, EXPORTS.filter((e) => e !== EXPORTS[2]), KEY);
  assert.equal(without.match, false);
  assert.ok(without.best!.log10CorrectedP > -3, JSON.stringify(without.best));
  const stranger = await markCsv(plainCsv, 'EXP-NOT-A-CANDIDATE');
  assert.equal((await detectTable(stranger, EXPORTS, KEY)).match, false);
});

test('a different key neither marks nor traces like this one', async () => {
  const res = await detectTable(await markedCsv(LEAKER), EXPORTS, 'another-key-of-at-least-16-bytes');
  assert.equal(res.match, false);
});

test('the null is honest: 300 unmarked fragments x 20 candidates give uniform p-values', async () => {
  const pvalues: number[] = [];
  for (let f = 0; f < 300; f++) {
    const frag = holderTable(50, 1000 + f).slice(1);
    const res = await detectTable(csvOf(frag), EXPORTS, KEY);
    assert.equal(res.match, false);
    for (const s of res.scores) pvalues.push(Math.pow(10, s.log10P));
  }
  const below05 = pvalues.filter((p) => p < 0.05).length / pvalues.length;
  const below001 = pvalues.filter((p) => p < 0.001).length / pvalues.length;
  // the binomial tail is discrete and conservative: at most the nominal rate, not far below
  assert.ok(below05 <= 0.06 && below05 > 0.02, `P(p<0.05) = ${below05}`);
  assert.ok(below001 <= 0.003, `P(p<0.001) = ${below001}`);
  assert.ok(Math.min(...pvalues) > 1e-6, `smallest p ${Math.min(...pvalues)}`);
});

test('GBK and UTF-8-BOM inputs are marked in their own encoding and delimiter', async () => {
  const small = csvOf(table.slice(0, 200), ';');
  const gbkIn = iconv.encode(small, 'gbk');
  const gbkOut = await markCsv(gbkIn, LEAKER);
  const text = iconv.decode(gbkOut, 'gbk');
  assert.ok(text.startsWith('客户姓名;证件号码;'), text.slice(0, 40));
  assert.notEqual(text, small);
  assertTraced(await detectTable(gbkOut, EXPORTS, KEY), 'gbk');
  const bomOut = await markCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(small)]), LEAKER);
  assert.deepEqual([...bomOut.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bomOut.subarray(3).toString('utf8'), text);
});

test('the row writer used by the export stream marks rows exactly like the file marker', async () => {
  const w = createCsvRowWriter({ key: KEY, exportId: LEAKER, encoding: 'utf8', newline: '\r\n' });
  const out = readAll(w);
  for (const row of table) w.write(row);
  w.end();
  assert.deepEqual(await out, await markedCsv(LEAKER));
});

test('opt-in LSB marks stay within one unit of the last place and add evidence', async () => {
  const small = csvOf(table.slice(0, 21));
  const lsb = rowsOf(await markCsv(small, LEAKER, { numericLsb: true }));
  let moved = 0;
  for (let r = 1; r < lsb.length; r++) {
    for (const c of [5, 6]) {
      const before = Number(table[r][c]);
      const after = Number(lsb[r][c].replace(/,/g, ''));
      assert.ok(Math.abs(after - before) <= 0.0100001, `${table[r][c]} -> ${lsb[r][c]}`);
      if (after !== before) moved++;
    }
  }
  assert.ok(moved > 5);
  const plain = await detectTable(csvOf(lsb), EXPORTS, KEY);
  const withLsb = await detectTable(csvOf(lsb), EXPORTS.map((e) => ({ exportId: e, numericLsb: e === LEAKER })), KEY);
  assert.equal(withLsb.exportId, LEAKER);
  assert.ok(withLsb.best!.carrierBits > plain.best!.carrierBits);
  assert.ok(withLsb.best!.log10P < plain.best!.log10P);
});

test('bad input gets a clear error', async () => {
  await assert.rejects(detectTable(plainCsv, EXPORTS, 'short'), (e: unknown) => e instanceof WatermarkError && /at least 16 bytes/.test(e.message));
  await assert.rejects(detectTable(plainCsv, [], KEY), /candidate list is empty/);
  await assert.rejects(detectTable(plainCsv, ['A', 'B', 'A'], KEY), /listed twice/);
  await assert.rejects(detectTable(Buffer.alloc(0), EXPORTS, KEY), /empty/);
  await assert.rejects(detectTable(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]), EXPORTS, KEY), /binary file/);
  await assert.rejects(markCsv(Buffer.alloc(0), LEAKER), /empty/);
  await assert.rejects(markCsv(Buffer.from([1, 2, 0, 4, 5]), LEAKER), /binary file/);
  assert.throws(() => createCsvMarker({ key: '', exportId: 'X' }), /FUNDGOV_WATERMARK_KEY/);
});
