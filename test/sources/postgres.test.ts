import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { harvestPostgres } from '../../sources/postgres.ts';
import { diffDatasets } from '../../sources/diff.ts';
import { HarvestCancelledError } from '../../sources/errors.ts';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(4).toString('hex');
const S = `fg_src_${suffix}`;
const OTHER = `fg_src_other_${suffix}`;
const ROLE = `fg_noread_${suffix}`;
const WEIRD = 'we"ird\\ 表';
const LONG = '客'.repeat(1000);
const q = pg.escapeIdentifier;
let client: pg.Client;

before(async () => {
  client = new pg.Client(URL);
  await client.connect();
  await client.query(`
    CREATE SCHEMA ${q(S)};
    CREATE SCHEMA ${q(OTHER)};
    CREATE TABLE ${q(OTHER)}.not_me (a int);
    CREATE TABLE ${q(S)}.ta_customer (
      cust_id bigserial PRIMARY KEY,
      khxm varchar(100) NOT NULL,
      zjhm varchar(18) UNIQUE,
      f_balance numeric(16,2) DEFAULT 0,
      open_date date,
      updated_at timestamp(3) with time zone DEFAULT now()
    );
    COMMENT ON TABLE ${q(S)}.ta_customer IS '客户信息表';
    COMMENT ON COLUMN ${q(S)}.ta_customer.khxm IS '客户姓名';
    CREATE TABLE ${q(S)}.${q(WEIRD)} (
      id int,
      cust_id bigint REFERENCES ${q(S)}.ta_customer(cust_id),
      ${q(LONG)} text,
      "a'b" char(3),
      PRIMARY KEY (id)
    );
    CREATE UNIQUE INDEX ON ${q(S)}.${q(WEIRD)} (cust_id, "a'b");
    CREATE VIEW ${q(S)}.v_customer AS SELECT cust_id, khxm AS name FROM ${q(S)}.ta_customer WHERE f_balance > 0;
    INSERT INTO ${q(S)}.ta_customer (khxm, zjhm, f_balance) SELECT '客户' || g, lpad(g::text, 18, '0'), g FROM generate_series(1, 500) g;
    INSERT INTO ${q(S)}.${q(WEIRD)} VALUES (1, 1, 'x', 'abc');
    ANALYZE ${q(S)}.ta_customer;
    CREATE ROLE ${q(ROLE)};
    GRANT USAGE ON SCHEMA ${q(S)} TO ${q(ROLE)};
    GRANT SELECT ON ${q(S)}.ta_customer TO ${q(ROLE)};
  `);
});

after(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${q(S)} CASCADE; DROP SCHEMA IF EXISTS ${q(OTHER)} CASCADE; DROP ROLE IF EXISTS ${q(ROLE)};`);
  await client.end();
});

test('harvests tables, views, columns, keys, comments and row estimates of the chosen schema only', async () => {
  const progress: Array<[number, number, string]> = [];
  const r = await harvestPostgres(client, { schemas: [S], onProgress: (d, t, c) => progress.push([d, t, c]) });
  assert.deepEqual(r.datasets.map((d) => d.name), ['ta_customer', 'v_customer', WEIRD]);
  assert.ok(r.datasets.every((d) => d.schema === S));
  const cust = r.datasets[0];
  assert.equal(cust.kind, 'table');
  assert.equal(cust.comment, '客户信息表');
  assert.equal(cust.rowEstimate, 500);
  assert.deepEqual(cust.primaryKey, ['cust_id']);
  assert.deepEqual(cust.uniques, [['zjhm']]);
  const khxm = cust.columns.find((c) => c.name === 'khxm')!;
  assert.deepEqual([khxm.dataType, khxm.baseType, khxm.length, khxm.nullable, khxm.comment], ['character varying(100)', 'CHARACTER VARYING', 100, false, '客户姓名']);
  const bal = cust.columns.find((c) => c.name === 'f_balance')!;
  assert.deepEqual([bal.precision, bal.scale, bal.defaultValue], [16, 2, '0']);
  const ts = cust.columns.find((c) => c.name === 'updated_at')!;
  assert.deepEqual([ts.dataType, ts.precision, ts.defaultValue], ['timestamp(3) with time zone', 3, 'now()']);
  assert.match(cust.columns[0].defaultValue ?? '', /^nextval\(/);
  assert.equal(cust.columns[0].primaryKey, true);

  const view = r.datasets[1];
  assert.equal(view.kind, 'view');
  assert.match(view.viewSql ?? '', /SELECT ta_customer\.cust_id,\s+ta_customer\.khxm AS name\s+FROM/);
  assert.deepEqual(view.columns.map((c) => c.name), ['cust_id', 'name']);
  assert.equal(view.rowEstimate, null);

  const weird = r.datasets[2];
  assert.deepEqual(weird.foreignKeys, [{ columns: ['cust_id'], refSchema: S, refTable: 'ta_customer', refColumns: ['cust_id'] }]);
  assert.equal(weird.columns.find((c) => c.name === 'cust_id')?.references, `${S}.ta_customer.cust_id`);
  assert.deepEqual(weird.uniques, [['cust_id', "a'b"]]);
  // PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1): 21 three-byte characters
  const long = weird.columns[2];
  assert.equal(long.name, '客'.repeat(21));
  assert.equal(Buffer.byteLength(long.name), 63);
  assert.deepEqual(r.samples.size, 0, 'sampleSize defaults to 0');
  assert.deepEqual(progress[progress.length - 1], [3, 3, '']);
  assert.equal(progress.length, 4);
});

test('samples are bounded, cast to text, keyed by schema.table, for tables only', async () => {
  const r = await harvestPostgres(client, { schemas: [S], sampleSize: 7 });
  assert.deepEqual([...r.samples.keys()].sort(), [`${S}.ta_customer`, `${S}.${WEIRD}`].sort());
  const cust = r.samples.get(`${S}.ta_customer`)!;
  assert.equal(cust.get('khxm')!.length, 7);
  assert.ok(cust.get('khxm')!.every((v) => v.startsWith('客户')));
  assert.equal(cust.get('open_date')!.length, 0, 'NULLs are not samples');
  assert.deepEqual(r.samples.get(`${S}.${WEIRD}`)!.get("a'b"), ['abc']);
  // TABLESAMPLE path for tables over the threshold
  const t = await harvestPostgres(client, { schemas: [S], sampleSize: 5, tablesampleAbove: 10 });
  assert.ok(t.samples.get(`${S}.ta_customer`)!.get('khxm')!.length <= 5);
  assert.deepEqual(t.problems, []);
});

test('a table the harvesting role may not read is reported, the rest is harvested', async () => {
  await client.query(`SET ROLE ${q(ROLE)}`);
  try {
    const r = await harvestPostgres(client, { schemas: [S], sampleSize: 3 });
    assert.equal(r.datasets.length, 3);
    assert.equal(r.samples.get(`${S}.ta_customer`)!.get('khxm')!.length, 3);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].file, `postgres:${S}.${WEIRD}`);
    assert.match(r.problems[0].message, /permission denied/);
  } finally {
    await client.query('RESET ROLE');
  }
});

test('cancel stops the harvest with HarvestCancelledError and leaves the connection usable', async () => {
  const ctl = new AbortController();
  await assert.rejects(
    harvestPostgres(client, { schemas: [S], sampleSize: 2, signal: ctl.signal, onProgress: (done) => done === 1 && ctl.abort() }),
    HarvestCancelledError,
  );
  const { rows } = await client.query('SELECT 1 AS one');
  assert.equal(rows[0].one, 1);
  const status = await client.query('SELECT now() = statement_timestamp() AS outside_tx');
  assert.equal(status.rows[0].outside_tx, true, 'the read-only transaction was rolled back');
});

test('re-harvest after changes: diff finds added, changed and dropped columns', async () => {
  const first = await harvestPostgres(client, { schemas: [S] });
  await client.query(`
    ALTER TABLE ${q(S)}.${q(WEIRD)} ADD COLUMN note text;
    ALTER TABLE ${q(S)}.${q(WEIRD)} DROP COLUMN "a'b";
    COMMENT ON COLUMN ${q(S)}.ta_customer.zjhm IS '证件号码';
  `);
  try {
    const second = await harvestPostgres(client, { schemas: [S] });
    const d = diffDatasets(first.datasets, second.datasets);
    assert.equal(d.added.length, 0);
    assert.equal(d.dropped.length, 0);
    const weird = d.changed.find((c) => c.name === WEIRD)!;
    assert.deepEqual(weird.addedColumns.map((c) => c.name), ['note']);
    assert.deepEqual(weird.droppedColumns.map((c) => c.name), ["a'b"]);
    const cust = d.changed.find((c) => c.name === 'ta_customer')!;
    assert.deepEqual(cust.changedColumns.map((c) => [c.column, c.changes.map((x) => x.attribute), c.meaningChange, c.typeChange]), [['zjhm', ['comment'], true, false]]);
  } finally {
    await client.query(`ALTER TABLE ${q(S)}.${q(WEIRD)} DROP COLUMN note; ALTER TABLE ${q(S)}.${q(WEIRD)} ADD COLUMN "a'b" char(3);`);
  }
});
