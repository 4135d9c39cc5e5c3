import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractLineage, LineageInputError } from '../../lineage/parse/index.ts';
import type { CatalogResolver, ColumnEdge, SqlDialect } from '../../lineage/parse/index.ts';

const show = (c: { schema: string | null; table: string; column: string }) => `${c.schema ?? '?'}.${c.table}.${c.column}`;
const fmt = (e: ColumnEdge) => `${show(e.from)} > ${show(e.to)} ${e.transform}`;
const set = (edges: ColumnEdge[]) => [...new Set(edges.map(fmt))].sort();

/** A small in-memory catalogue: 'schema.table' → columns. */
function catalog(tables: Record<string, string[]>): CatalogResolver {
  return {
    columnsOf(schema, table) {
      return tables[`${schema}.${table}`] ?? null;
    },
  };
}

interface Case { name: string; dialects: SqlDialect[]; sql: string; edges: string[]; catalog?: Record<string, string[]>; problems?: RegExp[]; mask?: string[] }

// Unqualified tables land in schema "s" (the search path / current database given to every case).
const CASES: Case[] = [
  {
    name: 'INSERT … SELECT with join, where, group by, aggregate', dialects: ['postgres', 'mysql'],
    sql: `INSERT INTO dw.fact (fund, total) SELECT f.code, SUM(h.shares) FROM ods.fund f JOIN ods.hold h ON h.fund_id = f.id WHERE h.status = 'A' GROUP BY f.code`,
    edges: [
      'ods.fund.code > dw.fact.fund copy', 'ods.fund.code > dw.fact.fund filter', 'ods.fund.code > dw.fact.total filter',
      'ods.hold.shares > dw.fact.total aggregate',
      ...['ods.hold.fund_id', 'ods.fund.id', 'ods.hold.status'].flatMap((c) => [`${c} > dw.fact.fund filter`, `${c} > dw.fact.total filter`]),
    ],
  },
  {
    name: 'CREATE TABLE … AS with arithmetic and a lossless cast', dialects: ['mysql'],
    sql: `CREATE TABLE rpt.nav AS SELECT fund_id, nav * shares AS mv, CAST(name AS CHAR) AS name_txt FROM ods.valuation`,
    edges: ['ods.valuation.fund_id > rpt.nav.fund_id copy', 'ods.valuation.nav > rpt.nav.mv derive', 'ods.valuation.shares > rpt.nav.mv derive', 'ods.valuation.name > rpt.nav.name_txt copy'],
  },
  {
    // PostgreSQL's CHAR is char(1) and truncates; MySQL's CAST(x AS CHAR) is an unbounded string.
    name: 'CAST AS CHAR differs by dialect', dialects: ['postgres'],
    sql: `CREATE TABLE rpt.nav AS SELECT CAST(name AS CHAR) AS name_txt FROM ods.valuation`,
    edges: ['ods.valuation.name > rpt.nav.name_txt derive'],
  },
  {
    name: 'casts: ::text is copy, varchar(3) and numeric(10,2) derive', dialects: ['postgres'],
    sql: `CREATE TABLE t2 AS SELECT a::text AS a, b::varchar(3) AS b, cast(c AS numeric(10,2)) AS c, d::numeric AS d FROM t1`,
    edges: ['s.t1.a > s.t2.a copy', 's.t1.b > s.t2.b derive', 's.t1.c > s.t2.c derive', 's.t1.d > s.t2.d copy'],
  },
  {
    name: 'CREATE OR REPLACE VIEW with a column list', dialects: ['postgres', 'mysql'],
    sql: `CREATE OR REPLACE VIEW rpt.v (client, phone_hash) AS SELECT c.name, md5(c.phone) FROM ods.client c`,
    edges: ['ods.client.name > rpt.v.client copy', 'ods.client.phone > rpt.v.phone_hash mask'],
  },
  {
    name: 'CREATE MATERIALIZED VIEW', dialects: ['postgres'],
    sql: `CREATE MATERIALIZED VIEW mv AS SELECT fund_id, count(*) AS n, avg(amount) AS avg_amt FROM trades GROUP BY fund_id`,
    edges: ['s.trades.fund_id > s.mv.fund_id copy', 's.trades.fund_id > s.mv.fund_id filter', 's.trades.fund_id > s.mv.n filter', 's.trades.fund_id > s.mv.avg_amt filter', 's.trades.amount > s.mv.avg_amt aggregate'],
  },
  {
    name: 'MERGE with matched update, condition and not-matched insert', dialects: ['postgres'],
    sql: `MERGE INTO dw.acct t USING ods.acct s ON t.id = s.id
          WHEN MATCHED AND s.deleted = false THEN UPDATE SET balance = s.balance
          WHEN NOT MATCHED THEN INSERT (id, balance) VALUES (s.id, s.balance)`,
    edges: [
      'ods.acct.balance > dw.acct.balance copy', 'ods.acct.deleted > dw.acct.balance filter', 'dw.acct.id > dw.acct.balance filter', 'ods.acct.id > dw.acct.balance filter',
      'ods.acct.id > dw.acct.id copy', 'dw.acct.id > dw.acct.id filter', 'ods.acct.id > dw.acct.id filter',
    ],
  },
  {
    name: 'UPDATE … FROM (postgres)', dialects: ['postgres'],
    sql: `UPDATE dw.acct a SET balance = a.balance + p.amount FROM ods.pay p WHERE p.acct_id = a.id`,
    edges: ['dw.acct.balance > dw.acct.balance derive', 'ods.pay.amount > dw.acct.balance derive', 'ods.pay.acct_id > dw.acct.balance filter', 'dw.acct.id > dw.acct.balance filter'],
  },
  {
    name: 'UPDATE … JOIN (mysql)', dialects: ['mysql'],
    sql: `UPDATE dw.acct a JOIN ods.pay p ON p.acct_id = a.id SET a.balance = a.balance + p.amount WHERE p.ok = 1`,
    edges: ['dw.acct.balance > dw.acct.balance derive', 'ods.pay.amount > dw.acct.balance derive', 'ods.pay.acct_id > dw.acct.balance filter', 'dw.acct.id > dw.acct.balance filter', 'ods.pay.ok > dw.acct.balance filter'],
  },
  {
    name: 'CTE chain', dialects: ['postgres', 'mysql'],
    sql: `INSERT INTO dw.t (c, amt) WITH a AS (SELECT cust, amount FROM ods.trade WHERE amount > 0), b AS (SELECT cust, SUM(amount) AS amt FROM a GROUP BY cust) SELECT cust, amt FROM b`,
    edges: [
      'ods.trade.cust > dw.t.c copy', 'ods.trade.amount > dw.t.amt aggregate',
      'ods.trade.amount > dw.t.c filter', 'ods.trade.amount > dw.t.amt filter', 'ods.trade.cust > dw.t.c filter', 'ods.trade.cust > dw.t.amt filter',
    ],
  },
  {
    name: 'recursive CTE reaches a fixpoint', dialects: ['postgres', 'mysql'],
    sql: `CREATE TABLE dw.org_path AS WITH RECURSIVE r (id, path) AS (SELECT id, name FROM ods.org WHERE parent_id IS NULL UNION ALL SELECT o.id, CONCAT(r.path, '/', o.name) FROM ods.org o JOIN r ON o.parent_id = r.id) SELECT id, path FROM r`,
    edges: [
      'ods.org.id > dw.org_path.id copy', 'ods.org.name > dw.org_path.path copy', 'ods.org.name > dw.org_path.path derive',
      'ods.org.parent_id > dw.org_path.id filter', 'ods.org.parent_id > dw.org_path.path filter', 'ods.org.id > dw.org_path.id filter', 'ods.org.id > dw.org_path.path filter',
    ],
  },
  {
    name: 'subquery in FROM carries its filter', dialects: ['postgres', 'mysql'],
    sql: `INSERT INTO dw.big (cid) SELECT x.cid FROM (SELECT client_id AS cid FROM ods.trade WHERE amount > 1000000) x`,
    edges: ['ods.trade.client_id > dw.big.cid copy', 'ods.trade.amount > dw.big.cid filter'],
  },
  {
    name: 'UNION ALL is positional', dialects: ['postgres', 'mysql'],
    sql: `INSERT INTO dw.contact (who, tel) SELECT name, mobile FROM ods.person UNION ALL SELECT org_name, phone FROM ods.org`,
    edges: ['ods.person.name > dw.contact.who copy', 'ods.org.org_name > dw.contact.who copy', 'ods.person.mobile > dw.contact.tel copy', 'ods.org.phone > dw.contact.tel copy'],
  },
  {
    name: 'CASE: conditions derive, branches copy or derive', dialects: ['postgres', 'mysql'],
    sql: `CREATE TABLE dw.c AS SELECT CASE WHEN risk_level > 3 THEN amount ELSE amount * 0 END AS amt FROM ods.t`,
    edges: ['ods.t.risk_level > dw.c.amt derive', 'ods.t.amount > dw.c.amt copy', 'ods.t.amount > dw.c.amt derive'],
  },
  {
    name: 'window functions: aggregate over partitions, ranking by order', dialects: ['postgres', 'mysql'],
    sql: `CREATE TABLE dw.w AS SELECT SUM(amount) OVER (PARTITION BY fund_id ORDER BY trade_date) AS running, ROW_NUMBER() OVER (PARTITION BY fund_id ORDER BY amount DESC) AS rn FROM ods.trade`,
    edges: [
      'ods.trade.amount > dw.w.running aggregate', 'ods.trade.fund_id > dw.w.running filter', 'ods.trade.trade_date > dw.w.running derive',
      'ods.trade.fund_id > dw.w.rn filter', 'ods.trade.amount > dw.w.rn derive',
    ],
  },
  {
    name: 'HAVING and an IN subquery are filters', dialects: ['postgres', 'mysql'],
    sql: `INSERT INTO dw.h (f, n) SELECT fund_id, COUNT(*) FROM ods.trade WHERE client_id IN (SELECT id FROM ods.vip WHERE level = 'gold') GROUP BY fund_id HAVING SUM(amount) > 10`,
    edges: [
      'ods.trade.fund_id > dw.h.f copy', ...['ods.trade.client_id', 'ods.vip.id', 'ods.vip.level', 'ods.trade.fund_id', 'ods.trade.amount'].flatMap((c) => [`${c} > dw.h.f filter`, `${c} > dw.h.n filter`]),
    ],
  },
  {
    name: 'masking patterns and steward functions', dialects: ['postgres', 'mysql'], mask: ['sec.mask_name'],
    sql: `CREATE TABLE dw.m AS SELECT CONCAT(LEFT(id_no, 6), '********', RIGHT(id_no, 4)) AS id_mask, CONCAT(name, '***') AS not_mask, sha2(phone, 256) AS ph, sec.mask_name(name) AS nm, regexp_replace(card, '[0-9]', '*') AS card_m, SUBSTR(id_no, 7, 8) AS birth FROM ods.client`,
    edges: [
      'ods.client.id_no > dw.m.id_mask mask', 'ods.client.name > dw.m.not_mask derive', 'ods.client.phone > dw.m.ph mask', 'ods.client.name > dw.m.nm mask',
      'ods.client.card > dw.m.card_m mask', 'ods.client.id_no > dw.m.birth derive',
    ],
  },
  {
    name: 'overlay masking and || concatenation (postgres)', dialects: ['postgres'],
    sql: `CREATE TABLE dw.m2 AS SELECT overlay(mobile placing '****' from 4 for 4) AS m1, left(mobile, 3) || '****' || right(mobile, 4) AS m2, encode(digest(id_no, 'sha256'), 'hex') AS h FROM ods.client`,
    edges: ['ods.client.mobile > dw.m2.m1 mask', 'ods.client.mobile > dw.m2.m2 mask', 'ods.client.id_no > dw.m2.h mask'],
  },
  {
    name: 'SELECT * expanded from the catalogue', dialects: ['postgres', 'mysql'], catalog: { 'ods.fund': ['code', 'name'], 'dw.fund_copy': ['code', 'name'] },
    sql: `INSERT INTO dw.fund_copy SELECT * FROM ods.fund`,
    edges: ['ods.fund.code > dw.fund_copy.code copy', 'ods.fund.name > dw.fund_copy.name copy'],
  },
  {
    name: 'SELECT * without a catalogue is a problem, not a guess', dialects: ['postgres', 'mysql'],
    sql: `CREATE TABLE dw.x AS SELECT * FROM ods.fund`, edges: [], problems: [/cannot be expanded/],
  },
  {
    name: 'unqualified column of two tables without catalogue is ambiguous', dialects: ['postgres', 'mysql'],
    sql: `INSERT INTO dw.y (n) SELECT name FROM ods.a JOIN ods.b ON a.id = b.id`,
    edges: ['ods.a.id > dw.y.n filter', 'ods.b.id > dw.y.n filter'], problems: [/name is ambiguous/],
  },
  {
    name: 'unqualified column resolved by the catalogue across joined tables', dialects: ['postgres', 'mysql'], catalog: { 'ods.a': ['id', 'name'], 'ods.b': ['id', 'score'] },
    sql: `INSERT INTO dw.y (n, s) SELECT name, score FROM ods.a JOIN ods.b ON a.id = b.id`,
    edges: ['ods.a.name > dw.y.n copy', 'ods.b.score > dw.y.s copy', 'ods.a.id > dw.y.n filter', 'ods.b.id > dw.y.n filter', 'ods.a.id > dw.y.s filter', 'ods.b.id > dw.y.s filter'],
  },
  {
    name: 'search path resolves unqualified tables through the catalogue', dialects: ['postgres'], catalog: { 'ods.client': ['id', 'name'] },
    sql: `SET search_path TO dw, ods; INSERT INTO dw.z (id) SELECT id FROM client`,
    edges: ['ods.client.id > dw.z.id copy'],
  },
  {
    name: 'USE changes the current database (mysql)', dialects: ['mysql'],
    sql: `USE ta; INSERT INTO dw.z (id) SELECT id FROM client`,
    edges: ['ta.client.id > dw.z.id copy'],
  },
  {
    name: 'scalar correlated subquery in the select list', dialects: ['postgres', 'mysql'],
    sql: `CREATE TABLE dw.s AS SELECT c.id, (SELECT MAX(t.amount) FROM ods.trade t WHERE t.client_id = c.id) AS max_amt FROM ods.client c`,
    edges: ['ods.client.id > dw.s.id copy', 'ods.trade.amount > dw.s.max_amt aggregate', 'ods.trade.client_id > dw.s.max_amt filter', 'ods.client.id > dw.s.max_amt filter'],
  },
  {
    name: 'INSERT without column list and no catalogue is a problem', dialects: ['postgres', 'mysql'],
    sql: `INSERT INTO dw.t SELECT a FROM ods.x`, edges: [], problems: [/no column list/],
  },
  {
    name: 'ON CONFLICT DO UPDATE uses EXCLUDED', dialects: ['postgres'],
    sql: `INSERT INTO dw.pos (id, qty) SELECT id, qty FROM ods.pos ON CONFLICT (id) DO UPDATE SET qty = dw.pos.qty + EXCLUDED.qty`,
    edges: ['ods.pos.id > dw.pos.id copy', 'ods.pos.qty > dw.pos.qty copy', 'ods.pos.qty > dw.pos.qty derive', 'dw.pos.qty > dw.pos.qty derive'],
  },
];

for (const c of CASES) {
  for (const dialect of c.dialects) {
    test(`${dialect}: ${c.name}`, async () => {
      const r = await extractLineage(c.sql, { dialect, searchPath: ['s'], catalog: c.catalog ? catalog(c.catalog) : undefined, maskFunctions: c.mask });
      const unexpected = c.problems ? r.problems.filter((p) => !c.problems!.some((re) => re.test(p.message))) : r.problems;
      assert.deepEqual(unexpected, [], 'no other problems');
      for (const re of c.problems ?? []) assert.ok(r.problems.some((p) => re.test(p.message)), `a problem matching ${re}`);
      assert.deepEqual(set(r.edges), [...new Set(c.edges)].sort());
    });
  }
}

test('edges carry statement index, line, text and the masking function', async () => {
  const sql = `-- 基金净值报表 (Chinese comment before)\nSET search_path TO rpt;\n\nCREATE TABLE n AS\n  SELECT md5(id_no) AS h FROM ods.c;`;
  const r = await extractLineage(sql, { dialect: 'postgres' });
  assert.equal(r.statements, 2);
  assert.equal(r.edges.length, 1);
  const e = r.edges[0];
  assert.equal(e.statementIndex, 1);
  assert.equal(e.line, 4);
  assert.equal(e.sql, 'CREATE TABLE n AS\n  SELECT md5(id_no) AS h FROM ods.c');
  assert.deepEqual(e.to, { schema: 'rpt', table: 'n', column: 'h' });
  assert.deepEqual(e.via, ['md5']);
});

test('one statement may give copy and filter between the same columns, exact duplicates are dropped', async () => {
  const r = await extractLineage(`INSERT INTO d.t (a) SELECT a FROM s.x WHERE a > 0 AND a < 9`, { dialect: 'postgres' });
  assert.deepEqual(r.edges.map((e) => e.transform).sort(), ['copy', 'filter']);
});

for (const dialect of ['postgres', 'mysql'] as const) {
  test(`${dialect}: a statement that does not parse is reported with its line and the rest is kept`, async () => {
    const sql = [
      'INSERT INTO d.t (a) SELECT a FROM s.x;',
      '',
      "-- 'quoted; semicolon' in a comment",
      'INSERT INTO d.t (a) SELECT FROM WHERE;',
      "INSERT INTO d.u (b) SELECT b FROM s.y WHERE note = 'a;b';",
    ].join('\n');
    const r = await extractLineage(sql, { dialect, file: 'etl.sql' });
    assert.equal(r.statements, 3);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].file, 'etl.sql');
    assert.equal(r.problems[0].line, 4);
    assert.match(r.problems[0].message, /does not parse/);
    assert.deepEqual(set(r.edges), ['d.x.a > d.t.a copy', 'd.y.b > d.u.b copy', 'd.y.note > d.u.b filter'].map((s) => s.replace('d.x', 's.x').replace(/d\.y/g, 's.y')).sort());
  });
}

test('postgres: an unterminated quote keeps the statements before it', async () => {
  const sql = "INSERT INTO d.t (a) SELECT a FROM s.x;\nINSERT INTO d.t (a) SELECT 'oops FROM s.y;\n";
  const r = await extractLineage(sql, { dialect: 'postgres' });
  assert.deepEqual(set(r.edges), ['s.x.a > d.t.a copy']);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].line, 2);
});

test('mysql: CREATE VIEW with UNION is a known node-sql-parser gap, reported not dropped', async () => {
  const r = await extractLineage('CREATE VIEW v AS SELECT a FROM t UNION ALL SELECT b FROM u', { dialect: 'mysql' });
  assert.equal(r.edges.length, 0);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].line, 1);
});

test('bad options are a LineageInputError', async () => {
  await assert.rejects(extractLineage('select 1', { dialect: 'oracle' as never }), LineageInputError);
});
