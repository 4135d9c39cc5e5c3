// Issue 10 end to end over HTTP on the DEMO fund manager (one demo build, its source systems in a
// fresh database of the real PostgreSQL): an export expires, shows as overdue, is confirmed
// destroyed and countersigned; a transfer to a regulator is registered; the inventory workbook
// holds every classified column of the scope exactly once with its grade; the PDF renders; a
// leaked inventory workbook is traced to its report and a leaked export to its destroyed export.
//
// Time travel: an export's retention end is its request's end date plus the grade's retention days
// (grade 3: 0 days, 3 days' grace). The API only accepts end dates in the future, so once the file
// is downloaded the test moves the request's and the export's end date five days into the past in
// the graph, exactly what the passing of time would do.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import '../../server/domains.ts';
import { startTestService, type TestService } from '../helpers/service.ts';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `fg_demo_life_${process.pid}_${Date.now() % 100000}`;
const DEMO_URL = (() => { const u = new URL(PG_URL); u.pathname = `/${dbName}`; return u.toString(); })();
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const tmp = mkdtempSync(join(tmpdir(), 'fundgov-lifecycle-demo-'));
const TA = 'demo-src-ta';

describe('lifecycle on the demo fund manager', () => {
  let svc: TestService;
  const tok: Record<string, string> = {};
  const admin = new pg.Client({ connectionString: PG_URL });
  let exportId = '';
  let exportFile: Buffer = Buffer.alloc(0);
  let inventory: Buffer = Buffer.alloc(0);
  let inventoryReportId = '';

  const gql = async (who: string, query: string, variables: Record<string, unknown> = {}) => {
    const r = await svc.gql(query, variables, tok[who]);
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    return r.body.data;
  };

  before(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    svc = await startTestService({ FUNDGOV_DEMO: '1', DEMO_DATABASE_URL: DEMO_URL });
    for (const id of ['fengjia', 'yangfan', 'sunli', 'liuyang', 'wangqiang', 'majie']) tok[id] = await svc.token(id);
  });

  after(async () => {
    await svc?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  test('a demo export expires, shows as overdue, is confirmed destroyed and countersigned', async () => {
    const [ds] = await svc.graph.read<{ id: string }>("MATCH (d:Dataset {sourceId: $s, name: 'taccoinfo'}) RETURN d.id AS id", { s: TA });
    assert.ok(ds, 'the demo harvested TA 账户信息 (ta.taccoinfo)');
    const cols = await svc.graph.read<{ id: string; grade: number }>('MATCH (d:Dataset {id: $id})-[:HAS_COLUMN]->(c:Column) WHERE c.grade IS NOT NULL RETURN c.id AS id, c.grade AS grade ORDER BY c.id', { id: ds.id });
    // names, ID numbers and dates: cells that carry the export's watermark
    const picked = ['c_custname', 'c_identityno', 'd_opendate'].map((n) => `${ds.id}/${n}`);
    assert.deepEqual(cols.filter((c) => picked.includes(c.id)).map((c) => c.grade), [3, 3, 2], JSON.stringify(cols));
    const r = (await gql('fengjia', 'mutation($i: AccessRequestInput!) { requestAccess(input: $i) { ... on AccessRequest { id grade approvals { id department kind } } ... on Error { message } } }',
      { i: { columnIds: picked, purpose: '季度账户核对', endDate: day(10) } })).requestAccess;
    assert.ok(r.id, JSON.stringify(r));
    assert.equal(r.grade, 3);
    const approve = (who: string, id: string) => gql(who, 'mutation($a: String!) { approveAccessStep(approvalId: $a) { ... on AccessRequest { status exports { id } } ... on Error { message } } }', { a: id }).then((d) => d.approveAccessStep);
    let last: any = null;
    for (const a of r.approvals) last = await approve(a.kind === 'owner' ? 'yangfan' : 'sunli', a.id);
    assert.equal(last.status, 'approved', JSON.stringify({ last, approvals: r.approvals }));
    exportId = last.exports[0].id;
    const link = (await gql('fengjia', 'mutation($e: String!) { createDownloadLink(exportId: $e) { ... on DownloadLink { url } ... on Error { message } } }', { e: exportId })).createDownloadLink;
    const res = await fetch(`${svc.url}${link.url}`, { headers: { authorization: `Bearer ${tok.fengjia}` } });
    assert.equal(res.status, 200);
    exportFile = Buffer.from(await res.arrayBuffer());

    const todos = async (who: string) => (await gql(who, '{ myDestructionTodos { role item { exportId state daysOverdue grade } } }')).myDestructionTodos;
    assert.deepEqual(await todos('fengjia'), [], 'within its retention the export is not due');
    await svc.graph.write('MATCH (r:AccessRequest {id: $id}) SET r.endDate = $d', { id: r.id, d: day(-5) });
    await svc.graph.write('MATCH (e:Export {id: $id}) SET e.endDate = $d', { id: exportId, d: day(-5) });

    assert.deepEqual((await todos('fengjia')).map((t: any) => [t.role, t.item.exportId, t.item.state, t.item.daysOverdue, t.item.grade]), [['requester', exportId, 'escalated', 5, 3]]);
    assert.deepEqual((await todos('yangfan')).map((t: any) => [t.role, t.item.exportId]), [['approver', exportId]]);
    const overdue = (await gql('liuyang', '{ overdueExportDestructions { exportId requester state } }')).overdueExportDestructions;
    assert.deepEqual(overdue, [{ exportId, requester: 'fengjia', state: 'escalated' }]);

    const confirm = (who: string, h: string | null) => gql(who, `mutation($e: String!, $h: String, $at: String!) { confirmExportDestruction(exportId: $e, method: secure_delete, description: "办公电脑一份，已用安全删除工具擦除", destroyedAt: $at, copies: 1, fileHash: $h) {
      ... on ExportDestruction { confirmedBy countersignRequired hashMatches } ... on Error { __typename message } } }`, { e: exportId, h, at: new Date().toISOString() }).then((d) => d.confirmExportDestruction);
    assert.match((await confirm('yangfan', null)).message, /only the requester/);
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(exportFile).digest('hex');
    assert.deepEqual(await confirm('fengjia', hash), { confirmedBy: 'fengjia', countersignRequired: true, hashMatches: true });
    assert.match((await confirm('fengjia', null)).message, /already confirmed/);
    assert.deepEqual((await todos('yangfan')).map((t: any) => t.item.state), ['awaiting_countersign']);
    const cs = (await gql('yangfan', 'mutation($e: String!) { countersignExportDestruction(exportId: $e) { ... on ExportDestruction { countersignedBy } ... on Error { message } } }', { e: exportId })).countersignExportDestruction;
    assert.deepEqual(cs, { countersignedBy: 'yangfan' });
    assert.deepEqual(await todos('yangfan'), []);
    assert.deepEqual((await gql('liuyang', '{ overdueExportDestructions { exportId } }')).overdueExportDestructions, []);
    const actions = (await svc.audit.store.list({ filters: { exportId }, first: 50 })).events.map((e) => e.action);
    for (const a of ['export.retention.escalate', 'export.destroy.confirm', 'export.destroy.countersign']) assert.ok(actions.includes(a), `${a} in ${actions.join()}`);
  });

  test('a transfer of the demo data to a regulator is registered with its checker', async () => {
    const cols = (await svc.graph.read<{ id: string }>("MATCH (e:Export {id: $id}) RETURN e.columnIds AS id", { id: exportId }))[0].id as unknown as string[];
    const reg = (input: Record<string, unknown>) => gql('fengjia', 'mutation($i: TransferInput!) { registerTransfer(input: $i) { ... on Transfer { id grade checker checkerDesignated exportId recipientKind recipient } ... on Error { __typename message } } }', { i: input }).then((d) => d.registerTransfer);
    const base = { recipientKind: 'regulator', recipient: '中国证监会上海监管局', legalBasis: '《公开募集证券投资基金运作管理办法》 监管报送', channel: '监管报送系统', columnIds: cols, exportId };
    assert.equal((await reg(base)).__typename, 'TransferError', 'grade 3 data without a checker is refused');
    const t = await reg({ ...base, checker: 'yangfan' });
    assert.deepEqual({ ...t, id: typeof t.id }, { id: 'string', grade: 3, checker: 'yangfan', checkerDesignated: true, exportId, recipientKind: 'regulator', recipient: '中国证监会上海监管局' });
    const list = (await gql('majie', '{ transfers { id recipient checker } }')).transfers;
    assert.deepEqual(list.map((x: any) => [x.id, x.checker]), [[t.id, 'yangfan']]);
  });

  async function generate(who: string, scope: string, format: 'xlsx' | 'pdf'): Promise<{ buf: Buffer; reportId: string }> {
    const job = (await gql(who, `mutation($s: String!) { generateInventoryReport(scope: $s, format: ${format}) { ... on ReportJob { jobId reportId } ... on Error { message } } }`, { s: scope })).generateInventoryReport;
    assert.ok(job.reportId, JSON.stringify(job));
    const j = await svc.waitJob(tok[who], job.jobId);
    assert.equal(j.status, 'succeeded', j.message);
    assert.equal(j.done, j.total, 'the job reports its progress to the end');
    const l = (await gql(who, 'mutation($r: String!) { createReportDownloadLink(reportId: $r) { ... on ReportDownloadLink { url } ... on Error { message } } }', { r: job.reportId })).createReportDownloadLink;
    const res = await fetch(`${svc.url}${l.url}`, { headers: { authorization: `Bearer ${tok[who]}` } });
    assert.equal(res.status, 200);
    return { buf: Buffer.from(await res.arrayBuffer()), reportId: job.reportId };
  }

  test('the demo inventory workbook holds every classified column of the TA source exactly once with its grade', async () => {
    ({ buf: inventory, reportId: inventoryReportId } = await generate('wangqiang', `source:${TA}`, 'xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(inventory as any);
    const ws = wb.getWorksheet('字段清单')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const idIdx = header.indexOf('字段ID Field id') + 1, gradeIdx = header.indexOf('级别 Grade') + 1;
    assert.ok(idIdx > 0 && gradeIdx > 0, header.join('|'));
    const got = new Map<string, number>();
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const id = String(row.getCell(idIdx).value);
      assert.ok(!got.has(id), `${id} appears twice`);
      got.set(id, Number(row.getCell(gradeIdx).value));
    });
    const want = await svc.graph.read<{ id: string; grade: number }>('MATCH (c:Column {sourceId: $s}) WHERE c.grade IS NOT NULL AND coalesce(c.dropped, false) = false AND coalesce(c.retired, false) = false RETURN c.id AS id, c.grade AS grade', { s: TA });
    assert.ok(want.length > 50, `the demo TA source has ${want.length} classified columns`);
    assert.deepEqual([...got].sort(), want.map((w) => [w.id, w.grade] as [string, number]).sort());
    const grades = wb.getWorksheet('分级汇总')!;
    let total = 0;
    grades.eachRow((row, n) => { if (n >= 2 && n <= 5) total += Number(row.getCell(2).value); });
    assert.equal(total, want.length, 'the grade summary adds up to the field list');
  });

  test('a leaked inventory workbook is traced to its report; a leaked export to its destroyed export', async () => {
    // the leak: the field list only, half its rows, re-saved by a spreadsheet
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(inventory as any);
    const src = wb.getWorksheet('字段清单')!;
    const leak = new ExcelJS.Workbook();
    const ws = leak.addWorksheet('Sheet1');
    src.eachRow((row, n) => { if (n % 2 === 0 || n === 1) ws.addRow((row.values as unknown[]).slice(1)); });
    const leaked = Buffer.from(await leak.xlsx.writeBuffer());
    const q = 'mutation($f: String!) { traceLeak(fileBase64: $f) { ... on LeakTrace { match kind exportId reportId report destroyed request candidates rowsRead rows agreeingRows carrierBits agreeingBits falsePositiveProbability runnerUp { exportId } } ... on Error { message } } }';
    const a = (await gql('majie', q, { f: leaked.toString('base64') })).traceLeak;
    assert.equal(a.match, true, JSON.stringify(a));
    assert.equal(a.kind, 'report');
    assert.equal(a.exportId, null);
    assert.equal(a.reportId, inventoryReportId);
    assert.equal(a.report.generatedBy, 'wangqiang');
    assert.equal(a.report.scope, `source:${TA}`);
    assert.equal(a.report.kind, 'inventory');
    assert.match(a.report.generatedAt, /^\d{4}-\d{2}-\d{2}T/);

    const e = (await gql('majie', q, { f: exportFile.toString('base64') })).traceLeak;
    assert.equal(e.match, true, JSON.stringify({ ...e, request: undefined }));
    assert.equal(e.kind, 'export');
    assert.equal(e.exportId, exportId);
    assert.equal(e.reportId, null);
    assert.equal(e.request.requester, 'fengjia');
    assert.equal(e.destroyed?.confirmedBy, 'fengjia', 'a leak of an export confirmed destroyed is flagged');
  });

  test('the demo inventory PDF renders: page count, Chinese text, a page as a picture', async (t) => {
    const { buf } = await generate('wangqiang', 'system:TA', 'pdf');
    assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
    const file = join(tmp, 'inventory.pdf');
    writeFileSync(file, buf);
    if (process.env.FUNDGOV_KEEP_PDF) writeFileSync(process.env.FUNDGOV_KEEP_PDF, buf);
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    if (info.error) { t.skip('poppler-utils is not installed'); return; }
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
    assert.ok(pages >= 3, `pages ${pages}`);
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
    for (const s of ['数据分类分级清单', '各系统字段级别分布', '确认率', '分类树', '字段清单', 'taccoinfo', '运营部']) assert.ok(text.includes(s), `the PDF text holds ${s}`);
    spawnSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, join(tmp, 'page')]);
    const png = readdirSync(tmp).find((n) => /^page-0*1\.png$/.test(n));
    assert.ok(png, readdirSync(tmp).join());
    if (process.env.FUNDGOV_KEEP_PNG) writeFileSync(process.env.FUNDGOV_KEEP_PNG, await sharp(join(tmp, png)).toBuffer());
    // the first page is an A4 page with ink on it (title and charts), not blank
    const img = sharp(join(tmp, png));
    const meta = await img.metadata();
    assert.ok(Math.abs(Math.max(meta.width!, meta.height!) / Math.min(meta.width!, meta.height!) - Math.SQRT2) < 0.02, `${meta.width}x${meta.height} is an A4 page`);
    const stats = await img.stats();
    assert.ok(stats.channels[0].min < 100, 'the page has dark ink');
    assert.ok(stats.channels.some((c) => c.stdev > 10), 'the page is not one flat colour');
  });
});
