// The whole life of graded data over HTTP against a real PostgreSQL source: an export expires,
// shows as overdue, is confirmed destroyed and countersigned; a transfer to a regulator; a
// retirement with owner approval; the inventory workbook and PDF; the audit report.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import ExcelJS from 'exceljs';
import { startTestService, type TestService } from '../helpers/service.ts';
import { startupHooks } from '../../server/serve.ts';
import { exportsStartupHook } from '../../server/exports.ts';
import { reportsStartupHook } from '../../server/reports.ts';
import { destructionOf } from '../../catalog/retention.ts';

if (!startupHooks.includes(exportsStartupHook)) startupHooks.push(exportsStartupHook);
if (!startupHooks.includes(reportsStartupHook)) startupHooks.push(reportsStartupHook);

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `fg_life_${process.pid}_${Date.now() % 100000}`;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const tmp = mkdtempSync(join(tmpdir(), 'fundgov-lifecycle-'));

describe('lifecycle of graded data', () => {
  let svc: TestService;
  const tok: Record<string, string> = {};
  const db = new pg.Client({ connectionString: PG_URL });
  let dsId = '';
  const col = (name: string) => `${dsId}/${name}`;
  let exportId = '';

  const gql = async (who: string, query: string, variables: Record<string, unknown> = {}) => {
    const r = await svc.gql(query, variables, tok[who]);
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data;
  };

  before(async () => {
    svc = await startTestService();
    await svc.graph.write("UNWIND [['ops','运营部'],['it','信息技术部'],['sales','销售部'],['risk','风控部']] AS d MERGE (x:Department {id: d[0]}) SET x.name = d[1]");
    const users: [string, any[], string][] = [
      ['steward1', ['steward'], 'it'], ['biz1', ['business'], 'sales'], ['ops1', ['approver'], 'ops'], ['gov1', ['governance'], 'risk'],
      ['aud1', ['auditor'], 'risk'], ['checker1', ['business'], 'ops'],
    ];
    for (const [id, roles, dep] of users) { await svc.addUser(id, roles, dep); tok[id] = await svc.token(id); }
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.holders (id int PRIMARY KEY, cust_name varchar(50), email varchar(80), amount numeric(16,2), fund_code varchar(6))`);
    await db.query(`INSERT INTO ${schema}.holders SELECT i, (ARRAY['张伟','王芳'])[1 + i % 2], 'u' || i || '@example.com', i * 10.5, lpad((i % 50)::text, 6, '0') FROM generate_series(1, 300) i`);
    await db.query(`CREATE TABLE ${schema}.nav (fund_code varchar(6), nav numeric(10,4), nav_date date)`);
    const reg = await gql('steward1', 'mutation($i: SourceInput!) { registerSource(input: $i) { ... on Source { id } ... on Error { message } } }',
      { i: { id: 'ta-life', name: 'TA 登记', system: 'TA', kind: 'postgres', connectionUrl: PG_URL, schemas: [schema] } });
    assert.equal(reg.registerSource.id, 'ta-life', JSON.stringify(reg));
    const job = await svc.harvest(tok.steward1, 'ta-life');
    assert.equal(job.status, 'succeeded', job.message);
    dsId = (await svc.graph.read<{ id: string }>("MATCH (d:Dataset {sourceId: 'ta-life', name: 'holders'}) RETURN d.id AS id"))[0].id;
    const grades: [string, number, string][] = [['id', 2, 'M05'], ['cust_name', 4, 'C01'], ['email', 3, 'C03'], ['amount', 3, 'C05'], ['fund_code', 1, 'P01']];
    await svc.graph.write('UNWIND $rows AS r MATCH (c:Column {id: r[0]}) SET c.grade = r[1], c.categoryId = r[2], c.gradeStatus = "confirmed", c.decidedBy = "steward1", c.decidedAt = "2026-01-05T00:00:00Z"', { rows: grades.map(([n, g, c]) => [col(n), g, c]) });
    const own = (role: string, parties: string[]) => gql('steward1', `mutation($id: String!, $p: [String!]!) { setOwnership(kind: Dataset, id: $id, role: ${role}, parties: $p) { ... on Ownership { owner } ... on Error { message } } }`, { id: dsId, p: parties });
    await own('owner', ['ops']);
    await own('custodian', ['it']);
    await own('reporting_checker', ['checker1']);
  });

  after(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end().catch(() => undefined);
    await svc.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('an export expires, shows as overdue, is confirmed destroyed once by its requester and countersigned', async () => {
    const r = (await gql('biz1', 'mutation($i: AccessRequestInput!) { requestAccess(input: $i) { ... on AccessRequest { id approvals { id } } ... on Error { message } } }',
      { i: { columnIds: [col('id'), col('email'), col('amount')], purpose: '季度客户分析', endDate: day(10) } })).requestAccess;
    assert.ok(r.id, JSON.stringify(r));
    const approve = (who: string, id: string) => gql(who, 'mutation($a: String!) { approveAccessStep(approvalId: $a) { ... on AccessRequest { status exports { id } } ... on Error { message } } }', { a: id });
    await approve('ops1', r.approvals[0].id);
    const done = (await approve('gov1', r.approvals[1].id)).approveAccessStep;
    assert.equal(done.status, 'approved', JSON.stringify(done));
    exportId = done.exports[0].id;
    const link = (await gql('biz1', 'mutation($e: String!) { createDownloadLink(exportId: $e) { ... on DownloadLink { url } ... on Error { message } } }', { e: exportId })).createDownloadLink;
    const res = await fetch(`${svc.url}${link.url}`, { headers: { authorization: `Bearer ${tok.biz1}` } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();

    const todos = async (who: string) => (await gql(who, '{ myDestructionTodos { role item { exportId state daysOverdue } } }')).myDestructionTodos;
    assert.deepEqual(await todos('biz1'), [], 'within its retention an export is not due');
    // time passes: the request ended five days ago (grade 3: no extra retention, 3 days' grace)
    await svc.graph.write('MATCH (r:AccessRequest {id: $id}) SET r.endDate = $d', { id: r.id, d: day(-5) });
    await svc.graph.write('MATCH (e:Export {id: $id}) SET e.endDate = $d', { id: exportId, d: day(-5) });
    const mine = await todos('biz1');
    assert.deepEqual(mine.map((t: any) => [t.role, t.item.exportId, t.item.state, t.item.daysOverdue]), [['requester', exportId, 'escalated', 5]]);
    assert.deepEqual((await todos('ops1')).map((t: any) => [t.role, t.item.exportId]), [['approver', exportId]]);
    const overdue = (await gql('gov1', '{ overdueExportDestructions { exportId requester grade state approvers } }')).overdueExportDestructions;
    assert.deepEqual(overdue, [{ exportId, requester: 'biz1', grade: 3, state: 'escalated', approvers: ['gov1', 'ops1'] }]);
    assert.equal((await svc.audit.store.list({ filters: { action: 'export.retention.escalate', exportId }, first: 10 })).events.length, 1, 'the escalation is audited once');

    const confirm = (who: string, extra: Record<string, unknown> = {}) => gql(who, `mutation($e: String!, $h: String, $at: String!) { confirmExportDestruction(exportId: $e, method: secure_delete, description: "笔记本与U盘各一份，已安全删除", destroyedAt: $at, copies: 2, fileHash: $h) {
      ... on ExportDestruction { confirmedBy countersignRequired countersignedBy hashMatches } ... on Error { __typename message } } }`, { e: exportId, h: null, at: new Date().toISOString(), ...extra }).then((d) => d.confirmExportDestruction);
    assert.match((await confirm('ops1')).message, /only the requester/);
    assert.match((await confirm('biz1', { at: day(2) })).message, /in the future/);
    assert.match((await confirm('biz1', { at: day(-1) })).message, /before the export was downloaded/);
    assert.match((await confirm('biz1', { h: 'abc' })).message, /64 hexadecimal/);
    assert.equal(await destructionOf(svc.graph, exportId), null, 'refused confirmations change nothing');
    const fileHash = (await svc.graph.read<{ h: string }>('MATCH (e:Export {id: $id}) RETURN e.fileHash AS h', { id: exportId }))[0].h;
    const ok = await confirm('biz1', { h: fileHash });
    assert.deepEqual(ok, { confirmedBy: 'biz1', countersignRequired: true, countersignedBy: null, hashMatches: true });
    assert.match((await confirm('biz1')).message, /already confirmed by biz1/);
    assert.deepEqual((await todos('biz1')), []);
    assert.deepEqual((await todos('ops1')).map((t: any) => t.item.state), ['awaiting_countersign']);

    const cs = (who: string) => gql(who, 'mutation($e: String!) { countersignExportDestruction(exportId: $e) { ... on ExportDestruction { countersignedBy } ... on Error { message } } }', { e: exportId }).then((d) => d.countersignExportDestruction);
    assert.equal((await svc.gql('mutation { countersignExportDestruction(exportId: "x") { __typename } }', {}, tok.biz1)).body.errors?.[0].extensions?.code, 'FORBIDDEN');
    assert.deepEqual(await cs('ops1'), { countersignedBy: 'ops1' });
    assert.match((await cs('gov1')).message, /already countersigned by ops1/);
    assert.deepEqual(await todos('ops1'), []);
    const d = await destructionOf(svc.graph, exportId);
    assert.equal(d?.confirmedBy, 'biz1');
    assert.equal(d?.countersignedBy, 'ops1');
    assert.equal(d?.method, 'secure_delete');
    const events = (await svc.audit.store.list({ filters: { exportId }, first: 50 })).events.map((e) => e.action);
    assert.ok(events.includes('export.destroy.confirm') && events.includes('export.destroy.countersign'), events.join());
  });

  test('a transfer to a regulator: refused without legal basis or checker for grade 3-4, then registered', async () => {
    const reg = (input: Record<string, unknown>) => gql('biz1', 'mutation($i: TransferInput!) { registerTransfer(input: $i) { ... on Transfer { id grade checker checkerDesignated exportId recipientKind } ... on Error { __typename message } } }', { i: input }).then((d) => d.registerTransfer);
    const base = { recipientKind: 'regulator', recipient: '中国证监会北京监管局', legalBasis: '《证券基金经营机构信息技术管理办法》第四十条 监管报送', channel: '监管报送系统', columnIds: [col('email'), col('amount')], exportId };
    const count = async () => (await svc.graph.read<{ n: number }>('MATCH (t:Transfer) RETURN count(t) AS n'))[0].n;
    assert.match((await reg(base)).message, /grade 3 data; name the reporting checker/);
    assert.match((await reg({ ...base, checker: 'checker1', legalBasis: ' ' })).message, /legal basis/);
    assert.match((await reg({ ...base, checker: 'nobody' })).message, /not a user/);
    assert.equal(await count(), 0);
    const t = await reg({ ...base, checker: 'checker1' });
    assert.deepEqual({ ...t, id: undefined }, { id: undefined, grade: 3, checker: 'checker1', checkerDesignated: true, exportId, recipientKind: 'regulator' });
    assert.equal(await count(), 1);
    const low = await reg({ ...base, columnIds: [col('fund_code')], exportId: null });
    assert.equal(low.grade, 1, 'grade 1 data needs no checker');
    const list = (await gql('aud1', '{ transfers { id recipient } }')).transfers;
    assert.equal(list.length, 2);
  });

  test('retiring a grade 4 column waits for its owner, keeps the history and shows downstream impact', async () => {
    const rec = await gql('steward1', 'mutation($id: String!) { recordRetirement(kind: Column, id: $id, action: retired, reason: "客户姓名改由CRM统一管理") { ... on Retirement { id status grade ownerDepartment impact } ... on Error { message } } }', { id: col('cust_name') });
    const r = rec.recordRetirement;
    assert.equal(r.status, 'pending_owner', JSON.stringify(r));
    assert.equal(r.ownerDepartment, 'ops');
    assert.ok(Array.isArray(r.impact.columns));
    const decide = (who: string) => gql(who, 'mutation($id: String!) { approveRetirement(id: $id) { ... on Retirement { status decidedBy } ... on Error { message } } }', { id: r.id }).then((d) => d.approveRetirement);
    assert.deepEqual(await decide('ops1'), { status: 'approved', decidedBy: 'ops1' });
    assert.match((await decide('ops1')).message, /already approved/);
    const [c] = await svc.graph.read<{ retired: boolean }>('MATCH (c:Column {id: $id}) RETURN c.retired AS retired', { id: col('cust_name') });
    assert.equal(c.retired, true);
    const hist = (await gql('aud1', 'query($a: String!) { retirements(assetId: $a) { id status } }', { a: col('cust_name') })).retirements;
    assert.deepEqual(hist.map((h: any) => h.status), ['approved']);
  });

  async function generate(who: string, mutation: string, vars: Record<string, unknown>): Promise<Buffer> {
    const start = (await gql(who, mutation, vars));
    const job = Object.values(start)[0] as any;
    assert.ok(job.reportId, JSON.stringify(job));
    const j = await svc.waitJob(tok[who], job.jobId);
    assert.equal(j.status, 'succeeded', j.message);
    const l = (await gql(who, 'mutation($r: String!) { createReportDownloadLink(reportId: $r) { ... on ReportDownloadLink { url } ... on Error { message } } }', { r: job.reportId })).createReportDownloadLink;
    assert.ok(l.url, JSON.stringify(l));
    const anon = await fetch(`${svc.url}${l.url}`);
    assert.equal(anon.status, 401);
    assert.match(((await anon.json()) as { error: string }).error, /a report link works only for the user who generated it/);
    const other = await fetch(`${svc.url}${l.url}`, { headers: { authorization: `Bearer ${tok.aud1 === tok[who] ? tok.gov1 : tok.aud1}` } });
    assert.equal(other.status, 403, 'the link is the generator’s own');
    const res = await fetch(`${svc.url}${l.url}`, { headers: { authorization: `Bearer ${tok[who]}` } });
    assert.equal(res.status, 200);
    const buf = Buffer.from(await res.arrayBuffer());
    assert.equal((await fetch(`${svc.url}${l.url}`, { headers: { authorization: `Bearer ${tok[who]}` } })).status, 410, 'a link works once');
    const ev = (await svc.audit.store.list({ filters: { action: 'report.download', target: job.reportId }, first: 10 })).events;
    assert.ok(ev.some((e) => e.outcome === 'started'), 'the download is audited');
    return buf;
  }

  test('a scope that names nothing is refused before any job starts', async () => {
    for (const scope of ['', 'system:', 'system:无此系统', 'source:nope', 'department:nope', 'planet:mars']) {
      const r = await gql('steward1', 'mutation($s: String!) { generateInventoryReport(scope: $s, format: xlsx) { ... on ReportJob { jobId } ... on Error { __typename message } } }', { s: scope });
      assert.equal(r.generateInventoryReport.__typename, 'ReportError', `${scope}: ${JSON.stringify(r)}`);
    }
    const r = await gql('aud1', 'mutation { generateAuditReport(from: "2026-02-01", to: "2026-01-01", format: pdf) { ... on Error { message } } }');
    assert.match(r.generateAuditReport.message, /before/);
  });

  test('the inventory workbook holds every classified column of the scope exactly once with its grade', async () => {
    const buf = await generate('steward1', 'mutation { generateInventoryReport(scope: "system:TA", format: xlsx) { ... on ReportJob { jobId reportId } ... on Error { message } } }', {});
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as any);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['说明', '字段清单', '分级汇总', '分类汇总', '系统汇总', '分类树']);
    const ws = wb.getWorksheet('字段清单')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const idIdx = header.indexOf('字段ID Field id') + 1, gradeIdx = header.indexOf('级别 Grade') + 1, ownerIdx = header.indexOf('属主 Owner') + 1;
    const got = new Map<string, number>();
    let owner = '';
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const id = String(row.getCell(idIdx).value);
      assert.ok(!got.has(id), `${id} appears twice`);
      got.set(id, Number(row.getCell(gradeIdx).value));
      owner ||= String(row.getCell(ownerIdx).value);
    });
    const want = await svc.graph.read<{ id: string; grade: number }>("MATCH (c:Column {sourceId: 'ta-life'}) WHERE c.grade IS NOT NULL AND coalesce(c.dropped, false) = false AND coalesce(c.retired, false) = false RETURN c.id AS id, c.grade AS grade");
    assert.ok(want.length >= 4);
    assert.deepEqual([...got].sort(), want.map((w) => [w.id, w.grade]).sort());
    assert.ok(!got.has(col('cust_name')), 'a retired column leaves the inventory');
    assert.match(owner, /运营部|ops/);
    const sys = wb.getWorksheet('系统汇总')!;
    assert.equal(sys.getRow(2).getCell(1).value, 'TA');
    assert.equal(sys.getRow(2).getCell(2).value, want.length);
  });

  test('the inventory PDF renders: pages, Chinese text, a page as a picture', async (t) => {
    const buf = await generate('gov1', 'mutation { generateInventoryReport(scope: "firm", format: pdf) { ... on ReportJob { jobId reportId } ... on Error { message } } }', {});
    assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
    const file = join(tmp, 'inventory.pdf');
    writeFileSync(file, buf);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    if (info.error) { t.skip('poppler-utils is not installed'); return; }
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
    assert.ok(pages >= 3, `pages ${pages}`);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
    for (const s of ['数据分类分级清单', '各系统字段级别分布', '确认率', '数据标准符合度', '分类树', '字段清单', 'holders', '运营部']) assert.ok(text.includes(s), `the PDF text holds ${s}`);
    spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(tmp, 'page')]);
    assert.ok(existsSync(join(tmp, 'page-1.png')) || existsSync(join(tmp, 'page-01.png')));
    if (process.env.FUNDGOV_KEEP_PDF) writeFileSync(process.env.FUNDGOV_KEEP_PDF, buf);
  });

  test('the audit report names requests, approvals, exports, transfers, destructions and exceptions', async () => {
    // an attempted self-approval and a refused download are exceptions
    await svc.gql('mutation { approveAccessStep(approvalId: "nope") { __typename } }', {}, tok.biz1);
    const buf = await generate('aud1', 'mutation($f: String!, $t: String!) { generateAuditReport(from: $f, to: $t, format: xlsx) { ... on ReportJob { jobId reportId } ... on Error { message } } }', { f: day(-1), t: day(1) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as any);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['概要', '申请', '审批', '导出', '对外提供', '溯源', '销毁', '源数据退役与销毁', '异常']);
    assert.equal(wb.getWorksheet('申请')!.rowCount, 2);
    assert.equal(wb.getWorksheet('审批')!.rowCount, 3);
    assert.equal(wb.getWorksheet('导出')!.rowCount, 2);
    assert.equal(wb.getWorksheet('对外提供')!.rowCount, 3);
    assert.equal(wb.getWorksheet('销毁')!.getRow(2).getCell(1).value, exportId);
    const summary = wb.getWorksheet('概要')!;
    const lines: string[] = [];
    summary.eachRow((r) => lines.push(`${r.getCell(1).value}: ${r.getCell(2).value}`));
    assert.ok(lines.some((l) => /审计链校验.*intact/.test(l)), lines.join('\n'));
    const head = await svc.audit.store.head();
    assert.ok(lines.some((l) => l.startsWith('链头') && /hash [0-9a-f]{64}/.test(l)), lines.join('\n'));
    assert.ok(head);
    const ex: string[] = [];
    wb.getWorksheet('异常')!.eachRow((r, n) => { if (n > 1) ex.push(String(r.getCell(1).value)); });
    assert.ok(ex.some((k) => /denied action/.test(k)), ex.join());
  });

  test('the audit report as PDF', async (t) => {
    const buf = await generate('aud1', 'mutation($f: String!, $t: String!) { generateAuditReport(from: $f, to: $t, format: pdf) { ... on ReportJob { jobId reportId } ... on Error { message } } }', { f: day(-1), t: day(1) });
    const file = join(tmp, 'audit.pdf');
    writeFileSync(file, buf);
    const r = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    if (r.error) { t.skip('poppler-utils is not installed'); return; }
    for (const s of ['审计报告', '对外提供', '销毁', '异常', '中国证监会北京监管局']) assert.ok(r.stdout.includes(s), s);
  });
});
