// `fundgov classify` as other tools run it: a child process, JSON lines, errors on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import iconv from 'iconv-lite';

const BIN = join(import.meta.dirname, '../../bin/fundgov.mjs');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, 'classify', ...args], { encoding: 'utf8', env: { ...process.env, FUNDGOV_DATA_DIR: mkdtempSync(join(tmpdir(), 'fg-cli-')) } });
const KEYS = ['source', 'dataset', 'column', 'category', 'grade', 'confidence', 'status', 'evidence'];

test('DDL in three dialects and a GBK CSV with values, one JSON object per column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fg-classify-'));
  try {
    writeFileSync(join(dir, 'ta.sql'), `CREATE TABLE TA.TACCOINFO (C_FUNDACCO VARCHAR2(12), C_CUSTNAME VARCHAR2(120), C_IDENTITYNO VARCHAR2(30));
COMMENT ON TABLE TA.TACCOINFO IS '基金账户信息表';
COMMENT ON COLUMN TA.TACCOINFO.C_IDENTITYNO IS '证件号码';
CREATE OR REPLACE PROCEDURE P_X AS BEGIN NULL; END;
/
`);
    writeFileSync(join(dir, 'crm.sql'), "CREATE TABLE `crm_khxx` (`khxm` varchar(60) COMMENT '客户姓名', `sjhm` varchar(20) COMMENT '手机号码') ENGINE=InnoDB COMMENT='客户信息';\n");
    writeFileSync(join(dir, 'holders.csv'), iconv.encode('姓名,证件号码,份额\n陈静,420106197703151651,100.00\n马超,440106197909185754,200.00\n', 'gbk'));
    writeFileSync(join(dir, 'broken.csv'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]));
    const r = run([join(dir, 'ta.sql'), join(dir, 'crm.sql'), join(dir, 'holders.csv'), join(dir, 'broken.csv'), '--json']);
    assert.equal(r.status, 1, 'one input could not be read');
    assert.match(r.stderr, /broken\.csv/);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    for (const l of lines) assert.deepEqual(Object.keys(l), KEYS);
    const by = (ds: string, col: string) => lines.find((l) => l.dataset === ds && l.column === col);
    assert.equal(by('TACCOINFO', 'C_IDENTITYNO').grade, 3);
    assert.equal(by('crm_khxx', 'khxm').grade, 3);
    assert.equal(by('holders', '证件号码').grade, 3);
    assert.ok(!r.stdout.includes('420106197703151651'), 'no sample value in the output');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a live database with --db', async (t) => {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const db = new pg.Client({ connectionString: url });
  try { await db.connect(); } catch { return t.skip('no PostgreSQL'); }
  const schema = `fg_cli_${process.pid}`;
  try {
    await db.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.khxx (khbh varchar(20), sjhm varchar(20)); INSERT INTO ${schema}.khxx VALUES ('K1','13800138000'),('K2','13912345678')`);
    const r = run(['--db', url, '--schema', schema, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.find((l) => l.column === 'sjhm').grade, 3);
    assert.ok(!r.stdout.includes('13800138000'));
    const bad = run(['--db', 'postgres://x:topsecret@127.0.0.1:1/nodb', '--json']);
    assert.equal(bad.status, 1);
    assert.ok(!bad.stderr.includes('topsecret'));
  } finally {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
    await db.end();
  }
});
