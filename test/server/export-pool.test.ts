// The export worker pool gives the same bytes as the request thread: every block of COPY text
// parsed, masked, watermarked and encoded in some worker, written back in order. Checked on a
// real PostgreSQL table with the values that break naive CSV and COPY handling, in both
// encodings, with small blocks so that hundreds of them race through the workers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { readPostgresCopyBlocks, readPostgresRows } from '../../sources/rows.ts';
import { runExportPipeline, ExportStreamError, type ExportSource } from '../../server/export-pipeline.ts';
import { startExportPool, type ExportPool } from '../../server/export-pool.ts';
import type { ExportColumn } from '../../server/export-csv.ts';
import { detectTable } from '../../watermark/index.ts';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const S = `fg_pool_${randomBytes(4).toString('hex')}`;
const q = pg.escapeIdentifier;
const KEY = 'export-pool-test-key-0123456789';
const COLUMNS = ['id', 'cust_name', 'id_no', 'mobile', 'email', 'note', 'amount', 'trade_date', 'branch'];
const EXPORT_COLUMNS: ExportColumn[] = COLUMNS.map((c) => ({
  header: c, mask: ['cust_name', 'id_no', 'mobile', 'email'].includes(c) ? 'auto' : null,
}));
const ROWS = 6000;
let db: pg.Client;
let pool: ExportPool;

before(async () => {
  db = new pg.Client(URL);
  await db.connect();
  await db.query(`CREATE SCHEMA ${q(S)}`);
  // awkward notes: tabs, newlines, backslashes, quotes, commas, \N as text, BOM, edge spaces, emoji, NULL
  await db.query(`CREATE TABLE ${q(S)}.holders AS
    SELECT i AS id, (ARRAY['张伟','王芳','欧阳娜娜','李 娜'])[1 + i % 4] AS cust_name,
      '110105' || (19700101 + i % 9000)::text || lpad((i % 1000)::text, 4, '0') AS id_no,
      '138' || lpad((i * 7919 % 100000000)::text, 8, '0') AS mobile, 'user' || i || '@example.com' AS email,
      CASE i % 9 WHEN 0 THEN E'tab\\there' WHEN 1 THEN E'line\\nbreak' WHEN 2 THEN E'back\\\\slash' WHEN 3 THEN 'say "hi", ok'
        WHEN 4 THEN '\\N' WHEN 5 THEN E'\\uFEFF开头' WHEN 6 THEN ' 前后空格 ' WHEN 7 THEN '基金（A类）' || i ELSE NULL END AS note,
      round((i * 37 % 500000)::numeric / 100, 2) AS amount, date '2020-01-01' + (i % 1500) AS trade_date, '北京分公司' AS branch
    FROM generate_series(1, ${ROWS}) i ORDER BY i`);
  // fails after megabytes have flowed, as a real source does mid-export, not within the first network read
  await db.query(`CREATE VIEW ${q(S)}.failing AS SELECT i AS id, 100 / (200000 - i) AS ratio FROM generate_series(1, 300000) i`);
  pool = await startExportPool(2);
});

after(async () => {
  await pool?.close();
  await db.query(`DROP SCHEMA IF EXISTS ${q(S)} CASCADE`);
  await db.end();
});

function sink() {
  const chunks: Buffer[] = [];
  return { out: new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } }), bytes: () => Buffer.concat(chunks) };
}

async function run(source: ExportSource, encoding: 'utf8-bom' | 'gbk', withPool: boolean, exportId = 'exp-pool-1', columns = EXPORT_COLUMNS) {
  const s = sink();
  const result = await runExportPipeline({ source, columns, format: 'csv', encoding, watermarkKey: KEY, exportId, out: s.out, pool: withPool ? pool : null });
  return { ...result, file: s.bytes() };
}
const blocks = (table = 'holders', columns = COLUMNS, minBlockBytes = 4096) =>
  ({ copyBlocks: readPostgresCopyBlocks({ url: URL, schema: S, table, columns, minBlockBytes }), width: columns.length });

for (const encoding of ['utf8-bom', 'gbk'] as const) {
  test(`${encoding}: the pool writes the same bytes as the request thread, in order`, async () => {
    const inThread = await run({ rows: readPostgresRows({ url: URL, schema: S, table: 'holders', columns: COLUMNS }) }, encoding, false);
    const pooled = await run(blocks(), encoding, true);
    assert.equal(pooled.rowCount, ROWS);
    assert.equal(inThread.rowCount, ROWS);
    assert.equal(pooled.fileHash, inThread.fileHash);
    assert.ok(pooled.file.equals(inThread.file), 'byte for byte');
    assert.equal(pooled.bytes, pooled.file.length);
    // masked, not clear; the awkward values survived quoting
    const text = encoding === 'gbk' ? new TextDecoder('gb18030').decode(pooled.file) : pooled.file.toString('utf8');
    assert.doesNotMatch(text, /user\d+@example\.com/);
    assert.doesNotMatch(text, /11010519\d{10}/);
    assert.match(text, /"say ""hi"", ok"/);
    assert.match(text, /"line\nbreak"/);
  });
}

test('a pooled export traces back to its export id, and not to another', async () => {
  const pooled = await run(blocks(), 'utf8-bom', true, 'exp-pool-trace');
  // a fragment: 50 rows from the middle, in reverse order
  const lines = pooled.file.toString('utf8').split('\n');
  const fragment = [lines[0], ...lines.slice(2001, 2051).reverse()].join('\n');
  const res = await detectTable(fragment, ['exp-pool-trace', 'exp-pool-other'], KEY);
  assert.equal(res.match, true);
  assert.equal(res.exportId, 'exp-pool-trace');
});

test('two exports share the pool at once without mixing their rows or marks', async () => {
  const [a, b] = await Promise.all([run(blocks(), 'utf8-bom', true, 'exp-a'), run(blocks(), 'utf8-bom', true, 'exp-b')]);
  const a1 = await run({ rows: readPostgresRows({ url: URL, schema: S, table: 'holders', columns: COLUMNS }) }, 'utf8-bom', false, 'exp-a');
  const b1 = await run({ rows: readPostgresRows({ url: URL, schema: S, table: 'holders', columns: COLUMNS }) }, 'utf8-bom', false, 'exp-b');
  assert.equal(a.fileHash, a1.fileHash);
  assert.equal(b.fileHash, b1.fileHash);
  assert.notEqual(a.fileHash, b.fileHash, 'each export carries its own mark');
});

test('a source failing mid-stream: the rows read so far are written, then the failure', async () => {
  const columns: ExportColumn[] = [{ header: 'id', mask: null }, { header: 'ratio', mask: null }];
  const s = sink();
  const err = await runExportPipeline({
    source: blocks('failing', ['id', 'ratio'], 64 * 1024), columns, format: 'csv', encoding: 'utf8-bom', watermarkKey: KEY, exportId: 'exp-fail', out: s.out, pool,
  }).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof ExportStreamError, String(err));
  assert.match(String((err.cause as Error)?.message), /division by zero/);
  assert.ok(err.rowCount > 0 && err.rowCount < 200000, `partial row count ${err.rowCount}`);
  const written = s.bytes().toString('utf8').split('\n').filter(Boolean).length - 1;
  assert.equal(written, err.rowCount, 'the count is what was written');
});

test('a block the workers cannot read fails the export with the reason, and the pool goes on', async () => {
  async function* bad() { yield Buffer.from('1\t2\n3\t4'); yield Buffer.from('5\t6\t7'); }
  const columns: ExportColumn[] = [{ header: 'a', mask: null }, { header: 'b', mask: null }];
  const err = await runExportPipeline({ source: { copyBlocks: bad(), width: 2 }, columns, format: 'csv', encoding: 'utf8-bom', watermarkKey: KEY, exportId: 'exp-bad', out: sink().out, pool })
    .then(() => null, (e: unknown) => e);
  assert.ok(err instanceof ExportStreamError);
  assert.match(err.message, /row of 3 fields, expected 2/);
  assert.equal(err.rowCount, 2, 'the first block was written');
  const again = await run(blocks(), 'utf8-bom', true);
  assert.equal(again.rowCount, ROWS);
});
