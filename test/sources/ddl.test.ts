import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { HarvestedDataset } from '../../catalog/types.ts';
import { detectDialect, readDdlFile, readDdlText } from '../../sources/ddl.ts';
import { SourceInputError } from '../../sources/errors.ts';

const fx = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const byName = (ds: HarvestedDataset[], name: string): HarvestedDataset => {
  const d = ds.find((x) => x.name === name);
  assert.ok(d, `dataset ${name} not found among ${ds.map((x) => x.name).join(', ')}`);
  return d;
};
const col = (d: HarvestedDataset, name: string) => {
  const c = d.columns.find((x) => x.name === name);
  assert.ok(c, `column ${name} not in ${d.name}`);
  return c;
};

test('mysqldump: tables, comments, keys, partitioned table, final view; SET/LOCK/INSERT skipped; procedure reported', async () => {
  const r = await readDdlFile(fx('mysqldump_ta.sql'));
  assert.equal(r.dialect, 'mysql');
  assert.equal(r.dialectSource, 'detected');
  assert.deepEqual(r.datasets.map((d) => d.name).sort(), ['ta_customer', 'ta_share_balance', 'v_cust_balance']);
  const cust = byName(r.datasets, 'ta_customer');
  assert.equal(cust.comment, 'TA客户信息表');
  assert.deepEqual(cust.primaryKey, ['cust_id']);
  assert.deepEqual(cust.uniques, [['zjlx', 'zjhm']]);
  assert.equal(col(cust, 'khxm').comment, '客户姓名');
  assert.equal(col(cust, 'khxm').length, 100);
  assert.equal(col(cust, 'khxm').nullable, false);
  assert.equal(col(cust, 'risk_level').comment, "风险等级; it's C1-C5");
  assert.equal(col(cust, 'updated_at').precision, 3);
  assert.equal(col(cust, 'cust_id').ordinal, 1);
  assert.equal(cust.columns.length, 8);
  const bal = byName(r.datasets, 'ta_share_balance');
  assert.equal(bal.comment, '份额余额表', 'table options after the column list (PARTITION BY) must not lose the table');
  assert.equal(col(bal, 'f_balance').precision, 16);
  assert.equal(col(bal, 'f_balance').scale, 2);
  assert.equal(col(bal, 'cust_id').references, 'ta_customer.cust_id');
  const view = byName(r.datasets, 'v_cust_balance');
  assert.equal(view.kind, 'view');
  assert.match(view.viewSql ?? '', /^select `c`\.`khxm` AS `khxm`,sum\(`b`\.`f_balance`\)/);
  assert.deepEqual(view.columns.map((c) => c.name), ['khxm', 'f_balance']);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].kind, 'skipped-not-DDL');
  assert.equal(r.problems[0].line, 85);
  assert.equal(r.statements.failed, 0);
});

test('Navicat dump: ROW_FORMAT, USING BTREE, ALTER TABLE ADD CONSTRAINT; a broken table is reported with its line and the others are kept', async () => {
  const r = await readDdlFile(fx('navicat_crm.sql'));
  assert.equal(r.dialect, 'mysql');
  assert.deepEqual(r.datasets.map((d) => d.name).sort(), ['crm_contact', 'crm_visit']);
  const contact = byName(r.datasets, 'crm_contact');
  assert.equal(contact.comment, 'CRM联系人');
  assert.equal(col(contact, 'bank_card_no').unique, true);
  assert.equal(col(contact, 'remark').comment, '备注\\说明');
  assert.equal(col(contact, 'amount').dataType, 'decimal(18,4)');
  const visit = byName(r.datasets, 'crm_visit');
  assert.equal(col(visit, 'contact_id').references, 'crm_contact.id');
  const syntax = r.problems.filter((p) => p.kind === 'syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].line, 47, 'the line of BOGUS_ATTRIBUTE');
  assert.equal(syntax[0].file, fx('navicat_crm.sql'));
  assert.ok(r.problems.some((p) => p.kind === 'skipped-not-DDL' && /TRIGGER/.test(p.message)));
  assert.equal(r.statements.failed, 1);
});

test('pg_dump: COPY data, \\connect, dollar-quoted function, COMMENT ON, ALTER TABLE ONLY ADD CONSTRAINT, view SQL kept', async () => {
  const r = await readDdlFile(fx('pg_dump_valuation.sql'));
  assert.equal(r.dialect, 'postgres');
  assert.deepEqual(r.datasets.map((d) => d.name).sort(), ['t_after_broken', 't_fund', 't_valuation', 'v_fund_nav']);
  const fund = byName(r.datasets, 't_fund');
  assert.equal(fund.schema, 'gz');
  assert.equal(fund.comment, '基金基本信息');
  assert.deepEqual(fund.primaryKey, ['fund_code']);
  assert.equal(col(fund, 'fund_code').comment, '基金代码');
  assert.equal(col(fund, 'fund_name').comment, "基金名称; it's the full name");
  assert.equal(col(fund, 'fund_name').dataType, 'character varying(200)');
  assert.equal(col(fund, 'fund_name').length, 200);
  assert.equal(col(fund, 'nav').defaultValue, '1.0000');
  assert.equal(col(fund, 'updated_at').dataType, 'timestamp(3) with time zone');
  assert.equal(col(fund, 'updated_at').nullable, false);
  const val = byName(r.datasets, 't_valuation');
  assert.equal(col(val, '市值').comment, '持仓市值\n(元)');
  assert.ok(val.columns.some((c) => c.name === 'we"ird\\ col'), 'quoted identifier kept exactly');
  assert.equal(col(val, 'fund_code').references, 'gz.t_fund.fund_code');
  assert.deepEqual(val.uniques, [['fund_code', 'biz_date']]);
  assert.equal(col(val, 'id').dataType, 'bigint');
  const view = byName(r.datasets, 'v_fund_nav');
  assert.equal(view.comment, '基金净值视图');
  assert.match(view.viewSql ?? '', /^SELECT f\.fund_code,\s+f\.fund_name AS name/);
  assert.deepEqual(view.columns.map((c) => c.name), ['fund_code', 'name', '市值']);
  const syntax = r.problems.filter((p) => p.kind === 'syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].line, 115);
  assert.deepEqual(r.problems.filter((p) => p.kind === 'skipped-not-DDL').map((p) => p.line), [29, 111]);
});

test('Oracle (PL/SQL Developer export): VARCHAR2/NUMBER/CLOB, storage clauses, quoted owner names, PL/SQL skipped and reported', async () => {
  const r = await readDdlFile(fx('oracle_hundsun_ta.sql'));
  assert.equal(r.dialect, 'oracle');
  assert.deepEqual(r.datasets.map((d) => d.name).sort(), ['TA_TCONFIRM', 'TA_TCUSTINFO', 'TA_TSHARE', 'V_CUST_SHARE']);
  const cust = byName(r.datasets, 'TA_TCUSTINFO');
  assert.equal(cust.schema, 'TA4');
  assert.equal(cust.comment, '客户信息表');
  assert.deepEqual(cust.primaryKey, ['C_CUSTNO']);
  assert.equal(col(cust, 'C_CUSTNAME').dataType, 'VARCHAR2(100 BYTE)');
  assert.equal(col(cust, 'C_CUSTNAME').baseType, 'VARCHAR2');
  assert.equal(col(cust, 'C_CUSTNAME').length, 100);
  assert.equal(col(cust, 'C_CUSTNAME').comment, '客户名称');
  assert.equal(col(cust, 'C_IDENTITYNO').baseType, 'NVARCHAR2');
  assert.equal(col(cust, 'C_IDENTITYNO').comment, "证件号码; 含'引号'");
  assert.deepEqual([col(cust, 'F_BALANCE').precision, col(cust, 'F_BALANCE').scale], [16, 2]);
  assert.deepEqual([col(cust, 'F_INCOME').precision, col(cust, 'F_INCOME').scale], [null, 0]);
  assert.equal(col(cust, 'D_OPENDATE').defaultValue, 'SYSDATE');
  assert.equal(col(cust, 'C_MEMO').baseType, 'CLOB');
  assert.equal(col(cust, 'D_LASTMODIFY').baseType, 'TIMESTAMP WITH TIME ZONE');
  assert.equal(col(cust, 'C_IDENTITYPE').nullable, false);
  const share = byName(r.datasets, 'TA_TSHARE');
  assert.deepEqual(share.primaryKey, ['C_CUSTNO', 'C_FUNDCODE']);
  assert.equal(col(share, 'C_CUSTNO').references, 'TA4.TA_TCUSTINFO.C_CUSTNO');
  assert.equal(col(share, 'Mixed Case "Col"').length, 10);
  assert.equal(col(share, '客户 备注').comment, "客户's 备注");
  assert.equal(col(share, 'F_REALSHARES').comment, '实际份额');
  const view = byName(r.datasets, 'V_CUST_SHARE');
  assert.deepEqual(view.columns.map((c) => c.name), ['C_CUSTNAME', 'FUND', 'TOTAL_SHARES']);
  assert.doesNotMatch(view.viewSql ?? '', /read only/i);
  const confirm = byName(r.datasets, 'TA_TCONFIRM');
  assert.equal(col(confirm, 'C_CUSTNO').references, 'TA4.TA_TCUSTINFO.C_CUSTNO');
  assert.deepEqual(confirm.uniques, [['C_REQUESTNO'], ['C_CUSTNO', 'D_CDATE']]);
  const skipped = r.problems.filter((p) => p.kind === 'skipped-not-DDL');
  assert.deepEqual(skipped.map((p) => [p.line, p.message]), [
    [98, 'PL/SQL PACKAGE skipped, not table DDL'],
    [104, 'PL/SQL PACKAGE BODY skipped, not table DDL'],
    [117, 'PL/SQL TRIGGER skipped, not table DDL'],
  ]);
  const syntax = r.problems.filter((p) => p.kind === 'syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].line, 128);
  assert.match(syntax[0].message, /TA_BROKEN|type arguments/);
});

test('dialect detection picks the vendor from markers; an explicit dialect wins', async () => {
  assert.equal(detectDialect('CREATE TABLE `t` (`a` int) ENGINE=InnoDB;'), 'mysql');
  assert.equal(detectDialect('create table T (A VARCHAR2(10), B NUMBER(16,2));'), 'oracle');
  assert.equal(detectDialect('create table t (a serial, b jsonb, c text);'), 'postgres');
  const r = await readDdlText('create table t (a int);', 'x.sql', { dialect: 'oracle' });
  assert.equal(r.dialect, 'oracle');
  assert.equal(r.dialectSource, 'given');
  assert.equal(r.datasets[0].name, 'T');
});

test('hostile identifiers are kept exactly in every dialect', async () => {
  const long = 'c'.repeat(1000);
  const my = await readDdlText("CREATE TABLE `we``ird\\ 表` (`a\"b` int COMMENT 'x\\'y', `" + long + "` varchar(5), `😀` int);", 'h.sql', { dialect: 'mysql' });
  assert.deepEqual(my.problems, []);
  assert.equal(my.datasets[0].name, 'we`ird\\ 表');
  assert.deepEqual(my.datasets[0].columns.map((c) => c.name), ['a"b', long, '😀']);
  assert.equal(my.datasets[0].columns[0].comment, "x'y");

  const pgr = await readDdlText(`CREATE TABLE "we""ird\\ 表" ("a'b" int, "${long}" text); COMMENT ON COLUMN "we""ird\\ 表"."a'b" IS 'ok';`, 'h.sql', { dialect: 'postgres' });
  assert.equal(pgr.datasets[0].name, 'we"ird\\ 表');
  assert.equal(pgr.datasets[0].columns[0].comment, 'ok');
  // libpg-query, like PostgreSQL, truncates identifiers to 63 bytes
  assert.ok(pgr.datasets[0].columns[1].name.length <= 63);

  const ora = await readDdlText(`CREATE TABLE "OWN"."we""ird\\ 表" ("${long}" VARCHAR2(10), "小写" NUMBER);\nCOMMENT ON COLUMN "OWN"."we""ird\\ 表"."小写" IS '注释';`, 'h.sql', { dialect: 'oracle' });
  assert.deepEqual(ora.problems, []);
  assert.equal(ora.datasets[0].name, 'we"ird\\ 表');
  assert.equal(ora.datasets[0].columns[0].name, long);
  assert.equal(ora.datasets[0].columns[1].comment, '注释');
});

test('garbage and unterminated input is reported with lines, never thrown', async () => {
  for (const dialect of ['mysql', 'postgres', 'oracle'] as const) {
    const r = await readDdlText("create table ok1 (a int);\nthis is not sql at all;\ncreate table bad (a int,\n;\ncreate table 'unterminated (x int);\n", 'g.sql', { dialect });
    assert.ok(r.datasets.some((d) => d.name.toLowerCase() === 'ok1'), `${dialect} kept the good table`);
    assert.ok(r.problems.length >= 1, `${dialect} reported the bad ones`);
    for (const p of r.problems) {
      assert.ok(p.line >= 1, `${dialect}: 1-based line`);
      assert.equal(p.file, 'g.sql');
    }
    assert.ok(r.problems.some((p) => /unterminated/.test(p.message)), `${dialect} names the unterminated string`);
  }
});

test('a GBK-encoded Oracle DDL file is decoded, and a binary file is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fundgov-ddl-'));
  try {
    const gbkPath = join(dir, 'gbk.sql');
    await writeFile(gbkPath, iconv.encode("create table TA.T_GBK (C_NAME VARCHAR2(100));\ncomment on column TA.T_GBK.C_NAME is '客户名称';\n", 'gbk'));
    const r = await readDdlFile(gbkPath);
    assert.equal(r.encoding, 'gb18030');
    assert.equal(r.datasets[0].columns[0].comment, '客户名称');
    const bin = join(dir, 'x.sql');
    await writeFile(bin, Buffer.from([0, 1, 2, 3, 0, 0, 0, 9, 0, 255, 0, 0]));
    await assert.rejects(readDdlFile(bin), SourceInputError);
    await assert.rejects(readDdlFile(join(dir, 'missing.sql')), /cannot read DDL file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('MySQL DELIMITER and version comments, PostgreSQL later ALTER TABLE ADD COLUMN and unique index', async () => {
  const my = await readDdlText('DELIMITER $$\nCREATE FUNCTION f() RETURNS INT BEGIN RETURN 1; END$$\nDELIMITER ;\n/*!40101 CREATE TABLE `x` (`a` int) */;\nALTER TABLE `x` ADD COLUMN `b` varchar(9) COMMENT \'新\';', 'd.sql', { dialect: 'mysql' });
  assert.deepEqual(my.datasets[0].columns.map((c) => [c.name, c.length, c.comment]), [['a', null, null], ['b', 9, '新']]);
  assert.equal(my.problems.filter((p) => p.kind === 'skipped-not-DDL').length, 1);
  const pgr = await readDdlText('create table s.t (a int); alter table s.t add column b numeric(5,1) not null; create unique index on s.t (b);', 'p.sql', { dialect: 'postgres' });
  assert.deepEqual(pgr.datasets[0].columns.map((c) => [c.name, c.precision, c.scale, c.nullable, c.unique ?? false]), [['a', null, null, true, false], ['b', 5, 1, false, true]]);
});
