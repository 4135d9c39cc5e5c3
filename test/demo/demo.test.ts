import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { buildDemoEstate, DemoError, type DemoEstate, type DemoReconciliation } from '../../demo/index.ts';
import { generateDemoData } from '../../demo/model.ts';
import { REGIONS, BANKS } from '../../demo/identifiers.ts';
import { ALL_TABLES } from '../../demo/tables.ts';
import { isValidGb11643, isValidGb32100, isValidLuhn } from '../../classifiers/checksums.ts';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `fundgov_demo_test_${randomBytes(4).toString('hex')}`;
const dbUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
const SEED = 11;
let admin: pg.Client;
let client: pg.Client;
let dir: string;
let estate: DemoEstate;

before(async () => {
  admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  dir = await mkdtemp(join(tmpdir(), 'fundgov-demo-'));
  estate = await buildDemoEstate({ pgUrl: dbUrl, dir, seed: SEED });
  client = new pg.Client(dbUrl);
  await client.connect();
});

after(async () => {
  await client?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function rowsOf<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query<T>(sql, params)).rows;
}

/** Groups whose sums differ by more than the tolerance (full outer join: a missing side counts as 0). */
async function reconciliationBreaks(c: DemoReconciliation): Promise<{ k: string[]; lv: string; rv: string; diff: string }[]> {
  const id = (s: string) => pg.Client.prototype.escapeIdentifier(s);
  const side = (s: DemoReconciliation['left'], cols: string[]) =>
    `SELECT ${cols.map((col, i) => `${id(col)}::text AS k${i}`).join(', ')}, ${s.agg}(${id(s.column)}) AS v FROM ${id(s.schema)}.${id(s.table)} GROUP BY ${cols.map((_, i) => i + 1).join(', ')}`;
  const keys = c.groupBy.map((_, i) => `k${i}`);
  const sql = `WITH l AS (${side(c.left, c.groupBy.map((g) => g[0]))}), r AS (${side(c.right, c.groupBy.map((g) => g[1]))})
    SELECT ARRAY[${keys.map((k) => `coalesce(l.${k}, r.${k})`).join(', ')}] AS k, coalesce(l.v, 0)::text AS lv, coalesce(r.v, 0)::text AS rv,
      (coalesce(r.v, 0) - coalesce(l.v, 0))::text AS diff
    FROM l FULL OUTER JOIN r ON ${keys.map((k) => `l.${k} = r.${k}`).join(' AND ')}
    WHERE abs(coalesce(l.v, 0) - coalesce(r.v, 0)) > $1`;
  return rowsOf(sql, [c.tolerance]);
}

async function tableChecksums(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of ALL_TABLES) {
    if (t.name === 'etl_job_log') continue; // holds run timestamps
    const [r] = await rowsOf<{ h: string }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${t.schema}.${t.name} t`);
    out[`${t.schema}.${t.name}`] = r.h;
  }
  return out;
}

test('every table is loaded; row counts match the database and the requested size', async () => {
  for (const t of ALL_TABLES) {
    const key = `${t.schema}.${t.name}`;
    const [r] = await rowsOf<{ n: string }>(`SELECT count(*) AS n FROM ${key}`);
    assert.equal(Number(r.n), estate.rowCounts[key], key);
    assert.ok(Number(r.n) > 0, `${key} is empty`);
  }
  for (const core of ['ta.taccoinfo', 'ta.tcustextinfo', 'ta.taccobank', 'ta.tconfirm', 'invest.inv_instruction', 'invest.inv_entrust', 'valuation.tgz_pzxx']) {
    assert.equal(estate.rowCounts[core], 2000, core);
  }
  assert.ok(estate.rowCounts['ta.tstaticshares'] > 2000);
  assert.ok(estate.rowCounts['crm.crm_khxx'] > 1500);
});

test('resident ID numbers pass GB 11643 and agree with birth date, sex and a real region', async () => {
  const rows = await rowsOf<{ id: string; birth: string | null; sex: string | null }>(
    `SELECT a.c_identityno AS id, to_char(e.d_birthday, 'YYYYMMDD') AS birth, e.c_sex AS sex
     FROM ta.taccoinfo a JOIN ta.tcustextinfo e USING (c_fundacco) WHERE a.c_identitytype = '0'`);
  assert.ok(rows.length > 1600, String(rows.length));
  const regions = new Set(REGIONS.map((r) => r.code));
  for (const r of rows) {
    assert.ok(isValidGb11643(r.id), r.id.slice(0, 6));
    assert.ok(regions.has(r.id.slice(0, 6)));
    assert.equal(r.id.slice(6, 14), r.birth);
    assert.equal(Number(r.id[16]) % 2 === 1 ? '1' : '2', r.sex);
  }
  const crm = await rowsOf<{ zjhm: string }>(`SELECT zjhm FROM crm.crm_khxx WHERE zjlx = '00'`);
  assert.ok(crm.length > 1500 && crm.every((r) => isValidGb11643(r.zjhm)));
  const reps = await rowsOf<{ id: string }>(`SELECT c_instrepridno AS id FROM ta.tcustextinfo WHERE c_instrepridno IS NOT NULL`);
  assert.ok(reps.length > 100 && reps.every((r) => isValidGb11643(r.id)));
});

test('institutions carry valid unified social credit codes', async () => {
  const rows = await rowsOf<{ code: string }>(`SELECT tyshxydm AS code FROM crm.crm_jgkh`);
  assert.equal(rows.length, 200);
  for (const r of rows) assert.ok(isValidGb32100(r.code), 'USCC fails GB 32100');
  const ta = await rowsOf<{ n: string }>(`SELECT count(*) AS n FROM ta.taccoinfo WHERE c_identitytype = '8'`);
  assert.equal(Number(ta[0].n), 200);
});

test('bank cards pass Luhn with real issuer prefixes; mobiles look like mainland numbers', async () => {
  const cards = await rowsOf<{ card: string; bank: string }>(`SELECT c_bankacco AS card, c_bankno AS bank FROM ta.taccobank`);
  assert.equal(cards.length, 2000);
  const banks = new Map(BANKS.map((b) => [b.code, b]));
  for (const c of cards) {
    assert.ok(isValidLuhn(c.card), 'card fails Luhn');
    const b = banks.get(c.bank)!;
    assert.ok(b.bins.some((bin) => c.card.startsWith(bin)) && c.card.length === b.length);
  }
  const mobiles = await rowsOf<{ m: string }>(`SELECT c_mobiletelno AS m FROM ta.tcustextinfo WHERE c_mobiletelno IS NOT NULL UNION ALL SELECT sjhm FROM crm.crm_khxx`);
  assert.ok(mobiles.length > 3000 && mobiles.every((r) => /^1[3-9]\d{9}$/.test(r.m)));
});

test('tables and columns have Chinese comments, some missing on purpose; keys and views exist', async () => {
  const [tc] = await rowsOf<{ with: string; without: string }>(
    `SELECT count(*) FILTER (WHERE obj_description(c.oid, 'pg_class') IS NOT NULL) AS with,
            count(*) FILTER (WHERE obj_description(c.oid, 'pg_class') IS NULL) AS without
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('ta','valuation','invest','crm','dw') AND c.relkind IN ('r','v')`);
  assert.ok(Number(tc.with) >= 25 && Number(tc.without) >= 2, JSON.stringify(tc));
  const [cc] = await rowsOf<{ with: string; without: string }>(
    `SELECT count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NOT NULL) AS with,
            count(*) FILTER (WHERE col_description(c.oid, a.attnum) IS NULL) AS without
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('ta','valuation','invest','crm','dw') AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`);
  assert.ok(Number(cc.with) > 150 && Number(cc.without) > 30, JSON.stringify(cc));
  const [c1] = await rowsOf<{ t: string; col: string | null }>(
    `SELECT obj_description('ta.taccoinfo'::regclass, 'pg_class') AS t, col_description('ta.taccoinfo'::regclass, 7) AS col`);
  assert.equal(c1.t, '基金账户信息表');
  assert.equal(c1.col, '证件号码');
  const keys = await rowsOf<{ constraint_type: string; n: string }>(
    `SELECT constraint_type, count(*) AS n FROM information_schema.table_constraints
     WHERE table_schema IN ('ta','valuation','invest','crm','dw') GROUP BY constraint_type`);
  const byType = Object.fromEntries(keys.map((k) => [k.constraint_type, Number(k.n)]));
  assert.equal(byType['PRIMARY KEY'], ALL_TABLES.length);
  assert.ok(byType['FOREIGN KEY'] >= 15);
  const views = await rowsOf<{ viewname: string; definition: string }>(`SELECT viewname, definition FROM pg_views WHERE schemaname = 'dw' ORDER BY 1`);
  assert.deepEqual(views.map((v) => v.viewname), ['v_agency_sales_m', 'v_cust_hold_summary', 'v_fund_scale_latest']);
  assert.ok(views.every((v) => /fact_/.test(v.definition)));
  const [sv] = await rowsOf<{ n: string }>(`SELECT count(*) AS n FROM dw.v_fund_scale_latest`);
  assert.equal(Number(sv.n), 12);
});

test('the ETL files in dir/etl run against the database, again and again, and mask what they should', async () => {
  const files = (await readdir(join(dir, 'etl'))).sort();
  assert.deepEqual(files, estate.etl.map((e) => e.file));
  const before = await tableChecksums();
  for (const f of files) await client.query(await readFile(join(dir, 'etl', f), 'utf8'));
  const afterRun = await tableChecksums();
  assert.deepEqual(afterRun, before);
  const [log] = await rowsOf<{ n: string }>(`SELECT count(*) AS n FROM dw.etl_job_log`);
  assert.equal(Number(log.n), files.length * 2);
  // No clear ID number reaches the customer dimension; the masked ones keep their shape.
  const cust = await rowsOf<Record<string, string | null>>(`SELECT * FROM dw.dim_cust`);
  assert.equal(cust.length, 2000);
  for (const r of cust) {
    for (const v of Object.values(r)) assert.ok(v === null || !isValidGb11643(String(v)), 'clear ID number in dw.dim_cust');
    if (r.id_type === '0') assert.match(r.id_no_mask!, /^\d{6}\*{8}\d{3}[\dX]$/);
    if (r.mobile_mask) assert.match(r.mobile_mask, /^1\d{2}\*{4}\d{4}$/);
  }
  const [scale] = await rowsOf<{ ok: boolean }>(
    `SELECT (SELECT sum(total_share) FROM dw.fact_fund_scale_d) = (SELECT sum(f_realshares) FROM ta.tstaticshares) AS ok`);
  assert.equal(scale.ok, true);
});

test('reconciliation checks: TA vs valuation fails exactly at the injected break, the others pass', async () => {
  const byId = new Map(estate.reconciliations.map((r) => [r.id, r]));
  assert.equal(estate.reconciliations.length, 3);
  const failing = await reconciliationBreaks(byId.get('REC-TA-GZ-001')!);
  assert.equal(failing.length, 1);
  assert.deepEqual(failing[0].k, [estate.injectedBreak.fundCode, estate.injectedBreak.date]);
  assert.equal(Number(failing[0].diff), estate.injectedBreak.difference);
  for (const r of estate.reconciliations) {
    const breaks = await reconciliationBreaks(r);
    assert.equal(breaks.length === 0 ? 'pass' : 'fail', r.expected, r.id);
    // Each check compares real data: every group exists on both sides.
    const [n] = await rowsOf<{ n: string }>(`SELECT count(DISTINCT (${r.left.schema}.${r.left.table}.${r.groupBy[0][0]}, ${r.left.schema}.${r.left.table}.${r.groupBy[1][0]})) AS n FROM ${r.left.schema}.${r.left.table}`);
    assert.ok(Number(n.n) >= 30, r.id);
  }
});

test('exchange files decode as GBK, the NAV file is UTF-8 with BOM, all parse as CSV with the right rows', async () => {
  const csvs = estate.sources.filter((s) => s.kind === 'csv');
  assert.equal(csvs.length, 3);
  for (const s of csvs) {
    if (s.kind !== 'csv') continue;
    const bytes = await readFile(s.path);
    if (s.encoding === 'GBK') {
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'a GBK file must not be valid UTF-8');
      const text = iconv.decode(bytes, 'gbk');
      assert.ok(iconv.encode(text, 'gbk').equals(bytes), 'GBK round trip');
      const parsed = Papa.parse<string[]>(text.trim(), { delimiter: s.delimiter });
      assert.equal(parsed.errors.length, 0);
      assert.ok(parsed.data.length > 50);
      assert.ok(parsed.data.every((r) => r.length === parsed.data[0].length));
    } else {
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const parsed = Papa.parse<string[]>(bytes.toString('utf8').slice(1).trim());
      assert.deepEqual(parsed.data[0], ['基金代码', '基金名称', '净值日期', '单位净值', '累计净值', '日增长率(%)']);
      assert.equal(parsed.data.length - 1, 36);
    }
  }
  const confirm = iconv.decode(await readFile(csvs[0].kind === 'csv' ? csvs[0].path : ''), 'gbk').trim().split('\r\n');
  assert.ok(confirm[0].startsWith('确认流水号,确认日期'));
  const [n] = await rowsOf<{ n: string }>(`SELECT count(*) AS n FROM ta.tconfirm WHERE c_agencyno = '007'`);
  assert.equal(confirm.length - 1, Number(n.n));
  const ids = confirm.slice(1).map((l) => l.split(',')[7]).filter((v) => v.length === 18 && /^\d{17}/.test(v) && !v.startsWith('91'));
  assert.ok(ids.length > 50 && ids.every(isValidGb11643));
});

test('vendor DDL files: Oracle with VARCHAR2/NUMBER/COMMENT ON and a PL/SQL block, MySQL as mysqldump', async () => {
  const ddl = Object.fromEntries(estate.sources.filter((s) => s.kind === 'ddl').map((s) => [s.id, s]));
  const o32 = await readFile((ddl['ddl-o32'] as { path: string }).path, 'utf8');
  assert.match(o32, /CREATE TABLE TRADE\.TENTRUSTS/);
  assert.match(o32, /EN_ENTRUST_PRICE\s+NUMBER\(18,4\)/);
  assert.match(o32, /COMMENT ON COLUMN TRADE\.TOPERATOR\.L_OPERATOR_NO IS '操作员编号';/);
  assert.match(o32, /CREATE OR REPLACE PROCEDURE[\s\S]+END;\n\/\n/);
  const ta4 = await readFile((ddl['ddl-ta4'] as { path: string }).path, 'utf8');
  assert.match(ta4, /C_CUSTNAME\s+VARCHAR2\(120\) NOT NULL/);
  assert.match(ta4, /F_REALSHARES\s+NUMBER\(16,2\)/);
  assert.match(ta4, /COMMENT ON TABLE TA4\.TACCOINFO IS '基金账户信息表';/);
  assert.equal((ta4.match(/^CREATE TABLE /gm) ?? []).length, 8);
  const my = await readFile((ddl['ddl-website'] as { path: string }).path, 'utf8');
  assert.match(my, /^-- MySQL dump/);
  assert.match(my, /ENGINE=InnoDB .*COMMENT='网上直销用户账户';/);
  assert.equal((my.match(/^CREATE TABLE `/gm) ?? []).length, 5);
  assert.deepEqual(Object.values(ddl).map((s) => (s as { dialect: string }).dialect).sort(), ['mysql', 'oracle', 'oracle']);
});

test('OpenLineage events are valid RunEvents whose column lineage reads real warehouse columns', async () => {
  assert.equal(estate.openLineage.files.length, 3);
  const cols = new Set((await rowsOf<{ c: string }>(
    `SELECT table_schema || '.' || table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'dw'`)).map((r) => r.c));
  let edges = 0;
  let oldStyle = 0;
  for (const path of estate.openLineage.files) {
    const ev = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(ev.eventType, 'COMPLETE');
    assert.ok(!Number.isNaN(Date.parse(ev.eventTime)));
    assert.match(ev.run.runId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(ev.job.namespace && ev.job.name && ev.producer);
    assert.match(ev.schemaURL, /^https:\/\/openlineage\.io\/spec\/2-0-2\/OpenLineage\.json#\/\$defs\/RunEvent$/);
    const inputs = new Set(ev.inputs.map((i: { namespace: string; name: string }) => `${i.namespace}|${i.name}`));
    for (const out of ev.outputs) {
      const cl = out.facets.columnLineage;
      assert.match(cl._schemaURL, /ColumnLineageDatasetFacet\.json/);
      for (const [field, spec] of Object.entries<{ inputFields: { namespace: string; name: string; field: string; transformations?: { type: string }[] }[]; transformationType?: string }>(cl.fields)) {
        assert.ok(field);
        if (spec.transformationType) oldStyle++;
        for (const inf of spec.inputFields) {
          edges++;
          assert.ok(inputs.has(`${inf.namespace}|${inf.name}`), `${inf.name} is not an input`);
          assert.equal(inf.namespace, estate.openLineage.namespace);
          const [db, schema, table] = inf.name.split('.');
          assert.equal(db, estate.openLineage.database);
          assert.ok(cols.has(`${schema}.${table}.${inf.field}`), `${inf.name}.${inf.field} is not a column`);
          for (const t of inf.transformations ?? []) assert.ok(['DIRECT', 'INDIRECT'].includes(t.type));
        }
      }
    }
  }
  assert.ok(edges >= 20);
  assert.equal(oldStyle, 6);
});

test('governance data: every role, admin, a senior approver, ≥ 20 standards, ownership and checks point at real things', async () => {
  const roles = new Set(estate.users.flatMap((u) => u.roles));
  for (const r of ['steward', 'approver', 'governance', 'auditor', 'business', 'admin']) assert.ok(roles.has(r as never), r);
  assert.ok(estate.users.find((u) => u.id === 'admin')?.roles.includes('admin'));
  assert.ok(estate.users.some((u) => u.senior && u.roles.includes('approver')));
  const depts = new Set(estate.departments.map((d) => d.id));
  const users = new Set(estate.users.map((u) => u.id));
  assert.ok(estate.users.every((u) => depts.has(u.departmentId)));
  assert.equal(new Set(estate.users.map((u) => u.id)).size, estate.users.length);
  assert.ok(estate.standards.length >= 20);
  assert.equal(new Set(estate.standards.map((s) => s.code)).size, estate.standards.length);
  for (const s of estate.standards) {
    assert.match(s.code, /^DS-[A-Z]+-\d{3}$/);
    assert.ok(s.nameZh && s.nameEn && s.definition && s.dataType && depts.has(s.ownerDepartmentId));
    assert.match(s.categoryPath, /^[^/]+\/[^/]+$/);
    assert.ok([1, 2, 3, 4].includes(s.grade));
  }
  assert.ok(estate.standards.some((s) => s.nameZh === '证件类型' && s.codeList!.length >= 3));
  assert.ok(estate.standards.some((s) => s.nameZh === '性别' && s.codeList));
  const tables = new Set((await rowsOf<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_schema IN ('ta','valuation','invest','crm','dw')`)).map((r) => r.t));
  const sourceIds = new Set(estate.sources.map((s) => s.id));
  for (const o of estate.ownership) {
    assert.ok(tables.has(o.dataset) || sourceIds.has(o.dataset), o.dataset);
    assert.ok(sourceIds.has(o.sourceId));
    for (const d of [o.owner, o.custodian, ...o.consumers]) if (d) assert.ok(depts.has(d), d);
    if (o.reportingChecker) assert.ok(users.has(o.reportingChecker));
  }
  assert.ok(tables.has('crm.crm_bfjl') && !estate.ownership.some((o) => o.dataset === 'crm.crm_bfjl'), 'a gap is kept on purpose');
  const columns = new Set((await rowsOf<{ c: string }>(`SELECT table_schema || '.' || table_name || '.' || column_name AS c FROM information_schema.columns`)).map((r) => r.c));
  for (const r of estate.reconciliations) {
    for (const [side, i] of [[r.left, 0], [r.right, 1]] as const) {
      assert.ok(columns.has(`${side.schema}.${side.table}.${side.column}`));
      for (const g of r.groupBy) assert.ok(columns.has(`${side.schema}.${side.table}.${g[i]}`));
      assert.ok(sourceIds.has(side.sourceId));
    }
  }
  const pgSources = estate.sources.filter((s) => s.kind === 'postgres').map((s) => s.kind === 'postgres' && s.schema);
  assert.deepEqual(pgSources, ['ta', 'valuation', 'invest', 'crm', 'dw']);
  const json = JSON.parse(await readFile(join(dir, 'demo.json'), 'utf8'));
  assert.deepEqual(json.users, estate.users);
  assert.equal(json.timings, undefined);
  assert.ok(!JSON.stringify(json).includes('postgres://postgres@'), 'demo.json must not carry the database URL');
});

test('deterministic: the same seed rebuilds the same rows and files, idempotently, in the same database', async () => {
  const first = await tableChecksums();
  const dir2 = await mkdtemp(join(tmpdir(), 'fundgov-demo-'));
  try {
    const again = await buildDemoEstate({ pgUrl: dbUrl, dir: dir2, seed: SEED });
    assert.deepEqual(again.rowCounts, estate.rowCounts);
    assert.deepEqual(await tableChecksums(), first);
    for (const rel of ['exchange/TA_CONFIRM_007_20240628.csv', 'exchange/AGENCY_ACCOUNT_020_20240628.csv', 'disclosure/fund_nav_20240628.csv',
      'ddl/ta4_oracle.sql', 'openlineage/report_regulatory_cust_hold.json', 'etl/02_dim_cust.sql']) {
      assert.ok((await readFile(join(dir, rel))).equals(await readFile(join(dir2, rel))), rel);
    }
    const j1 = (await readFile(join(dir, 'demo.json'), 'utf8')).replaceAll(dir, '<dir>');
    const j2 = (await readFile(join(dir2, 'demo.json'), 'utf8')).replaceAll(dir2, '<dir>');
    assert.equal(j1, j2);
  } finally {
    await rm(dir2, { recursive: true, force: true });
  }
  const a = generateDemoData(SEED, 200);
  const b = generateDemoData(SEED, 200);
  const c = generateDemoData(SEED + 1, 200);
  assert.deepEqual(a.tables, b.tables);
  assert.notDeepEqual(a.tables['ta.taccoinfo'], c.tables['ta.taccoinfo']);
});

test('bad options get a DemoError that says what to fix, and never echo the password', async () => {
  await assert.rejects(buildDemoEstate({ pgUrl: dbUrl, dir, rowsPerCoreTable: 5 }), (e: Error) => e instanceof DemoError && /rowsPerCoreTable/.test(e.message));
  await assert.rejects(buildDemoEstate({ pgUrl: dbUrl, dir, seed: 1.5 }), (e: Error) => e instanceof DemoError && /seed/.test(e.message));
  await assert.rejects(buildDemoEstate({ pgUrl: 'not a url', dir }), (e: Error) => e instanceof DemoError && /pgUrl/.test(e.message));
  await assert.rejects(
    buildDemoEstate({ pgUrl: 'postgres://demo:S3cretPassw0rd@127.0.0.1:1/x', dir, rowsPerCoreTable: 20 }),
    (e: Error) => e instanceof DemoError && /cannot connect/.test(e.message) && !e.message.includes('S3cretPassw0rd'),
  );
  // The failed attempts left the estate as it was.
  const [n] = await rowsOf<{ n: string }>(`SELECT count(*) AS n FROM ta.taccoinfo`);
  assert.equal(Number(n.n), 2000);
});
