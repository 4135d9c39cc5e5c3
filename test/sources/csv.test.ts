import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readCsvFile, readCsvFolder, sniffDelimiter, sniffHeader } from '../../sources/csv.ts';
import { SourceInputError } from '../../sources/errors.ts';

const fx = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

test('GBK exchange file: encoding, header, types, quoted multi-line field, samples bounded', async () => {
  const r = await readCsvFile(fx('ta_confirm_gbk.csv'), { sampleSize: 2 });
  assert.equal(r.dataset.file?.encoding, 'gb18030');
  assert.equal(r.dataset.file?.delimiter, ',');
  assert.equal(r.dataset.file?.hasHeader, true);
  assert.equal(r.dataset.kind, 'file');
  assert.equal(r.dataset.name, 'ta_confirm_gbk');
  assert.equal(r.rowCount, 4);
  assert.deepEqual(r.problems, []);
  const types = Object.fromEntries(r.dataset.columns.map((c) => [c.name, c.dataType]));
  assert.deepEqual(types, {
    申请单号: 'VARCHAR(6)', 客户姓名: 'VARCHAR(4)', 证件号码: 'VARCHAR(18)', 基金代码: 'VARCHAR(6)',
    确认金额: 'DECIMAL(9,4)', 确认日期: 'DATE', 确认时间: 'TIMESTAMP', 是否成功: 'BOOLEAN', 备注: 'VARCHAR(9)',
  });
  const memo = r.dataset.columns.find((c) => c.name === '备注')!;
  assert.equal(memo.nullable, true);
  for (const values of r.samples.values()) assert.ok(values.length <= 2);
  assert.ok(r.samples.get('客户姓名')!.every((v) => ['张三', '李四', '王小五', '欧阳娜娜'].includes(v)));
});

test('UTF-8 with BOM and semicolons; tab-separated without header', async () => {
  const a = await readCsvFile(fx('crm_utf8_bom.csv'));
  assert.equal(a.dataset.file?.encoding, 'utf-8-bom');
  assert.equal(a.dataset.file?.delimiter, ';');
  assert.equal(a.dataset.columns[0].name, 'cust_id', 'BOM is not part of the first name');
  assert.equal(a.dataset.columns.find((c) => c.name === 'open_date')?.dataType, 'DATE');
  assert.equal(a.dataset.columns.find((c) => c.name === 'mobile')?.nullable, true);
  const b = await readCsvFile(fx('nav_noheader.txt'));
  assert.equal(b.dataset.file?.delimiter, '\t');
  assert.equal(b.dataset.file?.hasHeader, false);
  assert.equal(b.rowCount, 3);
  assert.deepEqual(b.dataset.columns.map((c) => c.dataType), ['VARCHAR(6)', 'DATE', 'DECIMAL(5,4)', 'DECIMAL(5,4)'], 'codes with leading zeros stay text');
});

test('ragged rows are reported with their lines and kept out of inference', async () => {
  const r = await readCsvFile(fx('ragged.csv'));
  assert.deepEqual(r.problems.map((p) => [p.line, p.kind]), [[3, 'ragged-row'], [5, 'ragged-row']]);
  assert.match(r.problems[0].message, /2 fields, the header has 3/);
  assert.equal(r.rowCount, 5);
  assert.deepEqual(r.samples.get('a')!.sort(), ['1', '13', '6']);
});

test('mostly ragged text is refused as not CSV; binary is refused; empty is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fundgov-csv-'));
  try {
    const prose = join(dir, 'prose.csv');
    const w = createWriteStream(prose);
    w.end('Dear team, please find attached.\nThe numbers, as promised, are below\nRegards\nAlice, Bob, and Carol, who say hi\nOk\n');
    await once(w, 'close');
    await assert.rejects(readCsvFile(prose), (e: unknown) => e instanceof SourceInputError && /does not look like/.test(e.message));
    await assert.rejects(readCsvFile(fx('not_csv.csv')), (e: unknown) => e instanceof SourceInputError && /not a CSV/.test(e.message));
    const empty = join(dir, 'empty.csv');
    const w2 = createWriteStream(empty);
    w2.end('');
    await once(w2, 'close');
    await assert.rejects(readCsvFile(empty), /empty/);
    await assert.rejects(readCsvFile(join(dir, 'nope.csv')), /cannot read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a GBK file with a UTF-8 line: the line is reported and its values are not sampled', async () => {
  const r = await readCsvFile(fx('mixed_encoding.csv'));
  assert.equal(r.dataset.file?.encoding, 'gb18030');
  assert.ok(r.problems.some((p) => p.kind === 'encoding' && p.line === 3));
  assert.ok(r.problems.some((p) => p.kind === 'encoding' && /mixes encodings/.test(p.message)));
  assert.deepEqual(r.samples.get('客户姓名')!.sort(), ['张三', '王五'].sort());
});

test('a UTF-8 file with GBK bytes in it is reported', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fundgov-csv-'));
  try {
    const p = join(dir, 'u.csv');
    const w = createWriteStream(p);
    // the GBK line comes after the bytes used to detect the encoding
    w.write('name,city\n' + '张三,北京\n'.repeat(20000));
    w.write(Buffer.from([0xc0, 0xee, 0xcb, 0xc4, 0x2c, 0xc9, 0xcf, 0xba, 0xa3, 0x0a])); // 李四,上海 in GBK
    w.end('王五,深圳\n');
    await once(w, 'close');
    const r = await readCsvFile(p);
    assert.equal(r.dataset.file?.encoding, 'utf-8');
    assert.deepEqual(r.problems.filter((x) => x.line > 0).map((x) => [x.line, x.kind]), [[20002, 'encoding']]);
    assert.ok(!r.samples.get('name')!.some((v) => v.includes('\uFFFD')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('hostile header names are kept exactly; duplicate and empty headers are renamed and reported', async () => {
  const r = await readCsvFile(fx('hostile_headers.csv'));
  assert.deepEqual(r.dataset.columns.map((c) => c.name), ['we"ird', 'back\\slash', '客户 名称', 'x'.repeat(1000)]);
  assert.equal(sniffHeader([['a', 'a'], ['1', '2']]), false);
  assert.equal(sniffDelimiter('a|b|c\n1|2|3\n4|5|6\n'), '|');
});

test('readCsvFolder reads *.csv and *.txt and reports unreadable files without stopping', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fundgov-csvdir-'));
  try {
    for (const f of ['ta_confirm_gbk.csv', 'nav_noheader.txt', 'not_csv.csv', 'oracle_hundsun_ta.sql']) await copyFile(fx(f), join(dir, f));
    const r = await readCsvFolder(dir);
    assert.deepEqual(r.files.map((f) => f.dataset.name), ['nav_noheader', 'ta_confirm_gbk']);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].file, /not_csv\.csv$/);
    assert.equal(r.problems[0].line, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a ~50 MB file is streamed: memory stays bounded, every row is counted, samples stay at sampleSize', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fundgov-big-'));
  try {
    const p = join(dir, 'big.csv');
    const w = createWriteStream(p);
    w.write('id,name,amount,biz_date,memo\n');
    let rows = 0;
    let bytes = 0;
    const line = (i: number): string => `${i},客户${i % 997},${(i % 100000) / 100},2024-01-${String((i % 28) + 1).padStart(2, '0')},"备注 ${'x'.repeat(60)}, 含逗号"\n`;
    while (bytes < 50 * 1024 * 1024) {
      const chunk: string[] = [];
      for (let k = 0; k < 5000; k++) chunk.push(line(++rows));
      const s = chunk.join('');
      bytes += Buffer.byteLength(s);
      if (!w.write(s)) await once(w, 'drain');
    }
    w.end();
    await once(w, 'close');
    assert.ok((await stat(p)).size >= 50 * 1024 * 1024);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const r = await readCsvFile(p, { sampleSize: 50 });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.equal(r.rowCount, rows);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.dataset.columns.map((c) => c.dataType), ['INTEGER', 'VARCHAR(5)', 'DECIMAL(5,2)', 'DATE', `VARCHAR(${3 + 60 + 5})`]);
    for (const v of r.samples.values()) assert.equal(v.length, 50);
    assert.ok(peak - before < 200 * 1024 * 1024, `rss grew by ${Math.round((peak - before) / 1048576)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
