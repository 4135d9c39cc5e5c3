// readPostgresRows reads with COPY (SELECT …) TO STDOUT: values come back exactly as the
// text protocol wrote them, filter values travel only as bound parameters (through
// transaction-local settings), and an abandoned read closes its connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { readPostgresRows, buildCopySelect, type RowFilter } from '../../sources/rows.ts';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const S = `fg_rows_${randomBytes(4).toString('hex')}`;
const T = 'we"ird 表';
const q = pg.escapeIdentifier;
let db: pg.Client;

before(async () => {
  db = new pg.Client(URL);
  await db.connect();
  await db.query(`CREATE SCHEMA ${q(S)}`);
  await db.query(`CREATE TABLE ${q(S)}.${q(T)} (id int, name text, amount numeric(12,2), day date, code char(4), "o'dd" varchar(10))`);
  await db.query(`INSERT INTO ${q(S)}.${q(T)} VALUES
    (1, '张伟', 100.50, '2024-01-02', 'A1', 'x'),
    (2, E'tab\\there', 2000.00, '2024-02-03', 'B2', NULL),
    (3, E'line\\nbreak\\\\slash', NULL, NULL, NULL, 'y'),
    (4, 'x'' OR ''1''=''1', 5.00, '2024-03-04', 'C3', 'z'),
    (5, '北京%_', 7.25, '2024-04-05', 'D4', 'w'),
    (6, '\\N', 8.00, '2024-05-06', 'E5', 'v')`);
  await db.query(`CREATE TABLE ${q(S)}.big AS SELECT i AS id, md5(i::text) AS h FROM generate_series(1, 50000) i`);
});

after(async () => {
  await db.query(`DROP SCHEMA IF EXISTS ${q(S)} CASCADE`);
  await db.end();
});

async function read(columns: string[], filter: RowFilter[] = [], table = T): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const b of readPostgresRows({ url: URL, schema: S, table, columns, filter, batchSize: 2 })) rows.push(...b);
  return rows.sort((a, b) => Number(a[0]) - Number(b[0]));
}

test('values come back as PostgreSQL writes them; NULL is empty; escapes are undone', async () => {
  const rows = await read(['id', 'name', 'amount', 'day', 'code', "o'dd"]);
  assert.deepEqual(rows, [
    ['1', '张伟', '100.50', '2024-01-02', 'A1  ', 'x'],
    ['2', 'tab\there', '2000.00', '2024-02-03', 'B2  ', ''],
    ['3', 'line\nbreak\\slash', '', '', '', 'y'],
    ['4', "x' OR '1'='1", '5.00', '2024-03-04', 'C3  ', 'z'],
    ['5', '北京%_', '7.25', '2024-04-05', 'D4  ', 'w'],
    ['6', '\\N', '8.00', '2024-05-06', 'E5  ', 'v'],
  ]);
});

test('typed comparisons use the column type; in and prefix compare text', async () => {
  const ids = async (f: RowFilter[]) => (await read(['id'], f)).map((r) => r[0]);
  assert.deepEqual(await ids([{ column: 'amount', op: 'ge', value: '100' }]), ['1', '2']);
  assert.deepEqual(await ids([{ column: 'id', op: 'lt', value: '3' }]), ['1', '2']);
  assert.deepEqual(await ids([{ column: 'day', op: 'gt', value: '2024-03-01' }]), ['4', '5', '6']);
  assert.deepEqual(await ids([{ column: 'code', op: 'eq', value: 'A1' }]), ['1']);
  assert.deepEqual(await ids([{ column: "o'dd", op: 'ne', value: 'x' }]), ['3', '4', '5', '6']);
  assert.deepEqual(await ids([{ column: 'name', op: 'in', values: ['张伟', "x' OR '1'='1", 'nope'] }]), ['1', '4']);
  assert.deepEqual(await ids([{ column: 'name', op: 'prefix', value: '北京%' }]), ['5']);
  assert.deepEqual(await ids([{ column: 'name', op: 'prefix', value: '北京_' }]), []);
  assert.deepEqual(await ids([{ column: 'amount', op: 'is_null' }, { column: "o'dd", op: 'not_null' }]), ['3']);
});

test('hostile filter values stay inert: never spliced into the SQL text', async () => {
  const hostile = ["' OR '1'='1", `'); DROP TABLE ${S}.big; --`, "1) OR (1=1", '$1::text', 'a\\b', '\u202Eevil', "'::text); SELECT 1; --"];
  for (const v of hostile) {
    const built = buildCopySelect(S, T, ['id'], [{ column: 'name', op: 'eq', value: v }, { column: 'name', op: 'in', values: [v] }, { column: 'name', op: 'prefix', value: v }], new Map([['name', 'text']]));
    assert.ok(!built.text.includes(v), `the SQL text holds no filter value: ${built.text}`);
    assert.deepEqual(await read(['id'], [{ column: 'name', op: 'eq', value: v }]), []);
    assert.deepEqual(await read(['id'], [{ column: 'name', op: 'in', values: [v, 'also'] }]), []);
    assert.deepEqual(await read(['id'], [{ column: 'name', op: 'prefix', value: v }]), []);
  }
  assert.deepEqual((await read(['id'], [{ column: 'name', op: 'eq', value: "x' OR '1'='1" }, { column: 'id', op: 'eq', value: '4' }])).map((r) => r[0]), ['4'], 'a quote is just a character');
  // a hostile value on a typed column is a type error, not SQL
  await assert.rejects(read(['id'], [{ column: 'amount', op: 'gt', value: '1; DROP TABLE x' }]), /invalid input syntax for type numeric/);
  const n = await db.query(`SELECT count(*)::int AS n FROM ${q(S)}.big`);
  assert.equal(n.rows[0].n, 50000, 'nothing was dropped');
  // a filter column that is not in the table is refused before any row is read
  await assert.rejects(read(['id'], [{ column: 'nope', op: 'eq', value: '1' }]), /column nope is not in/);
});

test('an abandoned read closes its connection and leaves the server idle', async () => {
  const it = readPostgresRows({ url: URL, schema: S, table: 'big', columns: ['id', 'h'], batchSize: 100 });
  const first = await it.next();
  assert.equal(first.done, false);
  assert.equal((first.value as string[][])[0].length, 2);
  await it.return(undefined);
  for (let i = 0; i < 50; i++) {
    const r = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'fundgov-export' AND query LIKE $1`, [`%${S}%`]);
    if (r.rows[0].n === 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.fail('the export connection is still open');
});

test('a long read streams every row once', async () => {
  let n = 0;
  let sum = 0;
  for await (const b of readPostgresRows({ url: URL, schema: S, table: 'big', columns: ['id'] })) for (const r of b) { n++; sum += Number(r[0]); }
  assert.equal(n, 50000);
  assert.equal(sum, (50000 * 50001) / 2);
});
